"""A run stores the inputs its lines have in common once: splitting and joining give back every explanation."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from grants.allocation import join_shared_inputs, recompute_amount, split_shared_inputs

from .seed_tables import POPULATION_DATE_2024, TABLE_2024, TOTAL_2024
from .test_explain import population_result

FIELD_VALUES = {
    "label": st.sampled_from(["Befolkning", "Summa", ""]),
    "type": st.sampled_from(["int", "str", "fraction"]),
    "value": st.one_of(st.integers(-3, 3), st.sampled_from(["1/3", "a"])),
    "as_of": st.sampled_from([None, "2023-11-01"]),
    "source": st.sampled_from(["", "S2024/00123, bilaga", "Beräknat"]),
}
item = st.fixed_dictionaries(
    {"key": st.sampled_from(["region", "total", "population", "qualified"])},
    optional=FIELD_VALUES,
)
explanation = st.fixed_dictionaries(
    {"rule": st.just("population_share"), "text": st.text(max_size=5), "inputs": st.lists(item, max_size=5)}
)


@settings(max_examples=300, deadline=None)
@given(st.lists(explanation, max_size=6))
def test_joining_what_was_split_gives_back_every_explanation_exactly(explanations):
    shared, own = split_shared_inputs(explanations)
    assert len(own) == len(explanations)
    assert [join_shared_inputs(e, shared) for e in own] == explanations


def test_a_parts_common_inputs_are_stored_once_and_each_line_recomputes_from_its_own_and_the_shared():
    lines = population_result(TOTAL_2024, TABLE_2024, POPULATION_DATE_2024).lines
    whole = [line.explanation.to_dict() for line in lines]
    shared, own = split_shared_inputs(json.loads(json.dumps(whole)))
    assert shared["total"]["value"] == TOTAL_2024 and "value" in shared["population_sum"]
    assert "value" not in shared["population"] and shared["population"]["label"].startswith("Befolkning")
    assert all({"label", "source"}.isdisjoint(item) for e in own for item in e["inputs"])
    assert len(json.dumps(own)) + len(json.dumps(shared)) < len(json.dumps(whole)) * 0.7
    for line, stored in zip(lines, own, strict=True):
        assert recompute_amount(join_shared_inputs(stored, shared)) == line.amount


def test_a_line_stored_whole_reads_back_unchanged():
    whole = population_result(TOTAL_2024, TABLE_2024, POPULATION_DATE_2024).lines[0].explanation.to_dict()
    shared, _ = split_shared_inputs([whole, whole])
    assert join_shared_inputs(whole, shared) == whole
    assert join_shared_inputs(whole, {}) == whole


def test_two_lines_already_share_what_they_have_in_common():
    first, second = population_result(TOTAL_2024, TABLE_2024, POPULATION_DATE_2024).lines[:2]
    shared, own = split_shared_inputs([first.explanation.to_dict(), second.explanation.to_dict()])
    assert shared["total"]["value"] == TOTAL_2024 and own[0]["inputs"][0] == {"key": "region", "value": "Stockholm"}
