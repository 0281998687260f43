"""Compute components: dispatch each component specification to its rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .components import ComponentResult, ComponentSpec, Inputs, Line, MissingInput
from .explain import EQUAL_SHARE, OPERATION_TARIFF, PERFORMANCE_POTS, POPULATION_SHARE
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
    """Return the lines of one component, computed by the rule its specification names."""
    try:
        rule = RULES[spec.rule]
    except KeyError:
        raise ValueError(f"component {spec.code!r}: unknown rule {spec.rule!r}; known: {sorted(RULES)}") from None
    return rule(spec, inputs)


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
