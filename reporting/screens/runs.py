"""A programme's runs: the history with failures, and what changed between two runs and why."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from grants import l10n
from grants.models import AllocationLine, AllocationRun, Component, GrantProgramme, share_run_inputs
from regions.models import Region


@dataclass
class InputChange:
    label: str
    before: str
    after: str


@dataclass
class LineChange:
    component: Component
    region: Region
    before: int | None
    after: int | None
    changes: list[InputChange]
    text_before: str
    text_after: str

    @property
    def difference(self) -> int:
        return (self.after or 0) - (self.before or 0)


@dataclass
class ComponentChange:
    component: Component
    before: int
    after: int
    regions_changed: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass
class RegionChange:
    region: Region
    lines: list[LineChange]

    @property
    def difference(self) -> int:
        return sum(line.difference for line in self.lines)


@dataclass
class RunComparison:
    run: AllocationRun
    previous: AllocationRun | None
    lines: list[LineChange] = field(default_factory=list)
    components: list[ComponentChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def regions(self) -> list[RegionChange]:
        """Return the changed lines folded by region (in county-code order), each region's parts in order."""
        grouped: dict[str, RegionChange] = {}
        for line in self.lines:
            grouped.setdefault(line.region.code, RegionChange(region=line.region, lines=[])).lines.append(line)
        return [grouped[code] for code in sorted(grouped)]


def _input_text(item: dict) -> str:
    value, kind = item.get("value"), item.get("type")
    if kind == "int":
        return l10n.number(int(value))
    if kind == "fraction":
        return l10n.decimal_places(Fraction(value), 2)
    if kind == "decimal":
        return l10n.decimal(Decimal(value))
    return str(value)


def _input_changes(before: dict, after: dict) -> list[InputChange]:
    old = {item["key"]: item for item in before.get("inputs", ())}
    new = {item["key"]: item for item in after.get("inputs", ())}
    changes = []
    for key, item in new.items():
        previous = old.get(key)
        if previous is None or (previous["value"], previous.get("as_of")) != (item["value"], item.get("as_of")):
            changes.append(InputChange(item["label"], _input_text(previous) if previous else "–", _input_text(item)))
    changes += [InputChange(item["label"], _input_text(item), "–") for key, item in old.items() if key not in new]
    return changes


def run_comparison(programme: GrantProgramme, number: int, against: int | None = None) -> RunComparison | None:
    """Return how a run differs from an earlier successful one (the one before it by default), line by line.

    A line has changed when its amount has (or it is new or gone). Each changed line lists the inputs of its
    explanation that differ (months qualified, operations, bonus pot...), so staff see why; two queries whatever
    the number of lines.
    """
    wanted = AllocationRun.objects.filter(programme=programme).select_related("created_by")
    if against is None:
        candidates = list(
            wanted.filter(Q(number=number) | Q(number__lt=number, status=AllocationRun.Status.SUCCEEDED)).order_by(
                "-number"
            )[:2]
        )
    else:
        candidates = list(wanted.filter(number__in=[number, against]).order_by("-number"))
    run = next((item for item in candidates if item.number == number), None)
    if run is None:
        return None
    previous = next((item for item in candidates if item.number != number), None)
    comparison = RunComparison(run=run, previous=previous)
    lines = AllocationLine.objects.filter(run__in=[item for item in (run, previous) if item]).select_related(
        "region", "component"
    )
    lines = list(lines)
    share_run_inputs(lines, [run, previous])
    old: dict[tuple[int, int], AllocationLine] = {}
    new: dict[tuple[int, int], AllocationLine] = {}
    for line in lines:
        (new if line.run_id == run.pk else old)[(line.component_id, line.region_id)] = line
    components: dict[int, ComponentChange] = {}
    for key in sorted(set(old) | set(new), key=lambda k: _line_order(old.get(k) or new.get(k))):
        before, after = old.get(key), new.get(key)
        sample = after or before
        summary = components.setdefault(
            sample.component_id, ComponentChange(component=sample.component, before=0, after=0, regions_changed=0)
        )
        summary.before += before.amount if before else 0
        summary.after += after.amount if after else 0
        if before and after and before.amount == after.amount:
            comparison.unchanged += 1
            continue
        summary.regions_changed += 1
        comparison.lines.append(
            LineChange(
                component=sample.component,
                region=sample.region,
                before=before.amount if before else None,
                after=after.amount if after else None,
                changes=_input_changes(
                    before.full_explanation if before else {}, after.full_explanation if after else {}
                ),
                text_before=before.explanation.get("text", "") if before else "",
                text_after=after.explanation.get("text", "") if after else "",
            )
        )
    comparison.components = list(components.values())
    return comparison


def _line_order(line: AllocationLine) -> tuple:
    return (line.component.position, line.component.code, line.region.code)


def runs_for_history(programme: GrantProgramme, limit: int = 100) -> list[AllocationRun]:
    """Return the programme's runs, newest first, failed ones included, with who started them."""
    return list(
        programme.runs.select_related("created_by")
        .defer("detail", "notes")
        .annotate(example_inputs=KeyTransform("example_inputs", "detail"))
        .order_by("-number")[:limit]
    )
