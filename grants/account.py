"""The programme's final account (ekonomisk redovisning): frame to settlement, with the reconciliation rules.

DESIGN §6. Every figure is read from its own source — the frame and own costs from the programme, allocations and
what each run says it left unallocated from the runs, payments from paid payout decisions, claims and what came in
from the claims — and the rules R1–R5 check that they agree to the krona:

R1  frame = allocated to the regions + own costs used + not used
R2  each part: its amount = Σ region lines + what the run states it left unallocated, in a final run
R3  each region and part: paid ≤ allocated (allocated = paid + not paid out)
R4  each claim: claimed ≤ paid, repaid ≤ claimed
R5  returned to Kammarkollegiet = not used + not paid out + repaid
"""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants import l10n
from regions.models import Region

from .models import GrantProgramme, Payout, PayoutBatch, Repayment, RepaymentPayment, Requisition, RequisitionLine
from .money import PartAllocation, claim_totals, part_allocations, payout_totals, with_claim_totals


@dataclass
class Figures:
    """Money of one region in one part, or a sum of such."""

    allocated: int = 0
    requisitioned: int = 0
    paid: int = 0
    claimed: int = 0
    repaid: int = 0

    @property
    def not_paid(self) -> int:
        return self.allocated - self.paid

    @property
    def outstanding(self) -> int:
        return self.claimed - self.repaid

    @property
    def net(self) -> int:
        """Return what the region keeps: paid less repaid."""
        return self.paid - self.repaid

    def add(self, other: "Figures") -> None:
        self.allocated += other.allocated
        self.requisitioned += other.requisitioned
        self.paid += other.paid
        self.claimed += other.claimed
        self.repaid += other.repaid


@dataclass
class RegionLine:
    region: Region
    figures: Figures


@dataclass
class PartAccount:
    """A part of the programme: its amount, allocation, what is left unallocated, and the money per region."""

    part: PartAllocation
    regions: list[RegionLine] = field(default_factory=list)
    totals: Figures = field(default_factory=Figures)

    @property
    def component(self):
        return self.part.component

    @property
    def unallocated(self) -> int:
        """Return what the run states it left unallocated (or the difference, for a run that did not state it)."""
        if self.part.stated_unallocated is not None:
            return self.part.stated_unallocated
        return self.part.unallocated


@dataclass
class Rule:
    code: str
    title: str
    met: bool
    detail: str
    failures: list[str] = field(default_factory=list)
    # The detail in Swedish, as the closing account keeps it whatever language the page is read in.
    stored_detail: str = ""


@dataclass
class FinalAccount:
    programme: GrantProgramme
    parts: list[PartAccount]
    claims: list[Repayment]
    own_costs_ceiling: int
    own_costs_ceiling_stated: bool
    open_batches: int
    open_requisitions: int
    # Money as the payment and repayment records have it, summed on their own rather than part by part (R5).
    paid_out: int = 0
    repaid_in: int = 0
    totals: Figures = field(default_factory=Figures)
    rules: list[Rule] = field(default_factory=list)

    @property
    def frame(self) -> int:
        return self.programme.frame

    @property
    def parts_amount(self) -> int:
        return sum(p.component.amount for p in self.parts)

    @property
    def own_costs_used(self) -> int:
        return self.programme.own_costs_used or 0

    @property
    def frame_not_assigned(self) -> int:
        """Return the frame the decision assigns neither to the parts nor to the agency's own costs."""
        return self.frame - self.parts_amount - self.own_costs_ceiling

    @property
    def own_costs_not_used(self) -> int:
        return self.own_costs_ceiling - self.own_costs_used

    @property
    def unallocated(self) -> int:
        return sum(p.unallocated for p in self.parts)

    @property
    def not_used(self) -> int:
        """Return the frame neither allocated to the regions nor used by the agency, from its three sources."""
        return self.frame_not_assigned + self.own_costs_not_used + self.unallocated

    @property
    def not_paid_out(self) -> int:
        """Return what was allocated but never paid (a region that did not requisition, a rejected requisition)."""
        return sum(max(line.figures.not_paid, 0) for part in self.parts for line in part.regions)

    @property
    def overpaid(self) -> int:
        """Return what regions were paid beyond a part's allocation (after a corrected final run)."""
        return sum(max(line.figures.paid - line.figures.allocated, 0) for part in self.parts for line in part.regions)

    @property
    def to_return(self) -> int:
        """Return what goes back to Kammarkollegiet: everything not kept by a region or used by the agency.

        Kept by the regions is what every paid payout decision paid less every payment received on a claim, summed
        from those records directly; R5 checks it against the frame's parts, summed region by region.
        """
        return self.frame - (self.paid_out - self.repaid_in) - self.own_costs_used

    @property
    def receivables(self) -> list[Repayment]:
        return [claim for claim in self.claims if claim.outstanding > 0]

    @property
    def rules_met(self) -> bool:
        return all(rule.met for rule in self.rules)

    @property
    def blockers(self) -> list[str]:
        """Return what must be done before the programme can be closed, beyond the rules."""
        found = []
        if self.programme.own_costs_used is None:
            found.append(_("Socialstyrelsens använda förvaltningsmedel (egna kostnader) är inte registrerade."))
        if self.open_batches:
            found.append(
                ngettext(
                    "%(count)s utbetalningsbeslut är inte attesterat och utbetalt.",
                    "%(count)s utbetalningsbeslut är inte attesterade och utbetalda.",
                    self.open_batches,
                )
                % {"count": self.open_batches}
            )
        if self.open_requisitions:
            found.append(
                ngettext(
                    "%(count)s rekvisition väntar på granskning eller komplettering.",
                    "%(count)s rekvisitioner väntar på granskning eller komplettering.",
                    self.open_requisitions,
                )
                % {"count": self.open_requisitions}
            )
        return found

    @property
    def can_close(self) -> bool:
        return self.rules_met and not self.blockers and not self.programme.is_closed


