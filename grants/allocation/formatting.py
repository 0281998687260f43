"""Swedish formatting of amounts, fractions, rates and dates for explanation texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

NBSP = "\u00a0"
MINUS = "\u2212"

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def format_int(value: int) -> str:
    """Return an integer with no-break spaces between groups of three digits: 1 997 500 000."""
    digits = str(abs(value))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    text = NBSP.join(reversed(groups)) or "0"
    return MINUS + text if value < 0 else text


def format_kr(value: int) -> str:
    """Return a whole-krona amount the Swedish way: 1 997 500 000 kr."""
    return f"{format_int(value)}{NBSP}kr"


def format_signed_kr(value: int) -> str:
    """Return a rounding adjustment with its sign: +1 kr, +0 kr, −1 000 kr."""
    sign = "+" if value >= 0 else MINUS
    return f"{sign}{format_int(abs(value))}{NBSP}kr"


def format_decimal_places(value: Fraction, places: int = 2) -> str:
    """Return a value rounded half up to `places` decimals with a decimal comma: 30 412 473,55."""
    scale = 10**places
    scaled = abs(value) * scale
    rounded = int(scaled + Fraction(1, 2)) if scaled.denominator != 1 else int(scaled)
    whole, part = divmod(rounded, scale)
    text = format_int(whole)
    if places:
        text += "," + str(part).rjust(places, "0")
    return MINUS + text if value < 0 and rounded else text


def format_fraction(value: Fraction) -> str:
    """Return an exact value as a mixed number: 30 412 473 57139/104431 (or just the integer)."""
    value = Fraction(value)
    if value.denominator == 1:
        return format_int(value.numerator)
    whole, rest = divmod(abs(value), 1)
    fraction = f"{rest.numerator}/{rest.denominator}"
    text = f"{format_int(int(whole))} {fraction}" if whole else fraction
    return MINUS + text if value < 0 else text


def format_exact_kr(value: Fraction) -> str:
    """Return an exact amount in kronor, with a rounded decimal reading when it is not whole."""
    value = Fraction(value)
    if value.denominator == 1:
        return format_kr(value.numerator)
    return f"{format_fraction(value)}{NBSP}kr (≈{NBSP}{format_decimal_places(value)}{NBSP}kr)"


def format_approx_kr(value: Fraction) -> str:
    """Return an amount for an intermediate step: whole kronor as they are, otherwise ≈ with two decimals."""
    value = Fraction(value)
    if value.denominator == 1:
        return format_kr(value.numerator)
    return f"≈{NBSP}{format_decimal_places(value)}{NBSP}kr"


def format_number(value: Fraction) -> str:
    """Return a whole number as it is, any other value with two decimals: 300, 3 189 055,24."""
    value = Fraction(value)
    return format_int(value.numerator) if value.denominator == 1 else format_decimal_places(value)


def approx_equals(value: Fraction) -> str:
    """Return "= 300 kr" for a whole amount, "≈ 398 631,91 kr" otherwise (intermediate steps of a text)."""
    value = Fraction(value)
    return f"={NBSP}{format_kr(value.numerator)}" if value.denominator == 1 else format_approx_kr(value)


def format_decimal(value: Decimal | int | Fraction) -> str:
    """Return a rate with a decimal comma: 6,4 (a Fraction that is no finite decimal gets four decimals)."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return format_int(value.numerator)
        return format_decimal_places(value, 4)
    if isinstance(value, int):
        return format_int(value)
    text = format(value.normalize(), "f")
    whole, _, part = text.lstrip("-").partition(".")
    formatted = format_int(int(whole)) + ("," + part if part else "")
    return MINUS + formatted if value < 0 else formatted


def format_percent(value: Fraction | Decimal) -> str:
    """Return a share as a percentage: Fraction(65, 100) -> 65 %, Decimal("0.005") -> 0,5 %."""
    hundred = Fraction(value) * 100
    if hundred.denominator == 1:
        return f"{format_int(hundred.numerator)}{NBSP}%"
    if isinstance(value, Decimal):
        return f"{format_decimal(value * 100)}{NBSP}%"
    return f"{format_decimal_places(hundred, 2)}{NBSP}%"


def format_date(value: date) -> str:
    """Return a date the Swedish way: 1 november 2023."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_month(month: int) -> str:
    """Return the Swedish name of a month number: 2 -> februari."""
    return MONTHS[month - 1]


def format_months(months: list[int] | tuple[int, ...]) -> str:
    """Return month names joined the Swedish way: februari, mars och april."""
    names = [format_month(month) for month in months]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]
