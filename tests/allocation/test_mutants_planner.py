"""Regional planning against the cap (seed 004): edge cases found by mutation testing (benchmarks/mutation.py)."""

import dataclasses

import pytest

from grants.allocation import operations_needed, plan, projection

TARIFFS = {"hip": 108_000, "prolapse": 39_000, "cataract": 19_000}


def test_a_plan_exactly_at_the_cap_reaches_it():
    result = plan(cap=108_000, tariffs=TARIFFS, counts={"hip": 1})
    assert result.reaches_cap and result.surplus == 0 and result.paid == 108_000


def test_one_negative_count_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        plan(cap=1_000_000, tariffs=TARIFFS, counts={"hip": 5, "prolapse": -1, "cataract": 3})


def test_an_unknown_kind_in_the_mix_is_named_alone():
    with pytest.raises(ValueError) as raised:
        operations_needed(cap=1_000_000, tariffs=TARIFFS, mix={"hip": 1, "knee": 1})
    assert str(raised.value) == "no tariff for ['knee']"


@pytest.mark.parametrize("mix", [{"hip": 2, "prolapse": -1}, {"hip": 0, "prolapse": 0}])
def test_a_mix_with_a_negative_weight_or_nothing_in_it_is_refused(mix):
    with pytest.raises(ValueError, match="non-negative with a positive sum"):
        operations_needed(cap=1_000_000, tariffs=TARIFFS, mix=mix)


def test_a_tariff_of_zero_for_a_kind_in_the_mix_is_refused_and_one_krona_is_enough():
    with pytest.raises(ValueError, match="tariffs must be positive"):
        operations_needed(cap=1_000_000, tariffs={**TARIFFS, "hip": 0}, mix={"hip": 1, "prolapse": 1})
    assert operations_needed(cap=3, tariffs={"hip": 1}, mix={"hip": 1}) == {"hip": 3}


def test_a_cap_of_zero_needs_no_operations():
    assert operations_needed(cap=0, tariffs=TARIFFS, mix={"hip": 1, "prolapse": 1}) == {"hip": 0, "prolapse": 0}


def test_operations_that_earn_exactly_the_cap_are_enough():
    # 1 hip (100 kr) + 1 cataract (50 kr) = 150 kr = the cap; 2 + 1 would be one operation too many.
    result = operations_needed(cap=150, tariffs={"hip": 100, "cataract": 50}, mix={"hip": 2, "cataract": 1})
    assert result == {"hip": 1, "cataract": 1}


def test_plans_and_projections_cannot_be_changed_afterwards():
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan(cap=108_000, tariffs=TARIFFS, counts={"hip": 1}).amount = 0
    result = projection(months_reported={2: {"hip": 1}}, months=[2, 3], tariffs=TARIFFS, cap=1_000_000)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.projected_paid = 0
