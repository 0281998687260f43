"""Amounts, numbers and dates written the way the active language writes them.

Swedish is the source language: 1 997 500 000 kr, 30 412 473,55, 65 %, 1 december 2026 kl. 14:30. In English the same
values read SEK 1,997,500,000, 30,412,473.55, 65%, 1 December 2026, 14:30. The allocation engine has no Django and
always writes Swedish (its explanations are the record of a run); everything a page, a message or an export says
around them goes through here.
"""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone, translation

from grants.allocation.formatting import (
    MINUS,
    MONTHS,
    NBSP,
    format_decimal,
    format_decimal_places,
    format_int,
)

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SWEDISH_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
ENGLISH_MONTH_ABBREVIATIONS = tuple(name[:3] for name in ENGLISH_MONTHS)

# A Swedish number has no-break spaces between digit groups and a decimal comma; English has commas and a point.
_TO_ENGLISH_DIGITS = str.maketrans({NBSP: ",", ",": "."})


def english() -> bool:
    """Return whether the active language is English."""
    return (translation.get_language() or "sv").startswith("en")


def _digits(swedish: str) -> str:
    return swedish.translate(_TO_ENGLISH_DIGITS) if english() else swedish


def number(value: int) -> str:
    """Return an integer with digit groups: 10 443 100 / 10,443,100."""
    return _digits(format_int(int(value)))


def decimal_places(value, places: int = 2) -> str:
    """Return a value rounded half up to `places` decimals: 30 412 473,55 / 30,412,473.55."""
    return _digits(format_decimal_places(Fraction(value), places))


def decimal(value: Decimal | int | Fraction) -> str:
    """Return a reported rate or weight as given: 6,4 / 6.4."""
    return _digits(format_decimal(value))


def kr(value: int) -> str:
    """Return whole kronor: 1 997 500 000 kr / SEK 1,997,500,000."""
    value = int(value)
    if english():
        return f"SEK{NBSP}{number(value)}"
    return f"{number(value)}{NBSP}kr"


def signed_kr(value: int) -> str:
    """Return a difference in kronor with its sign: +1 000 kr, −250 kr, 0 kr / +SEK 1,000, −SEK 250, SEK 0."""
    value = int(value)
    if not value:
        return kr(0)
    sign = "+" if value > 0 else MINUS
    return f"{sign}{kr(abs(value))}"


def exact_kr(value) -> str:
    """Return an exact amount with two decimals and the currency: 68 888 888,89 kr / SEK 68,888,888.89."""
    text = decimal_places(value, 2)
    return f"SEK{NBSP}{text}" if english() else f"{text}{NBSP}kr"


def percent(value, places: int = 0) -> str:
    """Return a share as a percentage with `places` decimals: 87,5 % / 87.5%."""
    text = decimal_places(Fraction(value) * 100, places)
    return f"{text}%" if english() else f"{text}{NBSP}%"


def month_name(month: int) -> str:
    """Return the name of a month number 1–12: februari / February."""
    return (ENGLISH_MONTHS if english() else MONTHS)[int(month) - 1]


def month_abbreviation(month: int) -> str:
    """Return the short name of a month number 1–12: maj / May."""
    return (ENGLISH_MONTH_ABBREVIATIONS if english() else SWEDISH_MONTH_ABBREVIATIONS)[int(month) - 1]


def date_text(value: date | None) -> str:
    """Return a date: 15 mars 2022 / 15 March 2022; "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {month_name(value.month)} {value.year}"


def datetime_text(value: datetime | None) -> str:
    """Return a moment in Swedish local time: 1 december 2026 kl. 14:30 / 1 December 2026, 14:30; "–" for none."""
    if value is None:
        return "–"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    day = f"{value.day} {month_name(value.month)} {value.year}"
    return f"{day}, {value:%H:%M}" if english() else f"{day} kl. {value:%H:%M}"


def join_words(words: list[str]) -> str:
    """Return items joined as a sentence lists them: a, b och c / a, b and c."""
    words = [str(word) for word in words]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + (" and " if english() else " och ") + words[-1]
