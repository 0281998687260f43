"""Population share and equal share as components, and missing inputs."""

from datetime import date

import pytest

from grants.allocation import ComponentSpec, Inputs, MissingInput, RoundingPolicy, compute, recompute_amount

from .seed_tables import (
    POPULATION_DATE_2024,
    REGIONS,
    TABLE_2024,
    TOTAL_2024,
    amounts,
    populations,
)

BASIC_2024 = ComponentSpec(
    code="grund",
    name="Grundläggande krav: rapportera vårdplatsdata",
    rule="population_share",
    amount=TOTAL_2024,
    source="seed 002, bilaga 1 och 2",
    params={"population_date": POPULATION_DATE_2024},
)
BLOCK_1 = ComponentSpec(
    code="block1",
    name="Block 1: vårdgarantifunktion",
    rule="equal_share",
    amount=100_000_000,
    source="seed 003, block 1",
    rounding=RoundingPolicy(unit=1000, method="nearest"),
)


def test_compute_returns_the_2024_table_and_block_1():
    inputs = Inputs(regions=REGIONS, populations={POPULATION_DATE_2024: populations(TABLE_2024)})
    basic, block = compute([BASIC_2024, BLOCK_1], inputs)
    assert basic.amounts() == amounts(TABLE_2024)
    assert basic.total == TOTAL_2024 and not basic.notes and not basic.provisional
    assert set(block.amounts().values()) == {4_762_000}
    assert block.total == 100_002_000  # rounding each to 1 000 kr on its own overshoots the frame by 2 000 kr
    assert "100" in block.notes[0]
    jamtland = block.lines[-3]
    assert jamtland.region == "23"
    assert recompute_amount(jamtland.explanation.to_dict()) == 4_762_000
    assert "21 regioner" in jamtland.explanation.text


def test_equal_share_by_largest_remainder_keeps_the_total():
    spec = ComponentSpec("b1", "Block 1", "equal_share", 100_000_000, "seed 003, block 1")
    (result,) = compute([spec], Inputs(regions=REGIONS, populations={}))
    assert result.total == 100_000_000
    assert all(recompute_amount(line.explanation.to_dict()) == line.amount for line in result.lines)


def test_missing_population_names_the_date_and_the_regions():
    figures = populations(TABLE_2024)
    del figures["09"], figures["12"]
    inputs = Inputs(regions=REGIONS, populations={POPULATION_DATE_2024: figures})
    with pytest.raises(MissingInput) as raised:
        compute([BASIC_2024], inputs)
    assert raised.value.missing == (f"{BASIC_2024.name}: Befolkning 1 november 2023 saknas för: Gotland, Skåne",)


def test_population_date_may_be_an_iso_string():
    spec = ComponentSpec(
        "g", "Grund", "population_share", TOTAL_2024, "seed 002", params={"population_date": "2023-11-01"}
    )
    inputs = Inputs(regions=REGIONS, populations={date(2023, 11, 1): populations(TABLE_2024)})
    assert compute([spec], inputs)[0].amounts() == amounts(TABLE_2024)


def test_unknown_rule_and_duplicate_codes_are_refused():
    inputs = Inputs(regions=REGIONS, populations={})
    with pytest.raises(ValueError, match="unknown rule"):
        compute([ComponentSpec("x", "X", "lottery", 1, "")], inputs)
    with pytest.raises(ValueError, match="unique"):
        compute([BLOCK_1, BLOCK_1], inputs)
