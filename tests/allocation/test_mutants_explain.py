"""Explanations: edge cases found by mutation testing (benchmarks/mutation.py)."""

import dataclasses
import json
from datetime import date

import pytest

from grants.allocation import ComponentSpec, Inputs, RoundingPolicy, compute_component, recompute_amount
from grants.allocation.explain import count_text

AS_OF = date(2023, 11, 1)
REGIONS = {"01": "Stockholm", "03": "Uppsala", "04": "Södermanland"}


def equal_result(amount: int, policy: RoundingPolicy):
    spec = ComponentSpec(
        code="lika", name="Lika fördelning", rule="equal_share", amount=amount, source="testdata", rounding=policy
    )
    return compute_component(spec, Inputs(regions=REGIONS, populations={}))


def text(line) -> str:
    return line.explanation.text.replace("\u00a0", " ")


def test_nearest_rounding_names_the_krona_or_the_unit():
    # 10 kr / 3 = 3 1/3 kr, 10 000 kr / 3 = 3 333 1/3 kr.
    assert text(equal_result(10, RoundingPolicy(1, "nearest")).lines[0]).endswith(
        "avrundat till närmaste krona → 3 kr"
    )
    assert text(equal_result(10_000, RoundingPolicy(1_000, "nearest")).lines[0]).endswith(
        "avrundat till närmaste 1 000 kr → 3 000 kr"
    )


@pytest.mark.parametrize(("count", "words"), [(0, "0 månader"), (1, "1 månad"), (2, "2 månader")])
def test_one_month_is_singular_and_every_other_count_plural(count, words):
    assert count_text(count, "månad", "månader") == words


def test_an_explanation_lacking_an_input_names_it():
    spec = ComponentSpec(
        code="bas",
        name="Befolkning",
        rule="population_share",
        amount=600,
        source="testdata",
        params={"population_date": AS_OF},
    )
    result = compute_component(spec, Inputs(regions=REGIONS, populations={AS_OF: {"01": 1, "03": 2, "04": 3}}))
    data = json.loads(json.dumps(result.lines[0].explanation.to_dict()))
    data["inputs"] = [item for item in data["inputs"] if item["key"] != "population_sum"]
    with pytest.raises(ValueError, match="lacks input 'population_sum'"):
        recompute_amount(data)


def test_explanations_and_their_inputs_cannot_be_changed_afterwards():
    explanation = equal_result(10, RoundingPolicy()).lines[0].explanation
    with pytest.raises(dataclasses.FrozenInstanceError):
        explanation.amount = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        explanation.inputs[0].value = "Uppsala"
