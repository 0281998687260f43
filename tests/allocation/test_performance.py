"""Monthly performance pots (DESIGN §4.3, seed 002 "Krav på prestation"), worked by hand."""

from decimal import Decimal
from fractions import Fraction

import pytest

from grants.allocation import MissingInput, apportion, compute_component, recompute_amount

from .perf_helpers import (
    OUTLYING,
    OVERCROWDING,
    SEED_MONTHS,
    bonus_pot,
    cells,
    perf_spec,
    rate,
    requirement,
    world,
)
from .seed_tables import REGIONS, TABLE_2024, populations

SMALL = {"01": 100, "03": 200, "04": 300}  # reserved shares 1/6, 2/6, 3/6 of a monthly pot


def status(result, region, month=2, code="overcrowding"):
    return cells(result)[(code, region, month)].status


def assert_recomputable(result):
    for line in result.lines:
        assert recompute_amount(line.explanation.to_dict()) == line.amount


def test_improvement_of_exactly_half_a_percent_qualifies_and_0_49_does_not():
    monthly = {}
    rate(monthly, "01", "10.00", year=2023)
    rate(monthly, "01", "9.95")  # exactly 0,5 % better
    rate(monthly, "03", "10.00", year=2023)
    rate(monthly, "03", "9.951")  # 0,49 % better
    rate(monthly, "04", "1.0")  # best value, no 2023 value: top 1
    result = compute_component(perf_spec([requirement(600)], [2], top_n=1), world(SMALL, monthly))
    assert [status(result, code) for code in SMALL] == ["improvement", "not_met", "top5"]
    # Pot 600: reserved 100 / 200 / 300. Qualified 100 + 300 = 400; bonus pot 200 shared 1:3.
    assert bonus_pot(result).total == 200 and bonus_pot(result).qualified_total == 400
    assert result.amounts() == {"01": 150, "03": 0, "04": 450}
    assert not result.provisional and not result.notes
    assert_recomputable(result)


def test_region_without_a_2023_value_can_only_qualify_by_top_5():
    monthly = {}
    rate(monthly, "01", "1.0")
    rate(monthly, "03", "3.0", year=2023)
    rate(monthly, "03", "2.0")
    rate(monthly, "04", "2.5")  # improved on nothing: no 2023 value to compare with
    result = compute_component(perf_spec([requirement(600)], [2], top_n=1), world(SMALL, monthly))
    assert [status(result, code) for code in SMALL] == ["top5", "improvement", "not_met"]
    assert cells(result)[("overcrowding", "04", 2)].baseline is None
    assert result.amounts() == {"01": 200, "03": 400, "04": 0}  # 300 in the bonus pot, shared 100:200


def test_missing_2024_value_is_not_met_and_its_share_goes_to_the_bonus_pot():
    monthly = {}
    rate(monthly, "01", "4.0")
    rate(monthly, "03", "5.0")
    rate(monthly, "04", "9.0", year=2023)  # a 2023 value alone is not a 2024 value
    result = compute_component(perf_spec([requirement(600)], [2]), world(SMALL, monthly))
    cell = cells(result)[("overcrowding", "04", 2)]
    assert (cell.status, cell.value, cell.rank, cell.baseline) == ("no_data", None, None, Decimal("9.0"))
    assert result.amounts() == {"01": 200, "03": 400, "04": 0}


def test_improvement_and_top_5_is_paid_once_as_improvement():
    monthly = {}
    rate(monthly, "01", "2.0", year=2023)
    rate(monthly, "01", "1.0")  # improved and lowest
    rate(monthly, "03", "5.0")
    rate(monthly, "04", "6.0")
    result = compute_component(perf_spec([requirement(600)], [2], top_n=1), world(SMALL, monthly))
    cell = cells(result)[("overcrowding", "01", 2)]
    assert (cell.status, cell.rank) == ("improvement", 1)
    # Paid once: reserved 100, plus the whole bonus pot of 500 as the only qualifier.
    assert result.amounts() == {"01": 600, "03": 0, "04": 0}
    assert bonus_pot(result).qualified_total == 100


def test_tie_at_fifth_place_lets_six_regions_in():
    pops = {f"{code:02}": 100 for code in (1, 3, 4, 5, 6, 7, 8)}
    monthly = {}
    for code, value in zip(pops, ["1", "2", "3", "4", "5", "5", "6"], strict=True):
        rate(monthly, code, value)
    result = compute_component(perf_spec([requirement(700)], [2]), world(pops, monthly))
    assert [status(result, code) for code in pops] == ["top5"] * 6 + ["not_met"]
    assert [cells(result)[("overcrowding", code, 2)].rank for code in pops] == [1, 2, 3, 4, 5, 5, 7]
    # Six reserved shares of 100 qualify; bonus 100 shared equally: 116 2/3 each. 4 kr left after flooring go to
    # the lowest county codes (equal remainders, equal weights).
    assert list(result.amounts().values()) == [117, 117, 117, 117, 116, 116, 0]
    assert result.total == 700


def test_nobody_qualifies_gives_zero_lines_and_a_note():
    result = compute_component(perf_spec([requirement(600)], [2, 3], final=True), world(SMALL, {}))
    assert result.amounts() == {"01": 0, "03": 0, "04": 0}
    assert {cell.status for cell in cells(result).values()} == {"no_data"}
    assert any("Ingen region har kvalificerat sig" in note for note in result.notes)
    assert bonus_pot(result).total == 600 and not result.provisional
    assert_recomputable(result)


