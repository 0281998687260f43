"""Per-operation tariff with cap and top-5 remainder (DESIGN §4.4, seed 003 block 2), worked by hand."""

from decimal import Decimal

import pytest

from grants.allocation import Inputs, MissingInput, compute_component, recompute_amount

from .seed_tables import CAPS_TOTAL_2025, REGIONS, TABLE_2024, caps, populations
from .tariff_helpers import CAP_SERIES, INDICATORS, operations_world, rows, tariff_spec, top_lists

HAND_CAPS = {"01": 2_000_000, "03": 3_000_000, "04": 5_000_000}
HAND_POPULATIONS = {"01": 100_000, "03": 200_000, "04": 400_000}
HAND_OPERATIONS = {
    "01": {"hip": 10, "prolapse": 0, "cataract": 0},  # 1 080 000 kr
    "03": {"hip": 5, "prolapse": 10, "cataract": 0},  # 540 000 + 390 000 = 930 000 kr
    "04": {"hip": 0, "prolapse": 0, "cataract": 50},  # 950 000 kr
}


def assert_recomputable(result):
    for line in result.lines:
        assert recompute_amount(line.explanation.to_dict()) == line.amount


def test_remainder_is_split_65_23_12_and_inside_each_pot_by_cap():
    inputs = operations_world(HAND_CAPS, HAND_OPERATIONS, HAND_POPULATIONS)
    result = compute_component(tariff_spec(10_000_000, top_n=2), inputs)
    assert {code: row.paid for code, row in rows(result).items()} == {"01": 1_080_000, "03": 930_000, "04": 950_000}
    # R = 10 000 000 − 2 960 000 = 7 040 000.
    tops = top_lists(result)
    assert tops["hip"].regions == ("01", "03")  # 10 / 100 000 before 5 / 200 000; 04 did none
    assert tops["hip"].pot == 4_576_000  # 65 %, split by caps 2 000 000 : 3 000 000
    assert tops["prolapse"].regions == ("03",) and tops["prolapse"].pot == 1_619_200  # 23 %
    assert tops["cataract"].regions == ("04",) and tops["cataract"].pot == 844_800  # 12 %
    assert result.amounts() == {
        "01": 1_080_000 + 1_830_400,
        "03": 930_000 + 2_745_600 + 1_619_200,
        "04": 950_000 + 844_800,
    }
    assert result.total == 10_000_000 and not result.notes
    assert_recomputable(result)
    text = result.lines[0].explanation.text.replace("\u00a0", " ")
    assert "Höftledsprotes: 10 × 108 000 kr = 1 080 000 kr" in text
    assert "65 % × 7 040 000 kr = 4 576 000 kr × 2 000 000 kr / 5 000 000 kr = 1 830 400 kr" in text


def test_region_with_zero_operations_never_enters_a_top_list():
    inputs = operations_world(HAND_CAPS, HAND_OPERATIONS, HAND_POPULATIONS)
    result = compute_component(tariff_spec(10_000_000), inputs)  # top 5 of 3 regions
    assert top_lists(result)["hip"].regions == ("01", "03")
    assert top_lists(result)["prolapse"].regions == ("03",)
    assert rows(result)["04"].per_inhabitant["hip"] == 0


def test_cap_reached_exactly_and_exceeded():
    caps_ = {"01": 166_000, "03": 100_000, "04": 1_000_000}
    operations = {
        "01": {"hip": 1, "prolapse": 1, "cataract": 1},  # 166 000 = cap exactly
        "03": {"hip": 1, "prolapse": 0, "cataract": 0},  # 108 000 > cap 100 000
        "04": {"hip": 0, "prolapse": 0, "cataract": 2},  # 38 000
    }
    result = compute_component(tariff_spec(1_266_000), operations_world(caps_, operations, HAND_POPULATIONS))
    table = rows(result)
    assert (table["01"].earned, table["01"].paid) == (166_000, 166_000)
    assert (table["03"].earned, table["03"].paid) == (108_000, 100_000)
    assert (table["04"].earned, table["04"].paid) == (38_000, 38_000)
    assert all(row.paid <= row.cap for row in table.values())
    assert result.total == 1_266_000
    assert "(taket nått)" in result.lines[0].explanation.text
    assert "(taket nått)" not in result.lines[2].explanation.text


def test_no_remainder_needs_no_ranking_population():
    caps_ = {"01": 100_000, "03": 200_000}
    operations = {"01": {"hip": 1, "prolapse": 0, "cataract": 0}, "03": {"hip": 2, "prolapse": 0, "cataract": 0}}
    result = compute_component(tariff_spec(300_000), operations_world(caps_, operations, populations=None))
    assert result.amounts() == {"01": 100_000, "03": 200_000}
    assert top_lists(result) == {}
    assert any("Inga kvarstående medel" in note for note in result.notes)
    assert_recomputable(result)


def test_missing_ranking_population_is_refused_when_there_is_a_remainder():
    inputs = operations_world(HAND_CAPS, HAND_OPERATIONS, {"01": 100_000})
    with pytest.raises(MissingInput) as raised:
        compute_component(tariff_spec(10_000_000), inputs)
    assert raised.value.missing == ("Befolkning 1 november 2024 saknas för: Region 03, Region 04",)


