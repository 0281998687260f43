"""Reads for the region's planning (seed 004): what was received for block 1, and block 2's tariffs and cap."""

from dataclasses import dataclass

from grants.models import AllocationLine, AllocationRun, Component, GrantProgramme
from grants.requisitions import PERFORMANCE_RULES
from regions.models import NeedWeight, Region

KINDS = (("hip", "Höftledsprotes"), ("prolapse", "Framfall"), ("cataract", "Grå starr"))


def activity_plan_amount(programme: GrantProgramme, region: Region) -> int:
    """Return the amount the activity plan distributes: the region's non-performance parts in the latest run.

    Seed 004: "Region Jämtland Härjedalen har mottagit 4 762 000 kronor för block 1."
    """
    run = programme.runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()
    if run is None:
        return 0
    lines = AllocationLine.objects.filter(run=run, region=region).exclude(component__rule__in=PERFORMANCE_RULES)
    return sum(lines.values_list("amount", flat=True))


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
    """Return whether the programme has a performance part beside money paid out up front (seed 004's block 1)."""
    rules = {c.rule for c in programme.components.all()}
    return bool(rules & PERFORMANCE_RULES) and bool(rules - PERFORMANCE_RULES)