def final_account(programme: GrantProgramme) -> FinalAccount:
    """Return the programme's final account with R1–R5 checked, in a fixed number of queries."""
    programme = GrantProgramme.objects.get(pk=programme.pk)  # own costs and status as stored, never a stale copy
    parts = part_allocations(programme)
    paid = payout_totals(programme, paid_only=True)
    claims = claim_totals(programme)
    requisitioned: dict[tuple[int, int], int] = {}
    for component_id, region_id, amount in RequisitionLine.objects.filter(
        requisition__programme=programme,
        requisition__status__in=[Requisition.Status.SUBMITTED, Requisition.Status.APPROVED],
    ).values_list("component_id", "requisition__region_id", "amount"):
        requisitioned[(component_id, region_id)] = amount
    receiving = programme.recipient_codes()  # a region outside the recipients shows only if it has records
    touched = {region for _component, region in (*paid, *requisitioned)} | set(claims.by_region)
    regions = [
        region
        for region in Region.objects.order_by("code")
        if receiving is None or region.code in receiving or region.pk in touched
    ]
    ceiling_stated = programme.admin_allowance > 0
    parts_amount = sum(p.component.amount for p in parts.values())
    account = FinalAccount(
        programme=programme,
        parts=[],
        claims=list(
            with_claim_totals(Repayment.objects.filter(programme=programme))
            .select_related("region", "component")
            .order_by("region__code", "created_at")
        ),
        own_costs_ceiling=programme.admin_allowance if ceiling_stated else max(programme.frame - parts_amount, 0),
        own_costs_ceiling_stated=ceiling_stated,
        open_batches=programme.payout_batches.exclude(status=PayoutBatch.Status.PAID).count(),
        open_requisitions=programme.requisitions.filter(
            status__in=[Requisition.Status.SUBMITTED, Requisition.Status.RETURNED]
        ).count(),
        paid_out=Payout.objects.filter(batch__programme=programme, batch__status=PayoutBatch.Status.PAID).aggregate(
            total=Sum("amount")
        )["total"]
        or 0,
        repaid_in=RepaymentPayment.objects.filter(repayment__programme=programme).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0,
    )
    for part in parts.values():
        part_account = PartAccount(part=part)
        for region in regions:
            key = (part.component.pk, region.pk)
            figures = Figures(
                allocated=part.by_region.get(region.pk, 0),
                requisitioned=requisitioned.get(key, 0),
                paid=paid.get(key, 0),
                claimed=claims.by_part.get(key, 0),
                repaid=claims.repaid_by_part.get(key, 0),
            )
            part_account.regions.append(RegionLine(region, figures))
            part_account.totals.add(figures)
        account.parts.append(part_account)
        account.totals.add(part_account.totals)
    # Claims on the whole programme (from a follow-up report) belong to no part: count them in the totals.
    whole_claimed = sum(claims.by_region.values()) - account.totals.claimed
    whole_repaid = sum(claims.repaid_by_region.values()) - account.totals.repaid
    account.totals.claimed += whole_claimed
    account.totals.repaid += whole_repaid
    account.rules = _rules(account, paid, claims)
    return account


