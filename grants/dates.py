"""Dates in messages and receipts, written the way the active language writes them: 15 mars 2022 / 15 March 2022.

Kept as the names the code has long used; `grants.l10n` does the work.
"""

from datetime import date, datetime

from grants import l10n


def swedish_date(value: date) -> str:
    """Return the date as "15 mars 2022" (in English "15 March 2022")."""
    return l10n.date_text(value)


def month_name(month: int) -> str:
    """Return the name of a month number 1–12 in the active language."""
    return l10n.month_name(month)


def swedish_datetime(value: datetime | None) -> str:
    """Return a moment as "1 december 2026 kl. 14:30" in Swedish local time (Europe/Stockholm); "–" for none."""
    return l10n.datetime_text(value)
