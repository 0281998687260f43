"""Regional planning against the cap (seed 004, Region Jämtland Härjedalen)."""

from fractions import Fraction

import pytest

from grants.allocation import operations_needed, plan, projection

TARIFFS = {"hip": 108_000, "prolapse": 39_000, "cataract": 19_000}
JAMTLAND_CAP = 5_502_825  # seed 003 bilaga 2 and seed 004: "Maximalt att erhålla för Region JH"


def test_jamtland_harjedalens_plan_reaches_its_cap():
    result = plan(cap=JAMTLAND_CAP, tariffs=TARIFFS, counts={"hip": 34, "prolapse": 26, "cataract": 43})
    # Seed 004: 3 672 000 + 1 014 000 + 817 000 = 5 503 000 kr ≥ 5 502 825 kr.
    assert result.amount == 5_503_000
    assert result.reaches_cap and result.surplus == 175
    assert result.paid == JAMTLAND_CAP


def test_one_cataract_fewer_falls_short():
    result = plan(cap=JAMTLAND_CAP, tariffs=TARIFFS, counts={"hip": 34, "prolapse": 26, "cataract": 42})
    assert not result.reaches_cap and result.surplus == -18_825 and result.paid == 5_484_000


@pytest.mark.parametrize(
    "mix",
    [
        {"hip": 34, "prolapse": 26, "cataract": 43},  # the plan's own proportions
        {"hip": Fraction(1, 3), "prolapse": Fraction(1, 4), "cataract": Fraction(5, 12)},  # "roughly"
    ],
)
def test_operations_needed_finds_jamtlands_plan(mix):
    counts = operations_needed(cap=JAMTLAND_CAP, tariffs=TARIFFS, mix=mix)
    assert counts == {"hip": 34, "prolapse": 26, "cataract": 43}


def test_operations_needed_with_one_kind_only():
    counts = operations_needed(cap=JAMTLAND_CAP, tariffs=TARIFFS, mix={"hip": 1, "prolapse": 0, "cataract": 0})
    assert counts == {"hip": 51, "prolapse": 0, "cataract": 0}  # 51 × 108 000 = 5 508 000; 50 falls short


def test_operations_needed_is_the_smallest_scale_that_reaches_the_cap():
    mix = {"hip": Fraction(1, 3), "prolapse": Fraction(1, 4), "cataract": Fraction(5, 12)}
    for cap in (1, 19_000, 108_001, 1_000_000, JAMTLAND_CAP, 84_167_924):
        counts = operations_needed(cap=cap, tariffs=TARIFFS, mix=mix)
        assert plan(cap=cap, tariffs=TARIFFS, counts=counts).reaches_cap
        smaller = {kind: max(count - 1, 0) for kind, count in counts.items()}
        assert not plan(cap=cap, tariffs=TARIFFS, counts=smaller).reaches_cap


def test_projection_extrapolates_the_reported_months_linearly():
    months = list(range(2, 11))
    reported = {2: {"hip": 4, "prolapse": 3, "cataract": 5}, 3: {"hip": 3, "prolapse": 3, "cataract": 4}}
    result = projection(months_reported=reported, months=months, tariffs=TARIFFS, cap=JAMTLAND_CAP)
    earned = 7 * 108_000 + 6 * 39_000 + 9 * 19_000
    assert result.earned_so_far == earned
    assert result.projected_full_period == earned * 9 // 2
    assert result.projected_paid == min(earned * 9 // 2, JAMTLAND_CAP)


def test_projection_ignores_months_outside_the_period_and_handles_none():
    reported = {1: {"hip": 100}, 11: {"hip": 100}}
    result = projection(months_reported=reported, months=range(2, 11), tariffs=TARIFFS, cap=JAMTLAND_CAP)
    assert (result.earned_so_far, result.projected_full_period, result.projected_paid) == (0, 0, 0)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="no tariff"):
        plan(cap=1, tariffs=TARIFFS, counts={"knee": 1})