def _in_both(detail) -> tuple[str, str]:
    """Return a rule's detail in the active language and in Swedish, the language the closing account keeps."""
    with translation.override("sv"):
        swedish = detail()
    return detail(), swedish


def _rules(account: FinalAccount, paid: dict, claims) -> list[Rule]:
    kr = l10n.kr
    totals = account.totals
    r1_failures = []
    if account.own_costs_used > account.own_costs_ceiling:
        r1_failures.append(
            _("Använda förvaltningsmedel %(used)s är mer än taket %(ceiling)s.")
            % {"used": kr(account.own_costs_used), "ceiling": kr(account.own_costs_ceiling)}
        )
    if account.programme.own_costs_used is None:
        r1_failures.append(_("Använda förvaltningsmedel är inte registrerade."))
    r1_sum = totals.allocated + account.own_costs_used + account.not_used
    if r1_sum != account.frame:
        r1_failures.append(
            _("Summan är %(sum)s, inte ramen %(frame)s.") % {"sum": kr(r1_sum), "frame": kr(account.frame)}
        )
    if account.not_used < 0:
        r1_failures.append(
            _("Ramen överskrids med %(excess)s: fördelat och förvaltningsmedel är mer än ramen.")
            % {"excess": kr(-account.not_used)}
        )
    r1_detail, r1_stored = _in_both(
        lambda: f"{kr(account.frame)} = {kr(totals.allocated)} + {kr(account.own_costs_used)} + {kr(account.not_used)}"
    )
    r1 = Rule(
        "R1",
        _("Ramen = fördelat till regionerna + använda förvaltningsmedel + ej använt"),
        not r1_failures,
        r1_detail,
        r1_failures,
        r1_stored,
    )

    r2_failures = []
    for part in account.parts:
        name = part.component.name
        if not part.part.computed:
            r2_failures.append(_("%(part)s: fördelningen är inte beräknad.") % {"part": name})
            continue
        if part.part.provisional:
            r2_failures.append(
                _("%(part)s: körning %(number)s är preliminär, inte slutlig.")
                % {"part": name, "number": part.part.run_number}
            )
        stated = part.part.stated_unallocated
        if stated is not None and stated != part.part.unallocated:
            r2_failures.append(
                _("%(part)s: körningen anger %(stated)s ofördelat men raderna lämnar %(left)s.")
                % {"part": name, "stated": kr(stated), "left": kr(part.part.unallocated)}
            )
        if part.component.amount != part.totals.allocated + part.unallocated:
            r2_failures.append(
                f"{name}: {kr(part.component.amount)} ≠ {kr(part.totals.allocated)} + {kr(part.unallocated)}."
            )
    r2_detail, r2_stored = _in_both(
        lambda: "; ".join(
            f"{p.component.name}: {kr(p.component.amount)} = {kr(p.totals.allocated)} + {kr(p.unallocated)}"
            for p in account.parts
        )
    )
    r2 = Rule(
        "R2",
        _("Varje del: delens belopp = summan av regionernas rader + ofördelat enligt körningen"),
        not r2_failures,
        r2_detail,
        r2_failures,
        r2_stored,
    )

    # A region paid more than a corrected run allocates it is in order once the excess is claimed back.
    r3_failures = [
        _(
            "%(region)s, %(part)s: utbetalt %(paid)s av fördelat %(allocated)s; överbetalningen %(excess)s är inte "
            "återkrävd"
        )
        % {
            "region": line.region.short_name,
            "part": part.component.name,
            "paid": kr(line.figures.paid),
            "allocated": kr(line.figures.allocated),
            "excess": kr(line.figures.paid - line.figures.allocated),
        }
        for part in account.parts
        for line in part.regions
        if line.figures.paid - line.figures.claimed > line.figures.allocated
    ]
    known_parts = {p.component.pk for p in account.parts}
    r3_failures += [
        _("Utbetalning för en del som inte finns i fördelningen (%(amount)s)") % {"amount": kr(amount)}
        for (component_id, _region), amount in paid.items()
        if component_id not in known_parts
    ]
    r3_detail, r3_stored = _in_both(lambda: f"{kr(totals.allocated)} = {kr(totals.paid)} + {kr(totals.not_paid)}")
    r3 = Rule(
        "R3",
        _("Varje region och del: utbetalt ≤ fördelat eller överbetalningen återkrävd"),
        not r3_failures,
        r3_detail,
        r3_failures,
        r3_stored,
    )

    r4_failures = []
    for claim in account.claims:
        if claim.paid_total > claim.claimed:
            r4_failures.append(
                _("%(region)s: inbetalt %(repaid)s mer än återkrävt %(claimed)s")
                % {"region": claim.region.short_name, "repaid": kr(claim.paid_total), "claimed": kr(claim.claimed)}
            )
    region_names = {line.region.pk: line.region.short_name for p in account.parts for line in p.regions}
    part_names = {p.component.pk: p.component.name for p in account.parts}
    for (component_id, region_id), claimed in claims.by_part.items():
        if claimed > paid.get((component_id, region_id), 0):
            r4_failures.append(
                _("%(region)s, %(part)s: återkrävt %(claimed)s mer än utbetalt %(paid)s")
                % {
                    "region": region_names.get(region_id, region_id),
                    "part": part_names.get(component_id, ""),
                    "claimed": kr(claimed),
                    "paid": kr(paid.get((component_id, region_id), 0)),
                }
            )
    for region_id, claimed in claims.by_region.items():
        region_paid = sum(amount for (_component, region), amount in paid.items() if region == region_id)
        if claimed > region_paid:
            r4_failures.append(
                _("%(region)s: återkrävt %(claimed)s mer än utbetalt %(paid)s")
                % {"region": region_names.get(region_id, region_id), "claimed": kr(claimed), "paid": kr(region_paid)}
            )
    r4_detail, r4_stored = _in_both(
        lambda: (
            _("återkrävt %(claimed)s, inbetalt %(repaid)s, utestående %(outstanding)s")
            % {"claimed": kr(totals.claimed), "repaid": kr(totals.repaid), "outstanding": kr(totals.outstanding)}
        )
    )
    r4 = Rule(
        "R4",
        _("Varje återkrav: återkrävt ≤ utbetalt och inbetalt ≤ återkrävt"),
        not r4_failures,
        r4_detail,
        r4_failures,
        r4_stored,
    )

    r5_sum = account.not_used + account.not_paid_out + totals.repaid - account.overpaid
    r5_failures = []
    if r5_sum != account.to_return:
        r5_failures.append(
            _(
                "Ej använt + ej utbetalt + återbetalt är %(sum)s, men ramen minus det regionerna behåller och "
                "förvaltningsmedlen är %(to_return)s."
            )
            % {"sum": kr(r5_sum), "to_return": kr(account.to_return)}
        )

    def r5_text() -> str:
        text = f"{kr(account.to_return)} = {kr(account.not_used)} + {kr(account.not_paid_out)} + {kr(totals.repaid)}"
        if account.overpaid:
            text += _(" − %(overpaid)s överbetalt") % {"overpaid": kr(account.overpaid)}
        return text

    r5_detail, r5_stored = _in_both(r5_text)
    r5 = Rule(
        "R5",
        _("Återbetalas till Kammarkollegiet = ej använt + ej utbetalt + återbetalt från regionerna"),
        not r5_failures,
        r5_detail,
        r5_failures,
        r5_stored,
    )
    return [r1, r2, r3, r4, r5]


