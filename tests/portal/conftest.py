from datetime import date

import pytest

from tests.factories_portal import programme_with_run

BEFORE_DEADLINE = date(2022, 3, 1)
DEADLINE = date(2022, 3, 15)
AFTER_DEADLINE = date(2022, 3, 16)


class FrozenToday:
    """Freeze django.utils.timezone.localdate() (what services use as "today") at a given date."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def __call__(self, day: date) -> None:
        from django.utils import timezone

        real = self._real = getattr(self, "_real", timezone.localdate)

        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        self._monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def today(monkeypatch):
    frozen = FrozenToday(monkeypatch)
    frozen(BEFORE_DEADLINE)
    return frozen


@pytest.fixture
def programme_2022(db):
    return programme_with_run("uppdamda-vardbehov-2022")
