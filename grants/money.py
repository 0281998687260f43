"""Reads of a programme's money per part and region: allocated, committed in payout decisions, paid, claimed.

Every money rule of DESIGN §6 is checked against these figures: the payout services (Σ paid ≤ allocated per region
and part), the claim services (claimed ≤ paid), the final account (R1–R5) and the region's own money page.
Each function runs a fixed number of queries whatever the number of regions, parts or payouts.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, F, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce

from .models import (
    AllocationLine,
    AllocationRun,
    Component,
    GrantProgramme,
    Payout,
    PayoutBatch,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
)

Key = tuple[int, int]  # (component id, region id)


@dataclass
class PartAllocation:
    """A part's allocation as the newest successful run that computed it states it."""

    component: Component
    run_id: int | None = None
    run_number: int | None = None
    provisional: bool = False
    by_region: dict[int, int] = field(default_factory=dict)
    stated_unallocated: int | None = None  # what the run says it left unallocated; None for runs before it said

    @property
    def computed(self) -> bool:
        return self.run_id is not None

    @property
    def allocated(self) -> int:
        return sum(self.by_region.values())

    @property
    def unallocated(self) -> int:
        """Return the part's amount less what its lines give the regions (negative when rounding adds)."""
        return self.component.amount - self.allocated

    @property
    def final(self) -> bool:
        return self.computed and not self.provisional


def part_allocations(programme: GrantProgramme) -> dict[int, PartAllocation]:
    """Return component id -> its allocation in the newest successful run that computed it (4 queries).

    A run leaves out a part whose inputs are missing (the 2025 block 2 without the population of 1 November 2024),
    so each part is read from the newest run that has lines for it, not simply from the newest run.
    """
    components = list(programme.components.order_by("position", "code"))
    parts = {c.pk: PartAllocation(component=c) for c in components}
    newest = dict(
        AllocationLine.objects.filter(run__programme=programme, run__status=AllocationRun.Status.SUCCEEDED)
        .values_list("component_id")
        .annotate(number=Max("run__number"))
        .order_by()
    )
    if not newest:
        return parts
    runs = {
        number: (pk, provisional, stated or {})
        for pk, number, provisional, stated in AllocationRun.objects.filter(
            programme=programme, number__in=set(newest.values())
        ).values_list("pk", "number", "provisional", KeyTransform("parts", "detail"))
    }
    for component_id, number in newest.items():
        run_id, provisional, stated = runs[number]
        part = parts[component_id]
        part.run_id, part.run_number = run_id, number
        own = stated.get(part.component.code) if isinstance(stated, dict) else None
        part.provisional = bool(own["provisional"]) if own else provisional
        part.stated_unallocated = int(own["unallocated"]) if own else None
    wanted = {(parts[c].run_id, c) for c in newest}
    for run_id, component_id, region_id, amount in AllocationLine.objects.filter(
        run_id__in={run_id for run_id, _ in wanted}, component_id__in=newest.keys()
    ).values_list("run_id", "component_id", "region_id", "amount"):
        if (run_id, component_id) in wanted:
            parts[component_id].by_region[region_id] = amount
    return parts


def payout_totals(
    programme: GrantProgramme, *, paid_only: bool, exclude_batch_id: int | None = None
) -> dict[Key, int]:
    """Return (component id, region id) -> what payout decisions pay: all of them, or only those paid (1 query).

    Counting decisions still in draft or approved keeps two decisions from promising the same money twice;
    `exclude_batch_id` leaves one decision out, to check that decision against the others.
    """
    payouts = Payout.objects.filter(batch__programme=programme)
    if exclude_batch_id is not None:
        payouts = payouts.exclude(batch_id=exclude_batch_id)
    if paid_only:
        payouts = payouts.filter(batch__status=PayoutBatch.Status.PAID)
    totals = payouts.values_list("component_id", "region_id").annotate(total=Sum("amount")).order_by()
    return {(component_id, region_id): total for component_id, region_id, total in totals}


def with_claim_totals(queryset: QuerySet[Repayment]) -> QuerySet[Repayment]:
    """Annotate each claim with what it claims now (`claimed`), what has come in (`paid_total`) and `outstanding`.

    Subqueries rather than joins, so adjustments and payments never multiply each other's sums.
    """
    adjustments = (
        RepaymentAdjustment.objects.filter(repayment=OuterRef("pk"))
        .values("repayment")
        .annotate(total=Sum("change"))
        .values("total")
    )
    payments = RepaymentPayment.objects.filter(repayment=OuterRef("pk")).values("repayment")
    money = BigIntegerField()
    return queryset.annotate(
        claimed=F("amount") + Coalesce(Subquery(adjustments, output_field=money), Value(0), output_field=money),
        paid_total=Coalesce(
            Subquery(payments.annotate(total=Sum("amount")).values("total"), output_field=money),
            Value(0),
            output_field=money,
        ),
        last_paid_on=Subquery(payments.annotate(last=Max("paid_on")).values("last")),
    ).annotate(outstanding=F("claimed") - F("paid_total"))


@dataclass(frozen=True)
class ClaimTotals:
    """Claimed and repaid per (part, region) and per region, from claims with a part and claims on the whole."""

    by_part: dict[Key, int]
    by_region: dict[int, int]
    repaid_by_part: dict[Key, int]
    repaid_by_region: dict[int, int]


def claim_totals(programme: GrantProgramme) -> ClaimTotals:
    """Return what is claimed and repaid per part and region, and per region over the whole programme (1 query)."""
    by_part: dict[Key, int] = defaultdict(int)
    by_region: dict[int, int] = defaultdict(int)
    repaid_part: dict[Key, int] = defaultdict(int)
    repaid_region: dict[int, int] = defaultdict(int)
    rows = with_claim_totals(Repayment.objects.filter(programme=programme)).values_list(
        "component_id", "region_id", "claimed", "paid_total"
    )
    for component_id, region_id, claimed, repaid in rows:
        by_region[region_id] += claimed
        repaid_region[region_id] += repaid
        if component_id is not None:
            by_part[(component_id, region_id)] += claimed
            repaid_part[(component_id, region_id)] += repaid
    return ClaimTotals(dict(by_part), dict(by_region), dict(repaid_part), dict(repaid_region))


def region_paid_total(payouts: dict[Key, int], region_id: int) -> int:
    """Return the region's sum over every part of a payout_totals result."""
    return sum(amount for (_, region), amount in payouts.items() if region == region_id)