def account_snapshot(account: FinalAccount) -> dict:
    """Return the account's figures as JSON-safe data, kept with the programme when it is closed."""

    def figures(values: Figures) -> dict:
        return {
            "allocated": values.allocated,
            "requisitioned": values.requisitioned,
            "paid": values.paid,
            "not_paid": values.not_paid,
            "claimed": values.claimed,
            "repaid": values.repaid,
            "outstanding": values.outstanding,
        }

    return {
        "frame": account.frame,
        "own_costs_ceiling": account.own_costs_ceiling,
        "own_costs_used": account.own_costs_used,
        "not_used": account.not_used,
        "not_paid_out": account.not_paid_out,
        "to_return": account.to_return,
        "totals": figures(account.totals),
        "parts": [
            {
                "code": part.component.code,
                "name": part.component.name,
                "amount": part.component.amount,
                "unallocated": part.unallocated,
                "run": part.part.run_number,
                **figures(part.totals),
                "regions": {line.region.code: figures(line.figures) for line in part.regions},
            }
            for part in account.parts
        ],
        "receivables": [
            {
                "region": claim.region.code,
                "invoice_number": claim.invoice_number,
                "due_date": claim.due_date.isoformat(),
                "claimed": claim.claimed,
                "repaid": claim.paid_total,
                "outstanding": claim.outstanding,
            }
            for claim in account.receivables
        ],
        "rules": [{"code": rule.code, "met": rule.met, "detail": rule.stored_detail} for rule in account.rules],
    }
