"""Per-operation tariff (seed 003 block 2): edge cases found by mutation testing (benchmarks/mutation.py)."""

import dataclasses
from fractions import Fraction

import pytest

from grants.allocation import Inputs, MissingInput, TopList, compute_component

from .tariff_helpers import INDICATORS, MONTHS, operations_world, rows, tariff_spec, top_lists

CAPS = {"01": 2_000_000, "03": 3_000_000, "04": 5_000_000}
POPULATIONS = {"01": 100_000, "03": 200_000, "04": 400_000}
OPERATIONS = {
    "01": {"hip": 10, "prolapse": 0, "cataract": 0},
    "03": {"hip": 5, "prolapse": 10, "cataract": 0},
    "04": {"hip": 0, "prolapse": 0, "cataract": 50},
}
# Each region earns more than its cap (2 218 000, 3 298 000 and 5 458 000 kr) and operates in every area.
ABOVE_CAPS = {
    "01": {"hip": 20, "prolapse": 1, "cataract": 1},
    "03": {"hip": 30, "prolapse": 1, "cataract": 1},
    "04": {"hip": 50, "prolapse": 1, "cataract": 1},
}


def without(spec, name):
    return dataclasses.replace(spec, params={key: value for key, value in spec.params.items() if key != name})


def test_mismatched_kinds_are_refused():
    inputs = operations_world(CAPS, OPERATIONS, POPULATIONS)
    no_cataract_indicator = {"hip": INDICATORS["hip"], "prolapse": INDICATORS["prolapse"]}
    with pytest.raises(ValueError, match="must name the same kinds"):
        compute_component(tariff_spec(10_000_000, indicators=no_cataract_indicator), inputs)
    with pytest.raises(ValueError, match="must name the same kinds"):
        compute_component(tariff_spec(10_000_000, remainder_shares={"hip": 1}), inputs)


def test_a_remainder_of_one_krona_is_ranked_and_paid_to_the_top_list():
    inputs = operations_world(CAPS, ABOVE_CAPS, POPULATIONS)
    result = compute_component(tariff_spec(10_000_001), inputs)
    assert not any("Inga kvarstående medel" in note for note in result.notes)
    assert top_lists(result)["hip"].regions == ("01", "03", "04")  # 20, 15 and 12,5 per 100 000
    assert result.total == 10_000_001
    without_ranking = Inputs(inputs.regions, {}, inputs.need_weights, inputs.monthly)
    with pytest.raises(MissingInput, match="Befolkning 1 november 2024"):
        compute_component(tariff_spec(10_000_001), without_ranking)


def test_a_zero_population_never_enters_a_top_list():
    result = compute_component(tariff_spec(10_000_000), operations_world(CAPS, OPERATIONS, {**POPULATIONS, "04": 0}))
    assert rows(result)["04"].per_inhabitant == {"hip": 0, "prolapse": 0, "cataract": 0}
    assert "04" not in top_lists(result)["cataract"].regions


def test_a_period_where_every_month_is_reported_by_only_some_regions_is_final():
    # Only Region 01 reports, and only hip operations, but it does so every month: the period is complete.
    monthly = {("01", INDICATORS["hip"], 2025, month): 1 for month in MONTHS}
    inputs = Inputs(
        regions={code: f"Region {code}" for code in CAPS},
        populations=operations_world(CAPS, OPERATIONS, POPULATIONS).populations,
        need_weights=operations_world(CAPS, OPERATIONS, POPULATIONS).need_weights,
        monthly=monthly,
    )
    result = compute_component(tariff_spec(10_000_000), inputs)
    assert not result.provisional
    assert not any("Preliminär" in note for note in result.notes)


def test_the_text_names_the_period_and_the_rate_per_100_000_inhabitants():
    result = compute_component(tariff_spec(10_000_000, top_n=2), operations_world(CAPS, OPERATIONS, POPULATIONS))
    text = result.lines[0].explanation.text.replace("\u00a0", " ")
    assert text.startswith("Operationer februari–oktober 2025 för patienter med hemregion Region 01:")
    assert "Höftledsprotes: i topplistan (10,00 operationer per 100 000 invånare);" in text
    assert "Framfall: inte i topplistan (0,00 operationer per 100 000 invånare)." in text


def test_the_top_list_holds_five_regions_unless_the_definition_says_otherwise():
    codes = ["01", "03", "04", "05", "06", "07"]
    operations = {code: {"hip": 7 - index, "prolapse": 1, "cataract": 1} for index, code in enumerate(codes)}
    inputs = operations_world(dict.fromkeys(codes, 1_000_000), operations, dict.fromkeys(codes, 100_000))
    result = compute_component(without(tariff_spec(10_000_000), "top_n"), inputs)
    assert top_lists(result)["hip"].regions == ("01", "03", "04", "05", "06")
    with pytest.raises(ValueError, match="'top_n' must be at least 1"):
        compute_component(tariff_spec(10_000_000, top_n=0), inputs)


def test_rows_and_top_lists_cannot_be_changed_afterwards():
    result = compute_component(tariff_spec(10_000_000), operations_world(CAPS, OPERATIONS, POPULATIONS))
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows(result)["01"].paid = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        top_lists(result)["hip"].pot = Fraction(0)


def test_a_top_list_built_without_caps_has_a_cap_sum_of_zero():
    assert TopList(kind="hip", regions=(), pot=Fraction(0)).cap_sum == 0


def test_with_nothing_left_over_each_region_is_paid_its_earnings_even_with_the_ranking_population_loaded():
    earned = {"01": 1_080_000, "03": 930_000, "04": 950_000}
    result = compute_component(tariff_spec(sum(earned.values())), operations_world(CAPS, OPERATIONS, POPULATIONS))
    assert result.amounts() == earned
    assert all(row.remainder == 0 for row in rows(result).values())
    assert any("Inga kvarstående medel" in note for note in result.notes)
