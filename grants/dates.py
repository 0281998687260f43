"""Dates written the Swedish way in messages and receipts, whatever language is active: 15 mars 2022."""

from datetime import date, datetime

from django.utils import timezone

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


def swedish_datetime(value: datetime | None) -> str:
    """Return a moment as "1 december 2026 kl. 14:30" in Swedish local time (Europe/Stockholm); "–" for none."""
    if value is None:
        return "–"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{swedish_date(value)} kl. {value:%H:%M}"
