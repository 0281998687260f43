"""Monthly performance pots (seed 002): edge cases found by mutation testing (benchmarks/mutation.py)."""

import dataclasses
from fractions import Fraction

import pytest

from grants.allocation import BonusPot, compute_component

from .perf_helpers import bonus_pot, cells, perf_spec, rate, requirement, world

SMALL = {"01": 100, "03": 200, "04": 300}  # reserved shares 1/6, 2/6, 3/6 of a monthly pot


def without(spec, name):
    return dataclasses.replace(spec, params={key: value for key, value in spec.params.items() if key != name})


def status(result, region, month=2):
    return cells(result)[("overcrowding", region, month)].status


def test_duplicate_requirement_codes_are_refused():
    twice = [requirement(300), requirement(300)]
    with pytest.raises(ValueError, match="non-empty with unique codes"):
        compute_component(perf_spec(twice, [2]), world(SMALL, {}))


def test_zero_to_zero_is_not_an_improvement():
    # Seed 002 asks for fewer overcrowded beds: a region already at 0 qualifies by its top-5 place only.
    monthly = {}
    rate(monthly, "01", "0", year=2023)
    rate(monthly, "01", "0")
    rate(monthly, "03", "5.0")
    result = compute_component(perf_spec([requirement(600)], [2], top_n=1), world(SMALL, monthly))
    assert status(result, "01") == "top5"
    assert status(result, "03") == "not_met"


def test_the_baseline_is_the_year_before_unless_the_definition_says_otherwise():
    monthly = {}
    rate(monthly, "01", "10.00", year=2023)
    rate(monthly, "01", "9.00")
    rate(monthly, "03", "1.00")  # best value: the only top-1 place
    rate(monthly, "04", "5.00")
    result = compute_component(
        without(perf_spec([requirement(600)], [2], top_n=1), "baseline_year"), world(SMALL, monthly)
    )
    assert [status(result, code) for code in SMALL] == ["improvement", "top5", "not_met"]


def test_the_top_list_holds_five_regions_unless_the_definition_says_otherwise():
    codes = ["01", "03", "04", "05", "06", "07"]
    monthly = {}
    for place, code in enumerate(codes, start=1):
        rate(monthly, code, str(place))
    inputs = world(dict.fromkeys(codes, 100), monthly)
    result = compute_component(without(perf_spec([requirement(600)], [2]), "top_n"), inputs)
    assert [status(result, code) for code in codes] == ["top5"] * 5 + ["not_met"]
    with pytest.raises(ValueError, match="'top_n' must be at least 1"):
        compute_component(perf_spec([requirement(600)], [2], top_n=0), inputs)


def test_a_zero_population_sum_is_refused_and_a_population_of_one_is_enough():
    with pytest.raises(ValueError, match="population sum must be positive"):
        compute_component(perf_spec([requirement(600)], [2]), world({"01": 0, "03": 0}, {}))
    monthly = {}
    rate(monthly, "01", "1.0")
    result = compute_component(perf_spec([requirement(600)], [2]), world({"01": 1}, monthly))
    assert result.amounts() == {"01": 600}


def test_the_text_shows_the_regions_share_of_the_bonus_pot():
    monthly = {}
    rate(monthly, "01", "10.00", year=2023)
    rate(monthly, "01", "9.95")  # improvement: 100 of the pot
    rate(monthly, "04", "1.0")  # top 1: 300 of the pot; 03 reports nothing, its 200 go to the bonus pot
    result = compute_component(perf_spec([requirement(600)], [2], top_n=1), world(SMALL, monthly))
    text = result.lines[0].explanation.text.replace("\u00a0", " ")
    assert "Kvalificerat totalt 100 kr av 400 kr för alla regioner;" in text
    assert "andel av bonuspotten: 200 kr × 100 / 400 = 50 kr." in text


def test_the_text_shows_no_bonus_share_when_nobody_qualifies():
    result = compute_component(perf_spec([requirement(600)], [2], final=True), world(SMALL, {}))
    text = result.lines[0].explanation.text.replace("\u00a0", " ")
    assert "andel av bonuspotten: 600 kr × 0 / 0 = 0 kr." in text


def test_month_cells_and_the_bonus_pot_cannot_be_changed_afterwards():
    result = compute_component(perf_spec([requirement(600)], [2], final=True), world(SMALL, {}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cells(result)[("overcrowding", "01", 2)].status = "improvement"
    with pytest.raises(dataclasses.FrozenInstanceError):
        bonus_pot(result).total = Fraction(0)


def test_a_bonus_pot_without_pending_months_has_nothing_pending():
    assert BonusPot(total=Fraction(200), qualified_total=Fraction(400)).pending == 0


def test_a_month_counts_as_having_data_when_any_requirement_has_some():
    monthly = {}
    rate(monthly, "01", "1.0", month=2)  # February: overcrowding only; March: nothing yet
    both = [requirement(600), requirement(600, "outlying")]
    result = compute_component(perf_spec(both, [2, 3]), world(SMALL, monthly))
    assert result.provisional
    assert any("data finns för 1 av 2 månader" in note.replace("\u00a0", " ") for note in result.notes)
