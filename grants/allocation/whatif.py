"""What-if: compare two versions of a programme region by region, and say which change made each difference.

The difference between the old and the new allocation is split into three steps taken in a fixed order, each
computed from the one before, so that the steps add up exactly to the difference (they telescope):

1. data: the old rules and parameters, reading the data the new version selects (population date, need-weight
   series, measured year and baseline year);
2. parameters: the new amounts, recipients, rounding, tariffs and other parameters, under the old rule;
3. rules: a part whose rule changed, a part added or a part removed.

A step that cannot be computed on its own (the old rule lacks data on the new date, say) is merged into the next
one, and a note says so; the sum stays exact. A part that cannot be computed at all in the old or the new version
(data not loaded yet) is left out of the comparison, and `missing` names what it lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .components import ComponentResult, ComponentSpec, Inputs, MissingInput
from .rules import compute_component

# Parameters that choose which data a rule reads rather than how it treats them.
DATA_PARAMETERS = ("population_date", "ranking_population_date", "cap_series", "year", "baseline_year")
STEPS = ("data", "parameters", "rules")
STEP_LABELS = {"data": "Underlag", "parameters": "Parametrar", "rules": "Regler"}
ORDER_TEXT = (
    "Skillnaden delas upp i tre steg i denna ordning, vart och ett räknat från det föregående så att stegen "
    "tillsammans blir exakt skillnaden: 1) underlag – samma regler och parametrar men de data den nya versionen "
    "läser (befolkningsdatum, viktserie, mätår och jämförelseår); 2) parametrar – nya belopp, mottagare, "
    "avrundning, ersättningar och övriga parametrar med den gamla regeln; 3) regler – en del med en annan "
    "fördelningsregel, en ny del eller en borttagen del."
)


@dataclass(frozen=True)
class Change:
    """One region's (or one part's) old and new amount and the difference split into the three steps."""

    key: str
    name: str
    old: int
    new: int
    data: int
    parameters: int
    rules: int

    @property
    def difference(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class Comparison:
    regions: tuple[Change, ...]
    components: tuple[Change, ...]
    notes: tuple[str, ...]
    new_results: tuple[ComponentResult, ...]
    missing: tuple[str, ...] = ()

    @property
    def total(self) -> Change:
        return Change(
            key="",
            name="Summa",
            **{
                field: sum(getattr(change, field) for change in self.regions)
                for field in ("old", "new", "data", "parameters", "rules")
            },
        )


def _amounts(spec: ComponentSpec | None, inputs: Inputs) -> dict[str, int]:
    if spec is None:
        return {}
    return compute_component(spec, inputs).amounts()


def _with_new_data(old: ComponentSpec, new: ComponentSpec) -> ComponentSpec:
    """Return the old part reading the data the new part selects (only keys both rules know)."""
    params = dict(old.params)
    for key in DATA_PARAMETERS:
        if key in old.params and key in new.params:
            params[key] = new.params[key]
    return replace(old, params=params)


def _steps(old: ComponentSpec | None, new: ComponentSpec | None, inputs: Inputs, notes: list[str]) -> list[dict]:
    """Return the amounts per region after each step: start, data, parameters, rules (= new)."""
    start = _amounts(old, inputs)
    end = _amounts(new, inputs)
    if old is None or new is None or old.rule != new.rule:
        middle = start  # a rule change, an added or a removed part: all of it is the rules step
        if old is not None and new is not None:
            try:
                middle = _amounts(_with_new_data(old, new), inputs)
            except (MissingInput, ValueError):
                notes.append(f"{new.name}: underlaget kunde inte prövas med den gamla regeln; ingår i steg 3.")
        return [start, middle, middle, end]
    try:
        data = _amounts(_with_new_data(old, new), inputs)
    except (MissingInput, ValueError):
        notes.append(f"{new.name}: nytt underlag kunde inte prövas med de gamla parametrarna; ingår i steg 2.")
        data = start
    return [start, data, end, end]


def compare(old_specs: Sequence[ComponentSpec], new_specs: Sequence[ComponentSpec], inputs: Inputs) -> Comparison:
    """Return the comparison of two sets of parts computed on the same inputs.

    Parts are matched by code. A part the old or the new version cannot compute is left out and named in `missing`.
    """
    old_by_code = {spec.code: spec for spec in old_specs}
    new_by_code = {spec.code: spec for spec in new_specs}
    codes = [spec.code for spec in new_specs] + [code for code in old_by_code if code not in new_by_code]
    notes: list[str] = []
    missing: list[str] = []
    region_totals: dict[str, list[int]] = {}
    components = []
    new_results = []
    for code in codes:
        old, new = old_by_code.get(code), new_by_code.get(code)
        try:
            stages = _steps(old, new, inputs, notes)
        except MissingInput as error:
            missing.extend(f"{(new or old).name}: {gap}" for gap in error.missing)  # type: ignore[union-attr]
            continue
        if new is not None:
            new_results.append(compute_component(new, inputs))
        regions = set().union(*stages)
        sums = [0, 0, 0, 0]
        for region in regions:
            values = [stage.get(region, 0) for stage in stages]
            totals = region_totals.setdefault(region, [0, 0, 0, 0])
            for index, value in enumerate(values):
                totals[index] += value
                sums[index] += value
        name = (new or old).name  # type: ignore[union-attr]
        components.append(_change(code, name, sums))
    changes = tuple(
        _change(code, inputs.regions.get(code, code), region_totals[code]) for code in sorted(region_totals)
    )
    return Comparison(
        regions=changes,
        components=tuple(components),
        notes=tuple(notes),
        new_results=tuple(new_results),
        missing=tuple(missing),
    )


def _change(key: str, name: str, stages: list[int]) -> Change:
    start, data, parameters, end = stages
    return Change(
        key=key,
        name=name,
        old=start,
        new=end,
        data=data - start,
        parameters=parameters - data,
        rules=end - parameters,
    )