def test_missing_cap_is_refused():
    inputs = operations_world(HAND_CAPS, HAND_OPERATIONS, HAND_POPULATIONS)
    inputs = Inputs(
        regions=inputs.regions,
        populations=inputs.populations,
        need_weights={CAP_SERIES: {"01": 2_000_000}},
        monthly=inputs.monthly,
    )
    with pytest.raises(MissingInput, match="Maxtak \\(maxtak-2025\\) saknas för: Region 03, Region 04"):
        compute_component(tariff_spec(10_000_000), inputs)
    with pytest.raises(MissingInput, match="Maxtak"):
        compute_component(tariff_spec(10_000_000), Inputs(regions=inputs.regions, populations={}))


def test_tie_at_fifth_place_in_a_top_list_lets_six_regions_in():
    codes = ["01", "03", "04", "05", "06", "07", "08"]
    caps_ = dict.fromkeys(codes, 1_000_000)
    hips = [7, 6, 5, 4, 3, 3, 2]
    operations = {code: {"hip": hip, "prolapse": 1, "cataract": 1} for code, hip in zip(codes, hips, strict=True)}
    pops = dict.fromkeys(codes, 100_000)
    result = compute_component(tariff_spec(10_000_000), operations_world(caps_, operations, pops))
    tops = top_lists(result)
    assert tops["hip"].regions == ("01", "03", "04", "05", "06", "07")
    assert tops["prolapse"].regions == tuple(codes)  # all tied at first place
    assert result.total == 10_000_000
    hip_pot_share = tops["hip"].pot / 6
    assert rows(result)["07"].remainder == hip_pot_share + (tops["prolapse"].pot + tops["cataract"].pot) / 7
    assert rows(result)["08"].remainder == (tops["prolapse"].pot + tops["cataract"].pot) / 7
    assert_recomputable(result)


def test_area_without_operations_leaves_its_pot_unallocated():
    operations = {code: {"hip": 1, "prolapse": 1, "cataract": 0} for code in HAND_CAPS}
    result = compute_component(tariff_spec(10_000_000), operations_world(HAND_CAPS, operations, HAND_POPULATIONS))
    remainder = 10_000_000 - 3 * 147_000
    assert top_lists(result)["cataract"].regions == ()
    assert result.total == 10_000_000 - remainder * 12 // 100
    assert any("grå starr" in note for note in result.notes)


def test_jamtland_harjedalens_plan_earns_above_its_cap():
    seed_caps = caps()
    operations = {code: {"hip": 0, "prolapse": 0, "cataract": 0} for code in REGIONS}
    operations["23"] = {"hip": 34, "prolapse": 26, "cataract": 43}  # seed 004
    inputs = operations_world(seed_caps, operations, populations(TABLE_2024), names=REGIONS)
    result = compute_component(tariff_spec(CAPS_TOTAL_2025), inputs)
    row = rows(result)["23"]
    assert (row.earned, row.cap, row.paid) == (5_503_000, 5_502_825, 5_502_825)
    # The only region with operations: every pot goes to Jämtland Härjedalen.
    assert result.amounts()["23"] == CAPS_TOTAL_2025
    assert_recomputable(result)


def test_seed_scale_block_2_totals_397_000_000():
    # Made-up operation counts for all 21 regions against the real caps; 2023 populations stand in for
    # 1 November 2024 (the engine only needs some population on the ranking date).
    operations = {
        code: {"hip": 20 + index * 7 % 60, "prolapse": 10 + index * 5 % 40, "cataract": 30 + index * 11 % 90}
        for index, code in enumerate(sorted(REGIONS))
    }
    operations["01"] = {"hip": 900, "prolapse": 10, "cataract": 10}  # Stockholm passes its cap
    inputs = operations_world(caps(), operations, populations(TABLE_2024), names=REGIONS)
    result = compute_component(tariff_spec(CAPS_TOTAL_2025), inputs)
    assert rows(result)["01"].paid == rows(result)["01"].cap
    assert all(row.paid <= row.cap for row in rows(result).values())
    assert result.total == CAPS_TOTAL_2025
    assert all(len(item.regions) == 5 for item in top_lists(result).values())
    assert not result.provisional
    assert_recomputable(result)


def test_period_with_unreported_months_is_provisional():
    inputs = operations_world(HAND_CAPS, HAND_OPERATIONS, HAND_POPULATIONS)
    monthly = {key: value for key, value in inputs.monthly.items() if key[3] <= 4}
    inputs = Inputs(inputs.regions, inputs.populations, inputs.need_weights, monthly)
    result = compute_component(tariff_spec(10_000_000), inputs)
    assert result.provisional
    assert any("Preliminär" in note for note in result.notes)


def test_remainder_shares_must_add_up_to_one():
    spec = tariff_spec(1, remainder_shares={"hip": "0.65", "prolapse": "0.23", "cataract": "0.11"})
    with pytest.raises(ValueError, match="add up to 1"):
        compute_component(spec, operations_world(HAND_CAPS, HAND_OPERATIONS, HAND_POPULATIONS))


def test_fractional_operation_counts_are_refused():
    inputs = operations_world(HAND_CAPS, HAND_OPERATIONS, HAND_POPULATIONS)
    monthly = dict(inputs.monthly)
    monthly[("01", INDICATORS["hip"], 2025, 2)] = Decimal("1.5")
    with pytest.raises(ValueError, match="whole number"):
        compute_component(
            tariff_spec(10_000_000), Inputs(inputs.regions, inputs.populations, inputs.need_weights, monthly)
        )
