"""Dates written the Swedish way in messages and receipts, whatever language is active: 15 mars 2022."""

from datetime import date

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def swedish_date(value: date) -> str:
    """Return the date as "15 mars 2022"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    """Return the Swedish name of a month number 1–12."""
    return MONTHS[month - 1]
