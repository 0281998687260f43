"""What-if: the three steps of attribution add up exactly to each region's difference and to the total."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from grants.allocation import ComponentSpec, Inputs, RoundingPolicy
from grants.allocation.whatif import compare

CODES = [f"{n:02d}" for n in range(1, 22)]
DATES = [date(2023, 11, 1), date(2024, 11, 1)]


def _inputs(populations):
    return Inputs(
        regions={code: f"Region {code}" for code in CODES},
        populations={
            day: dict(zip(CODES, figures, strict=True)) for day, figures in zip(DATES, populations, strict=True)
        },
    )


@st.composite
def parts(draw):
    """Draw a set of parts: population or equal shares, with their own amounts, dates, recipients and rounding."""
    specs = []
    for code in draw(st.sets(st.sampled_from(["a", "b", "c"]), min_size=1)):
        rule = draw(st.sampled_from(["population_share", "equal_share"]))
        unit = draw(st.sampled_from([1, 1_000]))
        recipients = draw(st.one_of(st.just(()), st.sets(st.sampled_from(CODES), min_size=1).map(sorted)))
        params = {"population_date": draw(st.sampled_from(DATES))} if rule == "population_share" else {}
        specs.append(
            ComponentSpec(
                code=code,
                name=f"Del {code}",
                rule=rule,
                amount=draw(st.integers(0, 10**10)) // unit * unit,
                source="Beslut",
                rounding=RoundingPolicy(unit=unit, method=draw(st.sampled_from(["largest_remainder", "nearest"]))),
                params=params,
                recipients=tuple(recipients),
            )
        )
    return specs


populations = st.lists(st.lists(st.integers(1, 3_000_000), min_size=21, max_size=21), min_size=2, max_size=2)


@settings(max_examples=150, deadline=None)
@given(old=parts(), new=parts(), figures=populations)
def test_the_steps_sum_exactly_to_each_regions_difference_and_to_the_total(old, new, figures):
    comparison = compare(old, new, _inputs(figures))

    for change in comparison.regions:
        assert change.data + change.parameters + change.rules == change.new - change.old
    total = comparison.total
    assert total.data + total.parameters + total.rules == total.new - total.old
    assert total.old == sum(sum(_amounts(old, figures, code).values()) for code in [s.code for s in old])
    assert total.new == sum(result.total for result in comparison.new_results)
    for part in comparison.components:
        assert part.data + part.parameters + part.rules == part.difference
    assert sum(part.difference for part in comparison.components) == total.difference


def _amounts(specs, figures, code):
    from grants.allocation import compute_component

    spec = next(s for s in specs if s.code == code)
    return compute_component(spec, _inputs(figures)).amounts()


FIGURES = [[100 + n for n in range(21)], [200 + 3 * n for n in range(21)]]


def _part(**changes):
    values = {
        "code": "del",
        "name": "Del",
        "rule": "population_share",
        "amount": 21_000_000,
        "source": "Beslut",
        "params": {"population_date": DATES[0]},
    }
    return ComponentSpec(**(values | changes))


def test_a_new_population_date_is_a_data_change_only():
    comparison = compare([_part()], [_part(params={"population_date": DATES[1]})], _inputs(FIGURES))
    total = comparison.total
    assert total.difference == 0  # the pot is the same
    assert any(change.data for change in comparison.regions)
    assert all(change.parameters == change.rules == 0 for change in comparison.regions)


def test_a_larger_pot_is_a_parameter_change_and_a_new_rule_a_rule_change():
    bigger = compare([_part()], [_part(amount=42_000_000)], _inputs(FIGURES))
    assert bigger.total.parameters == 21_000_000 and bigger.total.data == bigger.total.rules == 0
    (part,) = bigger.components
    assert (part.old, part.new, part.data, part.parameters, part.rules) == (21_000_000, 42_000_000, 0, 21_000_000, 0)

    later = compare([_part()], [_part(params={"population_date": DATES[1]})], _inputs(FIGURES))
    (part,) = later.components  # the pot is the same: the data step moves money between regions only
    assert (part.data, part.parameters, part.rules) == (0, 0, 0)

    equal = compare([_part()], [_part(rule="equal_share", params={})], _inputs(FIGURES))
    assert equal.total.rules == 0 and any(change.rules for change in equal.regions)
    assert all(change.data == change.parameters == 0 for change in equal.regions)
    assert next(c for c in equal.regions if c.key == "01").new == 1_000_000


def test_narrowing_the_recipients_moves_money_to_the_others_as_a_parameter_change():
    narrowed = compare([_part()], [_part(recipients=tuple(CODES[:18]))], _inputs(FIGURES))
    left_out = [change for change in narrowed.regions if change.key in CODES[18:]]
    assert all(change.new == 0 and change.parameters == -change.old for change in left_out)
    assert narrowed.total.difference == 0


def test_an_added_part_is_a_rule_change():
    added = compare(
        [_part()], [_part(), _part(code="ny", name="Ny del", rule="equal_share", params={})], _inputs(FIGURES)
    )
    assert added.total.rules == 21_000_000 and added.total.difference == 21_000_000


def test_a_part_without_data_is_left_out_and_named_by_its_new_name_or_its_old_one_when_removed():
    missing_date = {"population_date": date(2030, 11, 1)}  # no population loaded for it
    comparison = compare(
        [_part(name="Gammalt namn", params=missing_date), _part(code="bort", name="Borttagen", params=missing_date)],
        [_part(name="Nytt namn", params=missing_date)],
        _inputs(FIGURES),
    )
    assert comparison.regions == () and comparison.components == ()
    assert [gap.split(":")[0] for gap in comparison.missing] == ["Nytt namn", "Borttagen"]
