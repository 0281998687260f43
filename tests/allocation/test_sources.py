"""Every input of every explanation names where it comes from (rules.with_sources), for each of the four rules."""

import dataclasses
from datetime import date

from grants.allocation import ComponentSpec, Inputs, compute_component
from tests.allocation.perf_helpers import OVERCROWDING, perf_spec, rate, world
from tests.allocation.tariff_helpers import operations_world, tariff_spec

DECISION = "Regeringsbeslut S2030/1, bilaga 1"
SCB = "SCB, folkmängd 1 november 2023 (BE0101)"
CAPS = "Bilaga 2: maxtak, utjämningsåret 2025"
HIP = "Regionernas rapportering: höftledsprotes"
RATES = "Regionernas rapportering: överbeläggningar"


def _sources(result, region: str) -> dict[str, str]:
    line = next(line for line in result.lines if line.region == region)
    return {item.key: item.source for item in line.explanation.inputs}


def _population_spec(source: str = DECISION) -> ComponentSpec:
    return ComponentSpec(
        code="del",
        name="Del",
        rule="population_share",
        amount=1_000,
        source=source,
        params={"population_date": date(2023, 11, 1)},
    )


def test_population_inputs_cite_the_population_table_and_the_rest_the_decision():
    inputs = Inputs(
        regions={"01": "A", "03": "B"},
        populations={date(2023, 11, 1): {"01": 1, "03": 3}},
        sources={"population:2023-11-01": SCB},
    )
    sources = _sources(compute_component(_population_spec(), inputs), "01")
    assert sources == {"region": DECISION, "total": DECISION, "population": SCB, "population_sum": SCB}


def test_a_population_without_a_source_says_so_and_a_part_without_one_names_the_decision():
    inputs = Inputs(regions={"01": "A", "03": "B"}, populations={date(2023, 11, 1): {"01": 1, "03": 3}})
    sources = _sources(compute_component(_population_spec(source=""), inputs), "03")
    assert sources["population"] == sources["population_sum"] == "Befolkningssiffror per 2023-11-01 (källa ej angiven)"
    assert sources["region"] == "beslutet om statsbidraget"


def test_an_equal_share_cites_the_decision_for_the_count():
    spec = dataclasses.replace(_population_spec(), rule="equal_share", params={})
    sources = _sources(compute_component(spec, Inputs(regions={"01": "A", "03": "B"}, populations={})), "01")
    assert sources == {"region": DECISION, "total": DECISION, "count": DECISION}


def test_performance_inputs_cite_the_reports_the_decision_and_the_computation():
    monthly = {}
    for region, value, base in (("01", "1.0", "2.0"), ("03", "3.0", "3.0")):
        rate(monthly, region, value)
        rate(monthly, region, base, year=2023)
    inputs = dataclasses.replace(
        world({"01": 100, "03": 300}, monthly),
        sources={"population:2023-11-01": SCB, "monthly:overcrowding_rate": RATES},
    )
    spec = dataclasses.replace(perf_spec([{**OVERCROWDING, "amount": 900}], [2]), source=DECISION)
    sources = _sources(compute_component(spec, inputs), "01")

    assert sources["months_count"] == sources["amount_overcrowding"] == sources["total"] == DECISION
    assert sources["population"] == sources["population_sum"] == SCB
    assert sources["qualified_months_overcrowding"] == f"{RATES}, bedömd enligt {DECISION}"
    assert sources["improvement_months_overcrowding"] == f"{RATES}, bedömd enligt {DECISION}"
    assert sources["qualified"] == sources["qualified_total"] == sources["bonus_pot"] == f"Beräknat enligt {DECISION}"
    assert all(sources.values())


