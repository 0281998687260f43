"""Reads for the regional portal, shaped for its pages; each runs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone, translation

from grants.models import (
    AllocationLine,
    AllocationRun,
    Deadline,
    DeadlineExtension,
    GrantProgramme,
    PayoutBatch,
    Requisition,
    RequisitionLine,
)
from grants.readcache import cached
from grants.requisitions import PERFORMANCE_RULES, DeadlineState
from regions.models import Region
from reporting.models import FollowUpReport, Survey, SurveyResponse
from reporting.standing import region_standings

REGIONAL_DEADLINES = {
    Deadline.Kind.REQUISITION,
    Deadline.Kind.SURVEY,
    Deadline.Kind.DATA_DELIVERY,
    Deadline.Kind.FOLLOW_UP_REPORT,
    Deadline.Kind.REPAYMENT,
}


@dataclass
class ProgrammeCard:
    """One programme as the region sees it on its home page."""

    programme: GrantProgramme
    lines: list[AllocationLine] = field(default_factory=list)
    requisition: Requisition | None = None
    requisition_deadline: DeadlineState | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    surveys: list[tuple[Survey, SurveyResponse | None, date]] = field(default_factory=list)
    follow_up: FollowUpReport | None = None
    follow_up_extended_until: date | None = None
    standing: object = None  # reporting.standing.Standing: the region's standing in performance-based parts

    @property
    def allocated(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def performance_based(self) -> bool:
        return any(c.rule in PERFORMANCE_RULES for c in self.programme.components.all())

    @property
    def requisitioned(self) -> bool:
        """Return whether any part of the programme is paid on requisition."""
        return any(c.paid_on_requisition for c in self.programme.components.all())

    @property
    def has_operation_tariff(self) -> bool:
        return any(c.rule == "operation_tariff" for c in self.programme.components.all())

    @property
    def has_monthly_data(self) -> bool:
        return self.performance_based

    @property
    def has_activity_plan(self) -> bool:
        from reporting.planning import has_activity_plan

        return has_activity_plan(self.programme)

    @property
    def follow_up_deadline(self):
        """Return the last day for the follow-up report, an extension for the region included."""
        last = next((d.date for d in self.deadlines if d.kind == Deadline.Kind.FOLLOW_UP_REPORT), None)
        if last and self.follow_up_extended_until:
            return max(last, self.follow_up_extended_until)
        return last


def latest_lines_for_region(region: Region):
    """Return the region's lines in each programme's newest successful run, with component and run."""
    latest = (
        AllocationRun.objects.filter(programme=OuterRef("run__programme"), status=AllocationRun.Status.SUCCEEDED)
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        AllocationLine.objects.filter(region=region, run_id=Subquery(latest))
        .select_related("component", "run")
        .order_by("component__position")
    )


def home_cards(region: Region, *, today: date | None = None) -> list[ProgrammeCard]:
    """Return the region's programmes with allocation, requisition, deadlines, surveys, follow-up and standing.

    Cached until the data is written (grants.readcache); otherwise nine queries whatever the programmes: the
    standing in performance-based parts reads the runs already loaded, and the operations of every tariff part in
    one query.
    """
    today = today or timezone.localdate()
    # The cards hold chart titles and labels in the language of the page, so each language has its own entry.
    language = translation.get_language() or "sv"
    return cached(f"home:{language}:{region.pk}:{today.isoformat()}", lambda: _home_cards(region, today))


def _home_cards(region: Region, today: date) -> list[ProgrammeCard]:
    programmes = [
        p
        for p in GrantProgramme.objects.visible_to_regions().prefetch_related("deadlines", "components")
        if p.receives(region)
    ]
    cards = {p.pk: ProgrammeCard(programme=p) for p in programmes}
    lines = [line for line in latest_lines_for_region(region) if line.run.programme_id in cards]
    for line in lines:
        cards[line.run.programme_id].lines.append(line)
    for programme_id, standing in region_standings(lines, region).items():
        cards[programme_id].standing = standing
    for requisition in Requisition.objects.filter(region=region, programme__in=list(cards)):
        cards[requisition.programme_id].requisition = requisition
    extensions = {(e.programme_id, e.kind): e.until for e in DeadlineExtension.objects.filter(region=region)}
    responses = {r.survey_id: r for r in SurveyResponse.objects.filter(region=region)}
    for survey in Survey.objects.filter(programme__in=list(cards)):
        extended = extensions.get((survey.programme_id, Deadline.Kind.SURVEY))
        closes = max(survey.closes_on, extended) if extended else survey.closes_on
        cards[survey.programme_id].surveys.append((survey, responses.get(survey.pk), closes))
    for report in FollowUpReport.objects.filter(region=region, programme__in=list(cards)):
        cards[report.programme_id].follow_up = report
    for card in cards.values():
        deadlines = [d for d in card.programme.deadlines.all() if d.kind in REGIONAL_DEADLINES]
        card.deadlines = deadlines
        card.follow_up_extended_until = extensions.get((card.programme.pk, Deadline.Kind.FOLLOW_UP_REPORT))
        requisition_dates = [d.date for d in deadlines if d.kind == Deadline.Kind.REQUISITION]
        card.requisition_deadline = DeadlineState(
            deadline=max(requisition_dates) if requisition_dates else None,
            extended_until=extensions.get((card.programme.pk, Deadline.Kind.REQUISITION)),
            today=today,
        )
    return [cards[p.pk] for p in programmes]


def requisition_for_page(programme: GrantProgramme, region: Region) -> Requisition | None:
    """Return the region's requisition for the programme with its measures and signer, or None."""
    return (
        Requisition.objects.filter(programme=programme, region=region)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("measures"), Prefetch("lines", queryset=RequisitionLine.objects.select_related("component"))
        )
        .first()
    )


