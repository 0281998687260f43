"""Reads for requisitioning: which parts a region requisitions, how much, and until when (seed 001)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Region

from .models import AllocationLine, AllocationRun, Component, Deadline, DeadlineExtension, GrantProgramme

PERFORMANCE_RULES = {Component.Rule.PERFORMANCE_POTS, Component.Rule.OPERATION_TARIFF}


@dataclass(frozen=True)
class PartAllowance:
    """One part paid on requisition: the region's allocation of it and whether the whole of it is requisitioned."""

    component: Component
    allocated: int

    @property
    def fixed(self) -> bool:
        return self.component.requisitioned_whole

    @property
    def field_name(self) -> str:
        return f"amount_{self.component.code}"


@dataclass(frozen=True)
class Allowance:
    """What the region may requisition, part by part, with the allocation lines it comes from."""

    parts: list[PartAllowance]
    lines: list[AllocationLine] = field(default_factory=list)
    run: AllocationRun | None = None

    @property
    def allocated(self) -> int:
        """Return the region's total over every part in the latest run."""
        return sum(line.amount for line in self.lines)

    @property
    def maximum(self) -> int:
        """Return what may be requisitioned: the parts paid on requisition."""
        return sum(part.allocated for part in self.parts)

    @property
    def requisitioned(self) -> bool:
        """Return whether any part of the programme is paid on requisition."""
        return bool(self.parts)

    @property
    def later_parts(self) -> list[AllocationLine]:
        """Return the lines of parts paid from the final run, which are not requisitioned."""
        codes = {part.component.code for part in self.parts}
        return [line for line in self.lines if line.component.code not in codes]

    @property
    def explanation(self) -> str:
        if not self.parts:
            return _(
                "Statsbidraget rekvireras inte: Socialstyrelsen betalar ut det belopp som fördelningen ger när "
                "mätperioden är slut."
            )
        if self.run is None:
            return _("Fördelningen är inte beräknad ännu. Du kan rekvirera när den är klar.")
        if self.later_parts:
            return _(
                "Du rekvirerar regionens fördelade medel för de delar som betalas ut efter rekvisition. "
                "Prestationsdelarna rekvireras inte: de betalas ut när mätperioden är slut, efter den slutliga "
                "fördelningen."
            )
        return _("Du rekvirerar regionens fördelade medel för de delar som betalas ut efter rekvisition.")


def allowance_for(programme: GrantProgramme, region: Region) -> Allowance:
    """Return the parts the region requisitions with its amount of each in the latest successful run."""
    run = programme.runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()
    lines = (
        list(run.lines.filter(region=region).select_related("component").order_by("component__position"))
        if run
        else []
    )
    amounts = {line.component_id: line.amount for line in lines}
    parts = [
        PartAllowance(component=component, allocated=amounts.get(component.pk, 0))
        for component in programme.components.all()
        if component.paid_on_requisition
    ]
    return Allowance(parts=sorted(parts, key=lambda p: (p.component.position, p.component.code)), lines=lines, run=run)


@dataclass(frozen=True)
class DeadlineState:
    """A deadline as it applies to one region today: the date, any extension, and whether it is still open."""

    deadline: date | None  # None: the programme sets no such deadline; treated as open
    extended_until: date | None
    today: date

    @property
    def effective(self) -> date | None:
        if self.deadline is None:
            return self.extended_until
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
