"""Apportionment: edge cases found by mutation testing (benchmarks/mutation.py)."""

import dataclasses

import pytest

from grants.allocation import RoundingPolicy, apportion

NEAREST_THOUSAND = RoundingPolicy(unit=1_000, method="nearest")


def test_an_exact_half_unit_rounds_up_under_nearest_rounding():
    # 3 000 kr in two equal shares: exactly 1 500 kr each, half of the 1 000 kr unit.
    shares = apportion(3_000, {"01": 1, "03": 1}, NEAREST_THOUSAND)
    assert {code: share.amount for code, share in shares.items()} == {"01": 2_000, "03": 2_000}
    assert (shares["01"].base, shares["01"].adjustment) == (1_000, 1_000)


def test_just_under_half_a_unit_rounds_down_under_nearest_rounding():
    shares = apportion(2_998, {"01": 1, "03": 1}, NEAREST_THOUSAND)
    assert {code: share.amount for code, share in shares.items()} == {"01": 1_000, "03": 1_000}


def test_a_share_cannot_be_changed_afterwards():
    share = apportion(100, {"01": 1})["01"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        share.amount = 0
