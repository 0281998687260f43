"""Explanations: how each allocation line came about, stored with the line and recomputable from it alone.

DESIGN §4 "Explanations": every line says the rule and where the decision states it, the inputs with their dates,
the exact share as a fraction and the rounding adjustment, so that a reviewer can recompute it by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .apportion import LARGEST_REMAINDER, RoundingPolicy, Share, floor_to_unit
from .formatting import format_int, format_kr, format_signed_kr

POPULATION_SHARE = "population_share"
EQUAL_SHARE = "equal_share"
PERFORMANCE_POTS = "performance_pots"
OPERATION_TARIFF = "operation_tariff"


@dataclass(frozen=True)
class Input:
    """One input to a line: machine key, Swedish label, value, reference date and where it comes from."""

    key: str
    label: str
    value: int | Fraction | Decimal | str
    as_of: date | None = None
    source: str = ""

    def to_dict(self) -> dict:
        """Return this input as JSON-safe data (the value's type is kept so it reads back exactly)."""
        value = self.value
        if isinstance(value, bool | float):
            raise TypeError(f"input {self.key!r}: {type(value).__name__} is not an exact value")
        if isinstance(value, int):
            kind, stored = "int", value
        elif isinstance(value, Fraction):
            kind, stored = "fraction", _fraction_text(value)
        elif isinstance(value, Decimal):
            kind, stored = "decimal", str(value)
        else:
            kind, stored = "str", str(value)
        return {
            "key": self.key,
            "label": self.label,
            "type": kind,
            "value": stored,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Input:
        """Return the input stored by `to_dict`."""
        kind = data.get("type")
        raw = data["value"]
        if kind == "fraction":
            value: int | Fraction | Decimal | str = Fraction(raw)
        elif kind == "decimal":
            value = Decimal(raw)
        elif kind == "int":
            value = int(raw)
        else:
            value = raw
        as_of = data.get("as_of")
        return cls(
            key=data["key"],
            label=data.get("label", ""),
            value=value,
            as_of=date.fromisoformat(as_of) if as_of else None,
            source=data.get("source", ""),
        )


@dataclass(frozen=True)
class Explanation:
    """How one line's amount was computed: rule, source, Swedish text, inputs, exact amount and rounding."""

    rule: str
    source: str
    text: str
    inputs: tuple[Input, ...]
    exact: Fraction
    unit: int
    method: str
    base: int
    adjustment: int
    amount: int

    def value(self, key: str) -> int | Fraction | Decimal | str:
        """Return the value of the input with this key (KeyError if there is none)."""
        for item in self.inputs:
            if item.key == key:
                return item.value
        raise KeyError(key)

    def to_dict(self) -> dict:
        """Return JSON-safe data: Fractions as "n/d" strings, Decimals as strings, dates in ISO form."""
        return {
            "rule": self.rule,
            "source": self.source,
            "text": self.text,
            "inputs": [item.to_dict() for item in self.inputs],
            "exact": _fraction_text(self.exact),
            "unit": self.unit,
            "method": self.method,
            "base": self.base,
            "adjustment": self.adjustment,
            "amount": self.amount,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Explanation:
        """Return the explanation stored by `to_dict`."""
        return cls(
            rule=data["rule"],
            source=data.get("source", ""),
            text=data.get("text", ""),
            inputs=tuple(Input.from_dict(item) for item in data.get("inputs", ())),
            exact=Fraction(data["exact"]),
            unit=int(data["unit"]),
            method=data["method"],
            base=int(data["base"]),
            adjustment=int(data["adjustment"]),
            amount=int(data["amount"]),
        )


INPUT_FIELDS = ("label", "type", "value", "as_of", "source")


def split_shared_inputs(explanations: Sequence[Mapping]) -> tuple[dict[str, dict], list[dict]]:
    """Return (shared, own): what the stored explanations' inputs have in common, and each one without it.

    A part's lines repeat most of their inputs: the part's total, the national population, the months, each
    requirement's amount, and every input's label and source. `shared` maps an input's key to the fields that are
    the same on every line (each line having that key once); `own` is each explanation with those fields left out
    of its inputs, the key always kept, in the same order. `join_shared_inputs(own[i], shared)` gives back the
    explanation exactly, so a run stores the shared fields once and each line only what is its own.
    """
    candidates: dict[str, dict] | None = None
    for explanation in explanations:
        items = explanation.get("inputs", ())
        keys = [item["key"] for item in items]
        if len(set(keys)) != len(keys):
            return {}, [dict(item) for item in explanations]
        fields = {item["key"]: {f: item[f] for f in INPUT_FIELDS if f in item} for item in items}
        if candidates is None:
            candidates = fields
            continue
        for key in list(candidates):
            mine = fields.get(key)
            if mine is None:
                del candidates[key]
                continue
            common = candidates[key]
            for field in [f for f in common if f not in mine or mine[f] != common[f]]:
                del common[field]
    shared = {key: common for key, common in (candidates or {}).items() if common}
    own = []
    for explanation in explanations:
        inputs = []
        for item in explanation.get("inputs", ()):
            common = shared.get(item["key"], {})
            inputs.append({f: v for f, v in item.items() if f == "key" or f not in common})
        own.append({**explanation, "inputs": inputs})
    return shared, own


def join_shared_inputs(explanation: Mapping, shared: Mapping[str, Mapping]) -> dict:
    """Return a stored explanation with the run's shared input fields put back (see `split_shared_inputs`).

    An explanation stored whole (before inputs were shared) comes back unchanged: its own fields win.
    """
    inputs = [{**shared.get(item["key"], {}), **item} for item in explanation.get("inputs", ())]
    return {**explanation, "inputs": inputs}


def _fraction_text(value: Fraction | int) -> str:
    value = Fraction(value)
    return f"{value.numerator}/{value.denominator}"


def rounding_text(*, exact: Fraction, base: int, adjustment: int, amount: int, policy: RoundingPolicy) -> str:
    """Return the Swedish clause saying how the exact amount was rounded, ending in the amount."""
    if exact == amount:
        return f"ingen avrundning behövs → {format_kr(amount)}"
    unit_text = "" if policy.unit == 1 else f" till hela {format_kr(policy.unit)}"
    if policy.method == LARGEST_REMAINDER:
        floor_text = "" if policy.unit == 1 else f" nedåt till {format_kr(base)},"
        return (
            f"avrundat med största rest{unit_text}:{floor_text} {format_signed_kr(adjustment)} → {format_kr(amount)}"
        )
    unit_text = "krona" if policy.unit == 1 else format_kr(policy.unit)
    return f"avrundat till närmaste {unit_text} → {format_kr(amount)}"


def share_explanation(
    *, rule: str, source: str, text: str, inputs, share: Share, policy: RoundingPolicy
) -> Explanation:
    """Return the explanation of a rounded share: the text, then how rounding made the exact share the amount."""
    return Explanation(
        rule=rule,
        source=source,
        text=text
        + rounding_text(
            exact=share.exact, base=share.base, adjustment=share.adjustment, amount=share.amount, policy=policy
        ),
        inputs=tuple(inputs),
        exact=share.exact,
        unit=policy.unit,
        method=policy.method,
        base=share.base,
        adjustment=share.adjustment,
        amount=share.amount,
    )


def count_text(count: int, singular: str, plural: str) -> str:
    """Return a count with the right Swedish noun form: 1 månad, 3 månader."""
    return f"{format_int(count)} {singular if count == 1 else plural}"


def _numbers(explanation: Explanation) -> dict[str, Fraction]:
    return {
        item.key: Fraction(item.value)
        for item in explanation.inputs
        if isinstance(item.value, int | Fraction | Decimal) and not isinstance(item.value, bool)
    }


def _population_exact(values: Mapping[str, Fraction]) -> Fraction:
    return values["total"] * values["population"] / values["population_sum"]


def _equal_exact(values: Mapping[str, Fraction]) -> Fraction:
    return values["total"] / values["count"]


def _performance_exact(values: Mapping[str, Fraction]) -> Fraction:
    # Seed 002 "Kvarstående medel": the bonus pot is shared in proportion to the qualified amounts.
    qualified, qualified_total = values["qualified"], values["qualified_total"]
    # Each qualified month pays the region's reserved share: amount / months × population / population sum.
    derived = sum(
        (
            values[key]
            / values["months_count"]
            * values["population"]
            / values["population_sum"]
            * values["qualified_months_" + key.removeprefix("amount_")]
            for key in values
            if key.startswith("amount_")
        ),
        Fraction(0),
    )
    if derived != qualified:
        raise ValueError(f"the qualified months give {derived}, but the stored qualified amount is {qualified}")
    if not qualified_total:
        return Fraction(0)
    return qualified + values["bonus_pot"] * qualified / qualified_total


def _tariff_exact(values: Mapping[str, Fraction]) -> Fraction:
    # Seed 003 block 2: paid up to the cap, plus the region's part of every remainder pot it qualified for,
    # in proportion to the caps of the qualified regions.
    earned = sum(
        (
            values[key] * values["tariff_" + key.removeprefix("operations_")]
            for key in values
            if key.startswith("operations_")
        ),
        Fraction(0),
    )
    exact = min(earned, values["cap"])
    for key in values:
        if key.startswith("pot_"):
            exact += values[key] * values["cap"] / values["qualified_cap_sum_" + key.removeprefix("pot_")]
    return exact


DERIVATIONS: dict[str, Callable[[Mapping[str, Fraction]], Fraction]] = {
    POPULATION_SHARE: _population_exact,
    EQUAL_SHARE: _equal_exact,
    PERFORMANCE_POTS: _performance_exact,
    OPERATION_TARIFF: _tariff_exact,
}


def recompute_amount(data: Mapping) -> int:
    """Return a line's amount recomputed from its stored explanation alone.

    For the known rules the exact amount is first derived again from the inputs and checked against the stored
    one; the amount is then the exact amount floored to the unit plus the stored rounding adjustment.
    """
    explanation = Explanation.from_dict(data)
    derive = DERIVATIONS.get(explanation.rule)
    if derive is not None:
        try:
            derived = derive(_numbers(explanation))
        except KeyError as error:
            raise ValueError(f"explanation of rule {explanation.rule!r} lacks input {error.args[0]!r}") from None
        if derived != explanation.exact:
            raise ValueError(f"inputs give {derived}, but the stored exact amount is {explanation.exact}")
    if explanation.adjustment not in (0, explanation.unit):
        raise ValueError(f"a rounding adjustment is 0 or one unit, got {explanation.adjustment}")
    return floor_to_unit(explanation.exact, explanation.unit) + explanation.adjustment
