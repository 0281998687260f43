"""Property tests of the performance and tariff rules (STYLE: parts sum to the total, within one unit)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from grants.allocation import compute_component, recompute_amount

from .perf_helpers import bonus_pot, perf_spec, requirement, world
from .tariff_helpers import operations_world, rows, tariff_spec, top_lists

CODES = ["01", "03", "04", "05", "06", "07", "08", "09"]
INDICATORS = ("overcrowding_rate", "outlying_rate")

rates = st.decimals(min_value=0, max_value=20, places=2)


@st.composite
def performance_worlds(draw):
    codes = CODES[: draw(st.integers(2, 8))]
    months = draw(st.lists(st.integers(2, 10), min_size=1, max_size=3, unique=True))
    pops = {code: draw(st.integers(1, 2_500_000)) for code in codes}
    monthly = {}
    for code in codes:
        for indicator in INDICATORS:
            for month in months:
                for year in (2023, 2024):
                    value = draw(st.one_of(st.none(), rates))
                    if value is not None:
                        monthly[(code, indicator, year, month)] = value
    amount = draw(st.sampled_from([620_000_000, 900, 7, 1_000_003]))
    top_n = draw(st.integers(1, 5))
    spec = perf_spec([requirement(amount), requirement(amount, "outlying")], months, top_n=top_n, final=True)
    return spec, pops, monthly


@settings(max_examples=60, deadline=None)
@given(performance_worlds())
def test_performance_totals_equal_the_amount_when_anything_qualifies(case):
    spec, pops, monthly = case
    result = compute_component(spec, world(pops, monthly))
    if bonus_pot(result).qualified_total:
        assert result.total == spec.amount
    else:
        assert result.total == 0
    for line in result.lines:
        assert abs(line.amount - line.explanation.exact) < spec.rounding.unit
        assert recompute_amount(line.explanation.to_dict()) == line.amount


@settings(max_examples=60, deadline=None)
@given(performance_worlds(), st.data())
def test_reporting_a_better_rate_never_lowers_a_regions_exact_amount(case, data):
    spec, pops, monthly = case
    reported_2024 = sorted(key for key in monthly if key[2] == 2024)
    if not reported_2024:
        return
    key = data.draw(st.sampled_from(reported_2024))
    better = data.draw(st.decimals(min_value=0, max_value=monthly[key], places=2))
    before = compute_component(spec, world(pops, monthly))
    after = compute_component(spec, world(pops, {**monthly, key: better}))
    region = key[0]
    old = {line.region: line for line in before.lines}[region]
    new = {line.region: line for line in after.lines}[region]
    assert new.explanation.exact >= old.explanation.exact
    # The rounded amount follows the exact one, up to the one krona that largest remainder hands out.
    assert new.amount >= old.amount - spec.rounding.unit


@st.composite
def tariff_worlds(draw):
    codes = CODES[: draw(st.integers(1, 8))]
    caps = {code: draw(st.integers(0, 20_000_000)) for code in codes}
    operations = {
        code: {kind: draw(st.integers(0, 120)) for kind in ("hip", "prolapse", "cataract")} for code in codes
    }
    pops = {code: draw(st.integers(1, 2_500_000)) for code in codes}
    amount = sum(caps.values()) + draw(st.integers(0, 30_000_000))
    return amount, caps, operations, pops


@settings(max_examples=60, deadline=None)
@given(tariff_worlds(), st.integers(1, 5))
def test_tariff_pays_up_to_the_cap_and_totals_the_amount_when_every_pot_has_qualifiers(case, top_n):
    amount, caps, operations, pops = case
    result = compute_component(tariff_spec(amount, top_n=top_n, final=True), operations_world(caps, operations, pops))
    table = rows(result)
    assert all(row.paid <= row.cap and row.paid <= row.earned for row in table.values())
    remainder = amount - sum(row.paid for row in table.values())
    tops = top_lists(result)
    if remainder == 0 or all(item.regions and item.cap_sum for item in tops.values()):
        assert result.total == amount
    else:
        assert result.total <= amount
    for line in result.lines:
        assert line.amount >= table[line.region].paid
        assert recompute_amount(line.explanation.to_dict()) == line.amount


def test_rates_may_arrive_as_integers():
    monthly = {("01", "overcrowding_rate", 2024, 2): 3, ("03", "overcrowding_rate", 2024, 2): Decimal("2.5")}
    result = compute_component(perf_spec([requirement(600)], [2], top_n=1), world({"01": 1, "03": 1}, monthly))
    assert result.amounts() == {"01": 0, "03": 600}
