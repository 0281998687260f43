"""Compute components: dispatch each component specification to its rule."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from .components import ComponentResult, ComponentSpec, Inputs, Line, MissingInput
from .explain import EQUAL_SHARE, OPERATION_TARIFF, PERFORMANCE_POTS, POPULATION_SHARE, Input
from .performance import performance_pots
from .shares import equal_share, population_share
from .tariff import operation_tariff

__all__ = [
    "RULES",
    "ComponentResult",
    "ComponentSpec",
    "Inputs",
    "Line",
    "MissingInput",
    "compute",
    "compute_component",
]

RULES: dict[str, Callable[[ComponentSpec, Inputs], ComponentResult]] = {
    POPULATION_SHARE: population_share,
    EQUAL_SHARE: equal_share,
    PERFORMANCE_POTS: performance_pots,
    OPERATION_TARIFF: operation_tariff,
}


def compute_component(spec: ComponentSpec, inputs: Inputs) -> ComponentResult:
    """Return the lines of one component, computed by the rule its specification names.

    A component with recipients sees only those regions; every input of every line names its source.
    """
    try:
        rule = RULES[spec.rule]
    except KeyError:
        raise ValueError(f"component {spec.code!r}: unknown rule {spec.rule!r}; known: {sorted(RULES)}") from None
    seen = inputs.only(spec.recipients) if spec.recipients else inputs
    return with_sources(rule(spec, seen), spec, seen)


def compute(specs: Sequence[ComponentSpec], inputs: Inputs) -> tuple[ComponentResult, ...]:
    """Return the results of all components; MissingInput lists every gap of every component at once."""
    codes = [spec.code for spec in specs]
    if len(set(codes)) != len(codes):
        raise ValueError(f"component codes must be unique, got {codes}")
    results = []
    missing: list[str] = []
    for spec in specs:
        try:
            results.append(compute_component(spec, inputs))
        except MissingInput as error:
            missing.extend(f"{spec.name}: {gap}" for gap in error.missing)
    if missing:
        raise MissingInput(missing)
    return tuple(results)


# Inputs that are the decision's own figures (amounts, months, tariffs): their source is the part's source.
_DECISION_KEYS = ("region", "count", "total", "months_count")
_DECISION_PREFIXES = ("amount_", "tariff_")


def _input_source(item: Input, spec: ComponentSpec, inputs: Inputs) -> str:
    """Return where an input comes from: the decision, a data set's own source, or a computation under the rule."""
    decision = spec.source or "beslutet om statsbidraget"
    key = item.key
    if key in ("population", "population_sum"):  # the rules always give these their reference date
        return inputs.sources.get(f"population:{item.as_of.isoformat()}") or (
            f"Befolkningssiffror per {item.as_of.isoformat()} (källa ej angiven)"
        )
    if key == "cap":
        series = str(spec.params.get("cap_series", ""))
        return inputs.sources.get(f"weights:{series}") or f"Vårdbehovsvikter, serien {series} (källa ej angiven)"
    if key.startswith("operations_") or "_months_" in key:  # counted from the monthly reports
        reported = inputs.sources.get(f"monthly:{_indicator(spec, key)}") or (
            "Regionernas månadsrapportering till Socialstyrelsen"
        )
        return reported if key.startswith("operations_") else f"{reported}, bedömd enligt {decision}"
    if key in _DECISION_KEYS or key.startswith(_DECISION_PREFIXES):
        return decision
    return f"Beräknat enligt {decision}"


def _indicator(spec: ComponentSpec, key: str) -> str:
    """Return the indicator a monthly input counts: from the tariff's kinds or the performance requirements."""
    suffix = key.split("_months_")[-1] if "_months_" in key else key.removeprefix("operations_")
    indicators = spec.params.get("indicators")
    if isinstance(indicators, Mapping) and suffix in indicators:
        return str(indicators[suffix])
    for requirement in spec.params.get("requirements", ()) or ():
        if isinstance(requirement, Mapping) and requirement.get("code") == suffix:
            return str(requirement.get("indicator"))
    return suffix


def with_sources(result: ComponentResult, spec: ComponentSpec, inputs: Inputs) -> ComponentResult:
    """Return the result with a source on every input of every line that the rule left without one."""
    lines = []
    known: dict[tuple, str] = {}  # a source depends only on the input's key and date: worked out once per run

    def source_of(item: Input) -> str:
        found = known.get((item.key, item.as_of))
        if found is None:
            found = known[(item.key, item.as_of)] = _input_source(item, spec, inputs)
        return found

    for line in result.lines:
        explanation = line.explanation
        sourced = tuple(item if item.source else replace(item, source=source_of(item)) for item in explanation.inputs)
        lines.append(replace(line, explanation=replace(explanation, inputs=sourced)))
    return replace(result, lines=tuple(lines))
