"""Reads for the region's planning (seed 004): what was received for block 1, and block 2's tariffs and cap."""

from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from grants.models import AllocationLine, AllocationRun, Component, GrantProgramme, Payout, PayoutBatch
from grants.requisitions import PERFORMANCE_RULES
from regions.models import NeedWeight, Region

KINDS = (("hip", _("Höftledsprotes")), ("prolapse", _("Framfall")), ("cataract", _("Grå starr")))


def activity_plan_amount(programme: GrantProgramme, region: Region) -> int:
    """Return the amount the activity plan distributes: the region's allocation of the parts paid on requisition.

    Seed 004: "Region Jämtland Härjedalen har mottagit 4 762 000 kronor för block 1." The plan covers that money
    whether or not it has been paid yet; what has actually been paid is shown beside it (`activity_plan_paid`).
    """
    run = programme.runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()
    if run is None:
        return 0
    lines = AllocationLine.objects.filter(
        run=run, region=region, component__payment_basis=Component.PaymentBasis.REQUISITION
    )
    return sum(lines.values_list("amount", flat=True))


def activity_plan_paid(programme: GrantProgramme, region: Region) -> int:
    """Return what paid payout decisions have paid the region for the parts the activity plan covers."""
    return (
        Payout.objects.filter(
            batch__programme=programme,
            batch__status=PayoutBatch.Status.PAID,
            region=region,
            component__payment_basis=Component.PaymentBasis.REQUISITION,
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


@dataclass(frozen=True)
class TariffTerms:
    tariffs: dict[str, int]
    cap: int
    months: list[int]
    year: int


def tariff_terms(programme: GrantProgramme, region: Region) -> TariffTerms | None:
    """Return the per-operation tariffs and the region's cap, or None if the programme has no such component."""
    component = programme.components.filter(rule=Component.Rule.OPERATION_TARIFF).first()
    if component is None:
        return None
    params = component.parameters
    cap = NeedWeight.objects.filter(series=params["cap_series"], region=region).values_list("value", flat=True).first()
    return TariffTerms(
        tariffs={k: int(v) for k, v in params["tariffs"].items()},
        cap=cap or 0,
        months=list(params["months"]),
        year=params["year"],
    )


def has_activity_plan(programme: GrantProgramme) -> bool:
    """Return whether the programme has a performance part beside money paid on requisition (seed 004's block 1)."""
    rules = {c.rule for c in programme.components.all()}
    bases = {c.payment_basis for c in programme.components.all()}
    return bool(rules & PERFORMANCE_RULES) and Component.PaymentBasis.REQUISITION in bases