def test_everyone_qualifies_leaves_an_empty_bonus_pot_and_pays_the_population_share():
    pops = populations(TABLE_2024)
    monthly = {}
    for requirement_ in (OVERCROWDING, OUTLYING):
        for month in SEED_MONTHS:
            for code in pops:
                rate(monthly, code, "5.00", month, 2023, requirement_["indicator"])
                rate(monthly, code, "4.90", month, 2024, requirement_["indicator"])  # 2 % better
    inputs = world(pops, monthly)
    result = compute_component(perf_spec([OVERCROWDING, OUTLYING], SEED_MONTHS), inputs)
    assert bonus_pot(result).total == 0
    assert {cell.status for cell in cells(result).values()} == {"improvement"}
    assert result.total == 1_240_000_000
    expected = apportion(1_240_000_000, pops)
    assert result.amounts() == {code: share.amount for code, share in expected.items()}
    assert_recomputable(result)


def seed_scale_monthly(skip_months=()):
    """Return made-up but deterministic 2023/2024 rates for all 21 regions, both requirements."""
    monthly = {}
    for index, code in enumerate(sorted(REGIONS)):
        for requirement_ in (OVERCROWDING, OUTLYING):
            for month in SEED_MONTHS:
                base = Decimal(3 + (index * 7 + month * 3) % 11) + Decimal(index) / 10
                rate(monthly, code, base, month, 2023, requirement_["indicator"])
                if month in skip_months or (index + month) % 13 == 0:
                    continue  # the region did not report this month
                change = Decimal((index * 5 + month) % 9 - 4) / 100  # −4 % .. +4 %
                rate(
                    monthly,
                    code,
                    (base * (1 + change)).quantize(Decimal("0.01")),
                    month,
                    2024,
                    requirement_["indicator"],
                )
    return monthly


def test_seed_scale_performance_part_totals_1_240_000_000_and_recomputes():
    inputs = world(populations(TABLE_2024), seed_scale_monthly())
    result = compute_component(perf_spec([OVERCROWDING, OUTLYING], SEED_MONTHS), inputs)
    statuses = {cell.status for cell in cells(result).values()}
    assert statuses == {"improvement", "top5", "not_met", "no_data"}
    assert result.total == 1_240_000_000
    pot = bonus_pot(result)
    assert pot.total + pot.qualified_total == 1_240_000_000
    assert sum(line.explanation.exact for line in result.lines) == 1_240_000_000
    assert_recomputable(result)
    text = result.lines[0].explanation.text
    assert "Överbeläggningar 2024" in text and "Utlokaliseringar 2024" in text and "bonuspotten" in text
    # Each monthly pot is 620 000 000 / 9 and Stockholm's reserved share of it is by population.
    stockholm = cells(result)[("overcrowding", "01", 2)]
    assert stockholm.reserved == Fraction(620_000_000, 9) * 2_455_914 / 10_557_682


def test_provisional_standings_mid_period():
    monthly = seed_scale_monthly(skip_months=range(5, 11))  # data for februari–april only
    inputs = world(populations(TABLE_2024), monthly)
    result = compute_component(perf_spec([OVERCROWDING, OUTLYING], SEED_MONTHS), inputs)
    assert result.provisional
    pending = {cell.month for cell in cells(result).values() if cell.status == "pending"}
    assert pending == set(range(5, 11))
    pot = bonus_pot(result)
    assert pot.pending == Fraction(1_240_000_000 * 6, 9)
    assert pot.total + pot.qualified_total == Fraction(1_240_000_000 * 3, 9)
    assert result.total == (pot.total + pot.qualified_total) // 1  # floored, then shared by largest remainder
    assert any("Preliminär ställning" in note and "3 av 9" in note.replace("\u00a0", " ") for note in result.notes)
    assert_recomputable(result)
    # Finalising the same data makes the empty months "no data": everything is paid out.
    final = compute_component(perf_spec([OVERCROWDING, OUTLYING], SEED_MONTHS, final=True), inputs)
    assert not final.provisional and final.total == 1_240_000_000
    assert {cell.status for cell in cells(final).values() if cell.month >= 5} == {"no_data"}


def test_bonus_pot_is_shared_by_qualified_amounts_over_both_requirements():
    monthly = {}
    # Overcrowding (pot 600): only 01 reports -> top; 03 and 04 no data.
    rate(monthly, "01", "3.0")
    # Outlying (pot 600): 03 and 04 report, top_n 1 -> 03.
    rate(monthly, "03", "1.0", indicator="outlying_rate")
    rate(monthly, "04", "2.0", indicator="outlying_rate")
    spec = perf_spec([requirement(600), requirement(600, "outlying")], [2], top_n=1)
    result = compute_component(spec, world(SMALL, monthly))
    # Qualified: 01: 100, 03: 200 -> 300. Bonus: 200 + 300 + 100 + 300 = 900, shared 1:2.
    assert bonus_pot(result).total == 900
    assert result.amounts() == {"01": 400, "03": 800, "04": 0}


def test_missing_population_is_refused():
    spec = perf_spec([requirement(600)], [2])
    inputs = world(SMALL)
    inputs = type(inputs)(regions={**inputs.regions, "05": "Region 05"}, populations=inputs.populations)
    with pytest.raises(MissingInput, match="Befolkning 1 november 2023 saknas för: Region 05"):
        compute_component(spec, inputs)


def test_requirements_must_add_up_to_the_component_amount():
    spec = perf_spec([requirement(600)], [2])
    spec = type(spec)(**{**spec.__dict__, "amount": 601})
    with pytest.raises(ValueError, match="add up"):
        compute_component(spec, world(SMALL))
