"""Swedish formatting in explanation texts: edge cases found by mutation testing (benchmarks/mutation.py)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from grants.allocation.formatting import (
    approx_equals,
    format_approx_kr,
    format_date,
    format_decimal,
    format_decimal_places,
    format_exact_kr,
    format_fraction,
    format_int,
    format_kr,
    format_month,
    format_months,
    format_number,
    format_percent,
    format_signed_kr,
)


def plain(text: str) -> str:
    """Return the text with no-break spaces as ordinary spaces, for readable expectations."""
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (999, "999"), (1_000, "1 000"), (-1_234_567, "−1 234 567")])
def test_integers_are_grouped_by_three_with_a_true_minus(value, text):
    assert plain(format_int(value)) == text


@pytest.mark.parametrize(("value", "text"), [(0, "+0 kr"), (1, "+1 kr"), (-1_000, "−1 000 kr")])
def test_a_rounding_adjustment_always_shows_its_sign(value, text):
    assert plain(format_signed_kr(value)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(1, 200), "0,01"),  # exactly half a hundredth rounds up
        (Fraction(1, 1000), "0,00"),
        (Fraction(1, 2), "0,50"),
        (Fraction(3), "3,00"),
        (Fraction(-3, 2), "−1,50"),
        (Fraction(-1, 1000), "0,00"),  # rounds to zero: no minus sign
        (Fraction(123_456_789, 100), "1 234 567,89"),
    ],
)
def test_decimal_places_round_half_up_with_a_decimal_comma(value, text):
    assert plain(format_decimal_places(value)) == text


def test_no_decimal_places_leaves_no_comma():
    assert format_decimal_places(Fraction(5, 2), places=0) == "3"


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(3), "3"), (Fraction(1, 2), "1/2"), (Fraction(7, 2), "3 1/2"), (Fraction(-7, 2), "−3 1/2")],
)
def test_fractions_read_as_mixed_numbers(value, text):
    assert plain(format_fraction(value)) == text


def test_exact_and_approximate_amounts():
    assert plain(format_exact_kr(Fraction(300))) == "300 kr"
    assert plain(format_exact_kr(Fraction(1, 2))) == "1/2 kr (≈ 0,50 kr)"
    assert plain(format_approx_kr(Fraction(300))) == "300 kr"
    assert plain(format_approx_kr(Fraction(1, 3))) == "≈ 0,33 kr"
    assert plain(approx_equals(Fraction(300))) == "= 300 kr"
    assert plain(approx_equals(Fraction(1, 2))) == "≈ 0,50 kr"


@pytest.mark.parametrize(
    ("value", "text"), [(Fraction(300), "300"), (Fraction(3, 2), "1,50"), (Fraction(1, 3), "0,33")]
)
def test_numbers_are_whole_or_shown_with_two_decimals(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(3), "3"),
        (Fraction(1, 2), "0,5000"),
        (Fraction(1, 3), "0,3333"),
        (7, "7"),
        (Decimal("6.40"), "6,4"),
        (Decimal("0"), "0"),
        (Decimal("-6.4"), "−6,4"),
        (Decimal("1234.5"), "1 234,5"),
    ],
)
def test_rates_are_shown_with_a_decimal_comma(value, text):
    assert plain(format_decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "text"), [(Fraction(65, 100), "65 %"), (Decimal("0.005"), "0,5 %"), (Fraction(1, 3), "33,33 %")]
)
def test_percentages(value, text):
    assert plain(format_percent(value)) == text


def test_dates_and_months_in_swedish():
    assert format_date(date(2023, 11, 1)) == "1 november 2023"
    assert [format_month(month) for month in (1, 2, 12)] == ["januari", "februari", "december"]


@pytest.mark.parametrize(
    ("months", "text"),
    [([], ""), ([2], "februari"), ([2, 3], "februari och mars"), ([2, 3, 4], "februari, mars och april")],
)
def test_month_lists_are_joined_the_swedish_way(months, text):
    assert format_months(months) == text


def test_amounts_in_kronor():
    assert plain(format_kr(1_997_500_000)) == "1 997 500 000 kr"