def programme_with_measures(code: str) -> GrantProgramme | None:
    """Return the programme with this code, its measures and components loaded."""
    return GrantProgramme.objects.prefetch_related("measures", "components").filter(code=code).first()


def regions_for_chooser(user) -> list[Region]:
    """Return the regions the user may act for, for the start page of an intermediary."""
    from regions.access import acting_regions

    return list(acting_regions(user))


def monthly_status(region: Region, slots, months: list[tuple[int, int]]) -> list[dict]:
    """Return per (year, month): how many values are asked for and how many the region has delivered (1 query)."""
    from django.db.models import Count

    from reporting.models import MonthlyValue

    asked: dict[tuple[int, int], int] = {}
    for slot in slots:
        for month in slot.months:
            asked[(slot.year, month)] = asked.get((slot.year, month), 0) + len(slot.providers)
    wanted = {(s.indicator, s.year) for s in slots}
    delivered: dict[tuple[int, int], int] = {}
    rows = (
        MonthlyValue.objects.filter(
            region=region, indicator__in={i for i, _ in wanted}, year__in={y for _, y in wanted}
        )
        .values_list("indicator", "year", "month")
        .annotate(n=Count("pk"))
    )
    for indicator, year, month, count in rows:
        if (indicator, year) in wanted:
            delivered[(year, month)] = delivered.get((year, month), 0) + count
    from grants.dates import month_name

    return [
        {
            "year": y,
            "month": m,
            "label": f"{month_name(m)} {y}",
            "asked": asked[(y, m)],
            "delivered": min(delivered.get((y, m), 0), asked[(y, m)]),
        }
        for y, m in months
    ]


def monthly_values_for_month(region: Region, slots, year: int, month: int) -> dict:
    """Return (indicator, provider) -> value the region has delivered for the month."""
    from reporting.models import MonthlyValue

    indicators = {s.indicator for s in slots if s.year == year}
    return {
        (v.indicator, v.provider): v.value
        for v in MonthlyValue.objects.filter(region=region, year=year, month=month, indicator__in=indicators)
    }


def template_rows(user, slots) -> tuple[list[Region], list]:
    """Return the regions the user delivers for and their values already delivered, for the Excel template."""
    from regions.access import acting_regions
    from reporting.models import MonthlyValue

    regions = list(acting_regions(user))
    existing = MonthlyValue.objects.filter(
        region__in=regions, indicator__in={s.indicator for s in slots}, year__in={s.year for s in slots}
    )
    return regions, list(existing)


def programmes_with_monthly_data() -> list[GrantProgramme]:
    """Return the programmes that ask for monthly data, with their components."""
    from reporting.delivery import slots_for_components

    programmes = GrantProgramme.objects.visible_to_regions().prefetch_related("components")
    return [p for p in programmes if slots_for_components(p.components.all())]


@dataclass
class RegionMoney:
    """A region's money in one programme: its allocation per part, each payout and each claim."""

    parts: list = field(default_factory=list)  # (PartAllocation, the region's amount, paid to the region)
    payouts: list = field(default_factory=list)
    claims: list = field(default_factory=list)

    @property
    def allocated(self) -> int:
        return sum(amount for _, amount, _ in self.parts)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payouts if p.batch.status == PayoutBatch.Status.PAID)

    @property
    def claimed(self) -> int:
        return sum(c.claimed for c in self.claims)

    @property
    def repaid(self) -> int:
        return sum(c.paid_total for c in self.claims)

    @property
    def outstanding(self) -> int:
        return sum(c.outstanding for c in self.claims)


def region_money(programme: GrantProgramme, region: Region) -> RegionMoney:
    """Return the region's allocation per part, payout decisions approved or paid, and claims (6 queries).

    "Mottaget" on the follow-up report is what these paid decisions paid (grants.selectors.amount_paid).
    """
    from grants.models import Payout, Repayment
    from grants.money import part_allocations, with_claim_totals

    payouts = list(
        Payout.objects.filter(
            batch__programme=programme,
            region=region,
            batch__status__in=[PayoutBatch.Status.APPROVED, PayoutBatch.Status.PAID],
        )
        .select_related("batch", "component")
        .order_by("batch__payout_date", "batch_id", "component__position")
    )
    paid: dict[int, int] = {}
    for payout in payouts:
        if payout.batch.status == PayoutBatch.Status.PAID:
            paid[payout.component_id] = paid.get(payout.component_id, 0) + payout.amount
    parts = [
        (part, part.by_region.get(region.pk, 0), paid.get(part.component.pk, 0))
        for part in part_allocations(programme).values()
    ]
    claims = list(
        with_claim_totals(Repayment.objects.filter(programme=programme, region=region))
        .select_related("component")
        .order_by("created_at")
    )
    return RegionMoney(parts=parts, payouts=payouts, claims=claims)
