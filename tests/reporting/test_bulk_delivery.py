"""A monthly delivery of any size costs the same queries: values and their history are written in bulk."""

import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Region
from reporting.models import MonthlyValue
from reporting.services import MonthlyEntry, monthly_values_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _entries(regions, months, value):
    return [
        MonthlyEntry(
            region=region, indicator=indicator, year=2025, month=month, value=Decimal(value), provider=provider
        )
        for region in regions
        for indicator in ("hip_operations", "prolapse_operations")
        for month in months
        for provider in ("own", "private")
    ]


def _batches(values: int) -> int:
    """Return how many statements a bulk write of this many values may take beyond one per table.

    PostgreSQL takes a whole delivery in one statement per table; SQLite limits the parameters of a statement (999),
    so Django splits a large bulk write there: a value and its history row take some 20 parameters.
    """
    if connection.vendor == "postgresql":
        return 0
    return 2 * math.ceil(values * 20 / 999)


def _queries(actor, entries):
    with CaptureQueriesContext(connection) as captured:
        summary = monthly_values_record(actor=actor, entries=entries)
    return len(captured), summary


def test_a_delivery_costs_the_same_queries_at_4_and_at_756_values_new_or_corrected():
    actor = UserFactory()
    regions = list(Region.objects.order_by("code"))
    small_new, summary = _queries(actor, _entries(regions[:1], [2], "3"))
    assert (summary.created, summary.updated) == (4, 0)
    large_new, summary = _queries(actor, _entries(regions, range(3, 12), "3"))  # 21 regions × 2 × 9 months × 2
    assert summary.created == 21 * 2 * 9 * 2 and small_new <= large_new <= small_new + _batches(756)

    small_fix, summary = _queries(actor, _entries(regions[:1], [2], "4"))
    assert (summary.created, summary.updated) == (0, 4)
    large_fix, summary = _queries(actor, _entries(regions, range(3, 12), "5"))
    assert summary.updated == 756 and small_fix <= large_fix <= small_fix + _batches(756)
    assert large_fix < 756 / 10  # was two statements per value

    value = MonthlyValue.objects.get(region=regions[0], indicator="hip_operations", year=2025, month=7, provider="own")
    assert value.value == Decimal("5") and value.delivered_by == actor
    history = list(value.history.order_by("history_date").values_list("value", "history_type", "history_user"))
    assert history == [(Decimal("3"), "+", actor.pk), (Decimal("5"), "~", actor.pk)]
    assert MonthlyValue.history.count() == 4 + 756 + 4 + 756


def test_an_unchanged_delivery_writes_nothing():
    actor = UserFactory()
    entries = _entries(list(Region.objects.order_by("code"))[:3], [2, 3], "7")
    monthly_values_record(actor=actor, entries=entries)
    before = MonthlyValue.history.count()
    summary = monthly_values_record(actor=actor, entries=entries)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 24)
    assert MonthlyValue.history.count() == before
