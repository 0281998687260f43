"""Explanations: stored as JSON, read back, and recomputed to the krona from the stored data alone."""

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from grants.allocation import ComponentSpec, Explanation, Input, Inputs, compute_component, recompute_amount
from grants.allocation.formatting import NBSP, format_date, format_decimal, format_kr, format_percent

from .seed_tables import (
    POPULATION_DATE_2022,
    POPULATION_DATE_2024,
    REGIONS,
    TABLE_2022,
    TABLE_2024,
    TOTAL_2022,
    TOTAL_2024,
    amounts,
    populations,
)


def population_result(total, table, as_of):
    spec = ComponentSpec(
        code="bas",
        name="Fördelning efter befolkning",
        rule="population_share",
        amount=total,
        source="S2022/00456, bilaga",
        params={"population_date": as_of},
    )
    return compute_component(spec, Inputs(regions=REGIONS, populations={as_of: populations(table)}))


def stored(explanation: Explanation) -> dict:
    return json.loads(json.dumps(explanation.to_dict()))


@pytest.mark.parametrize(
    ("total", "table", "as_of"),
    [(TOTAL_2022, TABLE_2022, POPULATION_DATE_2022), (TOTAL_2024, TABLE_2024, POPULATION_DATE_2024)],
)
def test_every_line_recomputes_from_its_stored_explanation(total, table, as_of):
    result = population_result(total, table, as_of)
    published = amounts(table)
    for line in result.lines:
        assert recompute_amount(stored(line.explanation)) == line.amount == published[line.region]


@pytest.mark.parametrize(
    ("total", "table", "as_of"),
    [(TOTAL_2022, TABLE_2022, POPULATION_DATE_2022), (TOTAL_2024, TABLE_2024, POPULATION_DATE_2024)],
)
def test_text_names_the_population_and_its_date(total, table, as_of):
    pops = populations(table)
    for line in population_result(total, table, as_of).lines:
        text = line.explanation.text
        assert f"{pops[line.region]:,}".replace(",", NBSP) in text
        assert format_date(as_of) in text
        assert text.endswith(format_kr(line.amount))


def test_blekinge_2022_text_reads_as_a_hand_calculation():
    line = population_result(TOTAL_2022, TABLE_2022, POPULATION_DATE_2022).amounts()
    assert line["10"] == 30_412_474
    text = population_result(TOTAL_2022, TABLE_2022, POPULATION_DATE_2022).lines[8].explanation.text
    assert text.replace(NBSP, " ") == (
        "1 997 500 000 kr × 158 999 / 10 443 100 (befolkning 1 november 2021) = exakt 30 412 473 3361/6143 kr"
        " (≈ 30 412 473,55 kr); avrundat med största rest: +1 kr → 30 412 474 kr"
    )


def test_explanation_round_trips_through_json_exactly():
    explanation = population_result(TOTAL_2024, TABLE_2024, POPULATION_DATE_2024).lines[3].explanation
    assert Explanation.from_dict(stored(explanation)) == explanation
    assert explanation.value("population") == 472_660  # Östergötland, seed 002
    assert stored(explanation)["inputs"][2]["as_of"] == "2023-11-01"


def test_input_values_of_every_type_round_trip():
    inputs = (
        Input("a", "A", 7),
        Input("b", "B", Fraction(2, 3)),
        Input("c", "C", Decimal("6.40")),
        Input("d", "D", "text", as_of=date(2024, 11, 1), source="seed 003"),
    )
    for item in inputs:
        assert Input.from_dict(json.loads(json.dumps(item.to_dict()))) == item
    assert Input("b", "B", Fraction(2, 3)).to_dict()["value"] == "2/3"
    with pytest.raises(TypeError):
        Input("f", "F", 0.5).to_dict()


def test_tampered_inputs_are_detected():
    data = stored(population_result(TOTAL_2022, TABLE_2022, POPULATION_DATE_2022).lines[0].explanation)
    data["inputs"][2]["value"] += 1
    with pytest.raises(ValueError, match="stored exact"):
        recompute_amount(data)


def test_bad_adjustment_is_detected():
    data = stored(population_result(TOTAL_2022, TABLE_2022, POPULATION_DATE_2022).lines[0].explanation)
    data["adjustment"] = 2
    with pytest.raises(ValueError, match="adjustment"):
        recompute_amount(data)


def test_unknown_rule_recomputes_from_exact_and_adjustment():
    explanation = Explanation(
        rule="manual",
        source="",
        text="",
        inputs=(),
        exact=Fraction(4_761_904_761, 1000),
        unit=1000,
        method="nearest",
        base=4_761_000,
        adjustment=1000,
        amount=4_762_000,
    )
    assert recompute_amount(stored(explanation)) == 4_762_000


def test_swedish_formats():
    assert format_kr(1_997_500_000) == f"1{NBSP}997{NBSP}500{NBSP}000{NBSP}kr"
    assert format_date(date(2023, 11, 1)) == "1 november 2023"
    assert format_date(date(2022, 3, 15)) == "15 mars 2022"
    assert format_decimal(Decimal("6.4")) == "6,4"
    assert format_percent(Decimal("0.005")) == f"0,5{NBSP}%"
    assert format_percent(Fraction(65, 100)) == f"65{NBSP}%"
