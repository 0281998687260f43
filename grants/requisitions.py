"""Reads for requisitioning: what a region may requisition, and until when (seed 001)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from regions.models import Region

from .models import AllocationLine, AllocationRun, Component, Deadline, DeadlineExtension, GrantProgramme

PERFORMANCE_RULES = {Component.Rule.PERFORMANCE_POTS, Component.Rule.OPERATION_TARIFF}


@dataclass(frozen=True)
class Allowance:
    """What the region may requisition, with the allocation lines it comes from."""

    allocated: int  # the region's total in the latest successful run
    maximum: int  # what may be requisitioned: 0 for a performance-based programme (intresseanmälan)
    performance_based: bool
    lines: list[AllocationLine] = field(default_factory=list)
    run: AllocationRun | None = None

    @property
    def explanation(self) -> str:
        if self.performance_based:
            return (
                "Statsbidraget är prestationsbaserat. Rekvisitionen är en intresseanmälan på 0 kr; Socialstyrelsen "
                "betalar ut det belopp som fördelningen ger när prestationerna är uppföljda."
            )
        if self.run is None:
            return "Fördelningen är inte beräknad ännu. Du kan rekvirera när den är klar."
        return "Du kan rekvirera högst regionens fördelade medel enligt Socialstyrelsens fördelning."


def allowance_for(programme: GrantProgramme, region: Region) -> Allowance:
    """Return what the region may requisition: its amount in the latest successful run, 0 kr if performance-based."""
    run = programme.runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()
    lines = (
        list(run.lines.filter(region=region).select_related("component").order_by("component__position"))
        if run
        else []
    )
    performance = any(c.rule in PERFORMANCE_RULES for c in programme.components.all())
    allocated = sum(line.amount for line in lines)
    return Allowance(
        allocated=allocated,
        maximum=0 if performance else allocated,
        performance_based=performance,
        lines=lines,
        run=run,
    )


@dataclass(frozen=True)
class DeadlineState:
    """A deadline as it applies to one region today: the date, any extension, and whether it is still open."""

    deadline: date | None  # None: the programme sets no such deadline; treated as open
    extended_until: date | None
    today: date

    @property
    def effective(self) -> date | None:
        if self.deadline is None:
            return None
        return max(self.deadline, self.extended_until) if self.extended_until else self.deadline

    @property
    def is_open(self) -> bool:
        return self.effective is None or self.today <= self.effective


def deadline_state(
    programme: GrantProgramme, region: Region, kind: str = Deadline.Kind.REQUISITION, *, today: date | None = None
) -> DeadlineState:
    """Return the programme's deadline of this kind for the region, counting an extension staff have granted.

    With several deadlines of one kind the last one applies. The 2024 and 2025 programmes set no requisition
    deadline in the seeds; no deadline means the form stays open.
    """
    deadline = programme.deadlines.filter(kind=kind).order_by("-date").values_list("date", flat=True).first()
    extension = (
        DeadlineExtension.objects.filter(programme=programme, region=region, kind=kind)
        .values_list("until", flat=True)
        .first()
    )
    return DeadlineState(deadline=deadline, extended_until=extension, today=today or timezone.localdate())