def test_tariff_inputs_cite_the_reports_per_area_the_caps_and_the_decision():
    inputs = operations_world(
        {"01": 10_000_000, "03": 10_000_000}, {"01": {"hip": 9}, "03": {"hip": 18}}, {"01": 1, "03": 1}
    )
    inputs = dataclasses.replace(inputs, sources={"weights:maxtak-2025": CAPS, "monthly:hip_operations": HIP})
    spec = dataclasses.replace(tariff_spec(3_000_000), source=DECISION)
    sources = _sources(compute_component(spec, inputs), "03")

    assert sources["operations_hip"] == HIP
    assert sources["operations_cataract"] == "Regionernas månadsrapportering till Socialstyrelsen"  # none given
    assert sources["tariff_hip"] == sources["tariff_cataract"] == DECISION
    assert sources["cap"] == CAPS
    assert sources["remainder_total"] == f"Beräknat enligt {DECISION}"

    without = dataclasses.replace(inputs, sources={})
    assert _sources(compute_component(spec, without), "01")["cap"] == (
        "Vårdbehovsvikter, serien maxtak-2025 (källa ej angiven)"
    )


def test_a_source_the_rule_gave_is_kept():
    inputs = Inputs(regions={"01": "A"}, populations={date(2023, 11, 1): {"01": 1}}, sources={})
    spec = _population_spec(source="Beslutets bilaga")
    line = compute_component(spec, inputs).lines[0]
    total = next(item for item in line.explanation.inputs if item.key == "total")
    assert total.source == "Beslutets bilaga"  # set by the rule itself, not replaced


def test_each_requirement_cites_the_reports_of_its_own_indicator():
    from tests.allocation.perf_helpers import OUTLYING

    monthly = {}
    for indicator in ("overcrowding_rate", "outlying_rate"):
        for region, value, base in (("01", "1.0", "2.0"), ("03", "3.0", "3.0")):
            rate(monthly, region, value, indicator=indicator)
            rate(monthly, region, base, year=2023, indicator=indicator)
    outlying_reports = "Regionernas rapportering: utlokaliseringar"
    inputs = dataclasses.replace(
        world({"01": 100, "03": 300}, monthly),
        sources={"monthly:overcrowding_rate": RATES, "monthly:outlying_rate": outlying_reports},
    )
    spec = perf_spec([{**OVERCROWDING, "amount": 900}, {**OUTLYING, "amount": 900}], [2])
    sources = _sources(compute_component(dataclasses.replace(spec, source=DECISION), inputs), "03")
    assert sources["qualified_months_overcrowding"] == f"{RATES}, bedömd enligt {DECISION}"
    assert sources["qualified_months_outlying"] == f"{outlying_reports}, bedömd enligt {DECISION}"


def test_the_population_sum_is_the_countrys_unless_the_part_goes_to_some_regions():
    inputs = Inputs(
        regions={"01": "A", "03": "B", "04": "C"}, populations={date(2023, 11, 1): {"01": 1, "03": 3, "04": 4}}
    )
    labels = {
        item.key: item.label for item in compute_component(_population_spec(), inputs).lines[0].explanation.inputs
    }
    assert labels["population_sum"] == "Befolkning i riket 1 november 2023"

    some = dataclasses.replace(_population_spec(), recipients=("01", "03"))
    line = compute_component(some, inputs).lines[0]
    labels = {item.key: item.label for item in line.explanation.inputs}
    assert labels["population_sum"] == "Befolkning i de mottagande regionerna 1 november 2023"
    assert line.explanation.value("population_sum") == 4


def test_inputs_seen_by_every_region_are_not_restricted_and_a_narrowing_stays_narrowed():
    inputs = Inputs(regions={"01": "A", "03": "B"}, populations={})
    assert not inputs.restricted
    assert not inputs.only(["01", "03"]).restricted  # all of them: the country
    assert inputs.only(["03"]).restricted
    assert inputs.only(["03"]).only(["03"]).restricted  # narrowed before, even if not narrowed again
    assert list(inputs.only(["03", "01"]).regions) == ["01", "03"]
