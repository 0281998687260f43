"""Regional planning against a tariff cap (seed 004: "Antal operationer att utföra för att erhålla statsbidrag").

Seed 004, Region Jämtland Härjedalen: 34 höftledsprotes (3 672 000 kr) + 26 framfall (1 014 000 kr) + 43 grå starr
(817 000 kr) = 5 503 000 kr, against "Maximalt att erhålla för Region JH 5 502 825 kr".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .apportion import as_fraction


@dataclass(frozen=True)
class Plan:
    """What a planned number of operations earns against the cap; `surplus` is negative when short of it."""

    amount: int
    cap: int
    reaches_cap: bool
    surplus: int

    @property
    def paid(self) -> int:
        """Return what the plan is paid: the amount, but never more than the cap."""
        return min(self.amount, self.cap)


@dataclass(frozen=True)
class Projection:
    """Earnings so far, extrapolated linearly to the whole period (whole kronor, rounded down), and capped."""

    earned_so_far: int
    projected_full_period: int
    projected_paid: int


def _amount(tariffs: Mapping[str, int], counts: Mapping[str, int]) -> int:
    unknown = set(counts) - set(tariffs)
    if unknown:
        raise ValueError(f"no tariff for {sorted(unknown)}")
    if any(count < 0 for count in counts.values()):
        raise ValueError("operation counts must not be negative")
    return sum(int(count) * int(tariffs[kind]) for kind, count in counts.items())


def plan(*, cap: int, tariffs: Mapping[str, int], counts: Mapping[str, int]) -> Plan:
    """Return what the given operation counts earn and whether that reaches the cap."""
    amount = _amount(tariffs, counts)
    return Plan(amount=amount, cap=cap, reaches_cap=amount >= cap, surplus=amount - cap)


def operations_needed(*, cap: int, tariffs: Mapping[str, int], mix: Mapping[str, Fraction]) -> dict[str, int]:
    """Return the fewest operations in roughly the given mix whose amount reaches the cap.

    `mix` gives the relative number of operations of each kind (weights, need not sum to 1; e.g. {"hip": 1/3,
    "prolapse": 1/4, "cataract": 5/12}). The counts are ceil(t × mix_k) for the smallest scale t whose counts
    reach the cap: start from t = cap / Σ mix_k × tariff_k (whose counts surely reach it), then lower t past
    each point where one count drops, for as long as the counts still reach the cap. Kinds with mix 0 get 0.
    """
    weights = {kind: as_fraction(weight) for kind, weight in mix.items()}
    if set(weights) - set(tariffs):
        raise ValueError(f"no tariff for {sorted(set(weights) - set(tariffs))}")
    if any(weight < 0 for weight in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("the mix must be non-negative with a positive sum")
    if any(tariffs[kind] <= 0 for kind, weight in weights.items() if weight):
        raise ValueError("tariffs must be positive")
    if cap <= 0:
        return dict.fromkeys(weights, 0)

    def counts_at(scale: Fraction) -> dict[str, int]:
        return {kind: -((-scale * weight) // 1) for kind, weight in weights.items()}

    scale = Fraction(cap) / sum(weight * tariffs[kind] for kind, weight in weights.items())
    counts = counts_at(scale)
    while True:
        # ceil(t × w) stays c for t in ((c − 1) / w, c / w]; below the largest such lower end some count drops.
        lower = max(Fraction(count - 1) / weights[kind] for kind, count in counts.items() if weights[kind])
        if lower <= 0:
            return counts
        candidate = counts_at(lower)
        if _amount(tariffs, candidate) < cap:
            return counts
        counts = candidate


def projection(
    *,
    months_reported: Mapping[int, Mapping[str, int]],
    months: Sequence[int],
    tariffs: Mapping[str, int],
    cap: int,
) -> Projection:
    """Return the earnings so far and their linear extrapolation over the whole period, capped.

    Only reported months inside the period count; the full-period figure is earned so far × months in the period /
    months reported, rounded down to whole kronor (an estimate should not overstate). With no month reported, 0.
    """
    reported = [month for month in months if month in months_reported]
    earned = sum(_amount(tariffs, months_reported[month]) for month in reported)
    projected = earned * len(months) // len(reported) if reported else 0
    return Projection(earned_so_far=earned, projected_full_period=projected, projected_paid=min(projected, cap))
