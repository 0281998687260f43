"""The engine's inputs and outputs: component specifications, inputs, lines and results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .apportion import DEFAULT_POLICY, RoundingPolicy, as_fraction
from .explain import Explanation
from .formatting import format_date


@dataclass(frozen=True)
class ComponentSpec:
    """One component of a programme: what it distributes, by which rule, and where the decision says so."""

    code: str
    name: str
    rule: str
    amount: int
    source: str
    rounding: RoundingPolicy = DEFAULT_POLICY
    params: Mapping[str, object] = field(default_factory=dict)
    # County codes of the regions that receive this component; empty means every region in the inputs.
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """One region's amount in one component, with its explanation."""

    component: str
    region: str
    amount: int
    explanation: Explanation


@dataclass(frozen=True)
class ComponentResult:
    """All lines of one component, plus rule-specific detail and Swedish notes."""

    component: str
    lines: tuple[Line, ...]
    provisional: bool = False
    detail: tuple = ()
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Return the sum of the lines."""
        return sum(line.amount for line in self.lines)

    def amounts(self) -> dict[str, int]:
        """Return region code -> amount."""
        return {line.region: line.amount for line in self.lines}


class MissingInput(Exception):
    """Data the rule needs has not been loaded; `missing` holds one Swedish description per gap."""

    def __init__(self, missing: tuple[str, ...] | list[str]) -> None:
        self.missing = tuple(missing)
        super().__init__("; ".join(self.missing))


@dataclass(frozen=True)
class Inputs:
    """Everything the rules read: regions, populations, need weights (e.g. caps) and monthly values.

    `monthly` is keyed by (region code, indicator, year, month); an absent key means the value is missing,
    which is not the same as zero.
    """

    regions: Mapping[str, str]
    populations: Mapping[date, Mapping[str, int]]
    need_weights: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    monthly: Mapping[tuple[str, str, int, int], Decimal | int] = field(default_factory=dict)
    # Where each data set comes from, shown beside the inputs of every explanation. Keys:
    # "population:<ISO date>", "weights:<series>" and "monthly:<indicator>".
    sources: Mapping[str, str] = field(default_factory=dict)
    # True when `regions` is a recipient list narrower than every region (labels then say so).
    restricted: bool = False

    def only(self, recipients: tuple[str, ...] | list[str]) -> Inputs:
        """Return these inputs seen by a component paid to some regions only; an unknown code is refused."""
        unknown = sorted(set(recipients) - set(self.regions))
        if unknown:
            raise ValueError(f"recipients not among the regions: {unknown}")
        if not recipients:
            raise ValueError("a recipient list cannot be empty")
        regions = {code: self.regions[code] for code in sorted(recipients)}
        return replace(self, regions=regions, restricted=len(regions) < len(self.regions) or self.restricted)

    def population_label(self, as_of: date) -> str:
        """Return the label of the population sum: the whole country, or the receiving regions."""
        where = "de mottagande regionerna" if self.restricted else "riket"
        return f"Befolkning i {where} {format_date(as_of)}"

    def codes(self) -> list[str]:
        """Return the region codes in county-code order."""
        return sorted(self.regions)

    def names(self, codes: list[str] | tuple[str, ...]) -> str:
        """Return the regions' short names joined by commas, in county-code order."""
        return ", ".join(self.regions.get(code, code) for code in sorted(codes))

    def population(self, as_of: date) -> dict[str, int]:
        """Return every region's population on `as_of`; raise MissingInput naming the regions that lack one."""
        figures = self.populations.get(as_of, {})
        missing = [code for code in self.codes() if figures.get(code) is None]
        if missing:
            raise MissingInput((f"Befolkning {format_date(as_of)} saknas för: {self.names(missing)}",))
        return {code: int(figures[code]) for code in self.codes()}


def param(spec: ComponentSpec, name: str, default: object = ...) -> object:
    """Return a parameter of the component; ValueError names the component if a required one is absent."""
    if name in spec.params:
        return spec.params[name]
    if default is ...:
        raise ValueError(f"component {spec.code!r} ({spec.rule}) needs the parameter {name!r}")
    return default


def param_date(spec: ComponentSpec, name: str) -> date:
    """Return a date parameter, given as a date or an ISO string (definition files hold strings)."""
    value = param(spec, name)
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def param_int(spec: ComponentSpec, name: str, default: object = ..., minimum: int | None = None) -> int:
    """Return an integer parameter, checked against `minimum` when one is given."""
    value = param(spec, name, default)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"component {spec.code!r}: parameter {name!r} must be an integer, got {value!r}")
    if minimum is not None and int(value) < minimum:
        raise ValueError(f"component {spec.code!r}: parameter {name!r} must be at least {minimum}, got {value!r}")
    return int(value)


def param_final(spec: ComponentSpec) -> bool | None:
    """Return the optional "final" flag: True or False when staff set it, None to let the data decide."""
    value = param(spec, "final", None)
    if value is not None and not isinstance(value, bool):
        raise ValueError(f"component {spec.code!r}: parameter 'final' must be true or false, got {value!r}")
    return value


def param_fraction(value: object, what: str) -> Fraction:
    """Return an exact number given as int, Fraction, Decimal or string ("0.005", "65/100")."""
    try:
        return as_fraction(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise ValueError(f"{what} must be an exact number, got {value!r}") from error


def param_months(spec: ComponentSpec) -> tuple[int, ...]:
    """Return the measured months, checked to be distinct month numbers in order."""
    months = tuple(int(month) for month in param(spec, "months"))  # type: ignore[attr-defined]
    if not months or any(not 1 <= month <= 12 for month in months) or len(set(months)) != len(months):
        raise ValueError(f"component {spec.code!r}: months must be distinct numbers 1-12, got {months!r}")
    return tuple(sorted(months))


def exact_value(value: Decimal | int | Fraction, what: str) -> Fraction:
    """Return a reported monthly value as a Fraction (floats are refused: rates arrive as Decimal)."""
    try:
        number = as_fraction(value)
    except TypeError as error:
        raise ValueError(f"{what}: {error}") from error
    if number < 0:
        raise ValueError(f"{what}: a reported value cannot be negative, got {value!r}")
    return number
