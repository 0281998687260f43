"""Component parameters and the engine's records: edge cases found by mutation testing (benchmarks/mutation.py)."""

import dataclasses

import pytest

from grants.allocation import compute_component

from .perf_helpers import perf_spec, rate, requirement, world

POPULATIONS = {"01": 100, "03": 200, "04": 300}


def reported_every_month() -> dict:
    monthly = {}
    for month in range(1, 13):
        rate(monthly, "01", "1.0", month=month)
    return monthly


@pytest.mark.parametrize("top_n", [True, 2.5])
def test_an_integer_parameter_refuses_booleans_and_floats(top_n):
    with pytest.raises(ValueError, match="'top_n' must be an integer"):
        compute_component(perf_spec([requirement(600)], [2], top_n=top_n), world(POPULATIONS, {}))


@pytest.mark.parametrize("months", [[1], [12], [1, 12], list(range(1, 13))])
def test_every_month_from_january_to_december_can_be_measured(months):
    spec = perf_spec([requirement(1_200)], months)
    result = compute_component(spec, world(POPULATIONS, reported_every_month()))
    assert result.total == 1_200 and not result.provisional


@pytest.mark.parametrize("months", [[], [0], [13], [2, 13], [0, 2], [2, 2]])
def test_months_outside_1_to_12_missing_or_repeated_are_refused(months):
    with pytest.raises(ValueError, match="months must be distinct numbers 1-12"):
        compute_component(perf_spec([requirement(1_200)], months), world(POPULATIONS, reported_every_month()))


def test_specifications_inputs_lines_and_results_cannot_be_changed_afterwards():
    spec = perf_spec([requirement(600)], [2])
    inputs = world(POPULATIONS, reported_every_month())
    result = compute_component(spec, inputs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.amount = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        inputs.regions = {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.lines[0].amount = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.provisional = True
