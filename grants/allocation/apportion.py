"""Split a whole-krona total exactly, and round exact shares to a unit.

DESIGN §4: shares are computed exactly and rounded by the largest-remainder method (Hamilton) unless a component's
rounding policy says otherwise. This reproduces both published population tables in the seeds to the krona
(seed 000 bilaga, seed 002 bilaga 2); plain rounding does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

LARGEST_REMAINDER = "largest_remainder"
NEAREST = "nearest"
METHODS = (LARGEST_REMAINDER, NEAREST)


@dataclass(frozen=True)
class RoundingPolicy:
    """How exact shares become whole amounts: a unit (1 kr, 1 000 kr, ...) and a method."""

    unit: int = 1
    method: str = LARGEST_REMAINDER

    def __post_init__(self) -> None:
        if isinstance(self.unit, bool) or not isinstance(self.unit, int) or self.unit < 1:
            raise ValueError(f"rounding unit must be a positive integer, got {self.unit!r}")
        if self.method not in METHODS:
            raise ValueError(f"rounding method must be one of {METHODS}, got {self.method!r}")


@dataclass(frozen=True)
class Share:
    """One key's part of a split: its weight, exact share, floored base, rounding adjustment and amount."""

    key: str
    weight: Fraction
    exact: Fraction
    base: int
    adjustment: int
    amount: int


DEFAULT_POLICY = RoundingPolicy()


def as_fraction(value: int | Fraction | Decimal | str) -> Fraction:
    """Return `value` as an exact Fraction; refuse floats, whose binary value is never what was meant."""
    if isinstance(value, bool | float):
        raise TypeError(f"exact arithmetic needs int, Fraction, Decimal or str, got {type(value).__name__}")
    if isinstance(value, int | Fraction | Decimal | str):
        return Fraction(value)
    raise TypeError(f"cannot use {type(value).__name__} as an exact number")


def floor_to_unit(value: Fraction | int, unit: int) -> int:
    """Return the largest multiple of `unit` that is not greater than `value`."""
    return (Fraction(value) // unit) * unit


def round_exact(
    exact: Mapping[str, Fraction],
    policy: RoundingPolicy = DEFAULT_POLICY,
    weights: Mapping[str, Fraction] | None = None,
) -> dict[str, Share]:
    """Return exact amounts rounded to the policy's unit, ordered by key.

    largest_remainder: floor every amount to the unit, then hand the units still missing up to
    floor(Σ exact / unit) × unit one at a time to the largest remainders (ties: larger weight, then lower key).
    When Σ exact is a multiple of the unit the rounded amounts total it exactly.
    nearest: every amount rounded half up to the unit on its own.
    `weights` only break ties; they default to the exact amounts.
    """
    unit = policy.unit
    exact = {key: as_fraction(value) for key, value in exact.items()}
    weights = exact if weights is None else {key: as_fraction(weights[key]) for key in exact}
    bases = {key: floor_to_unit(value, unit) for key, value in exact.items()}
    adjustments = dict.fromkeys(exact, 0)
    if policy.method == NEAREST:
        for key, value in exact.items():
            if value - bases[key] >= Fraction(unit, 2):
                adjustments[key] = unit
    else:
        missing = floor_to_unit(sum(exact.values(), Fraction(0)), unit) - sum(bases.values())
        # Hamilton: largest remainder first; the tie-break order is DESIGN §4 ("larger weight first, then lower
        # county code"), which makes the result independent of the mapping's order.
        order = sorted(exact, key=lambda key: (-(exact[key] - bases[key]), -weights[key], key))
        for key in order[: missing // unit]:
            adjustments[key] = unit
    return {
        key: Share(
            key=key,
            weight=weights[key],
            exact=exact[key],
            base=bases[key],
            adjustment=adjustments[key],
            amount=bases[key] + adjustments[key],
        )
        for key in sorted(exact)
    }


def apportion(
    total: int,
    weights: Mapping[str, int | Fraction],
    policy: RoundingPolicy = DEFAULT_POLICY,
) -> dict[str, Share]:
    """Return `total` split in proportion to `weights`, rounded by `policy`, ordered by key."""
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise ValueError(f"total must be a non-negative integer number of kronor, got {total!r}")
    if policy.method == LARGEST_REMAINDER and total % policy.unit:
        raise ValueError(f"total {total} is not a multiple of the rounding unit {policy.unit}")
    exact_weights = {key: as_fraction(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in exact_weights.values()):
        raise ValueError("weights must not be negative")
    weight_sum = sum(exact_weights.values(), Fraction(0))
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    exact = {key: total * weight / weight_sum for key, weight in exact_weights.items()}
    return round_exact(exact, policy, exact_weights)
