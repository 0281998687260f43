"""Recompute you can rely on: a save never waits for a broker that is down, and the sweep heals what the queue lost."""

import time
from decimal import Decimal

import pytest
from celery.exceptions import WorkerLostError
from django.core.cache import cache
from django.urls import reverse

from grants.models import AllocationRun
from grants.services import allocation_run_create
from regions.models import Region
from reporting import tasks
from reporting.freshness import freshness
from reporting.models import Indicator
from reporting.services import MonthlyEntry, monthly_values_record
from reporting.services.recompute import pending_key
from tests.factories import StaffFactory, load_seed_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def beds():
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    return programme


def _deliver(value="5.1"):
    entry = MonthlyEntry(
        region=Region.objects.get(code="01"),
        indicator=Indicator.OVERCROWDING_RATE,
        year=2024,
        month=2,
        value=Decimal(value),
    )
    return monthly_values_record(actor=None, entries=[entry])


def test_a_save_succeeds_at_once_when_the_broker_is_down_and_the_sweep_recomputes_later(
    beds, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.recompute_programme, "apply_async", broker_down)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        _deliver()
    assert time.monotonic() - started < 2
    assert beds.runs.count() == 1  # nothing recomputed, and nothing marked as queued
    assert cache.get(pending_key(beds.pk)) is None
    assert freshness(beds).behind

    monkeypatch.undo()
    assert tasks.recompute_sweep() == [beds.pk]  # eager in tests: the recompute runs here
    assert beds.runs.count() == 2 and not freshness(beds).behind
    assert tasks.recompute_sweep() == []  # up to date: nothing to do, and running it twice changes nothing


def test_the_sweep_leaves_a_recompute_on_its_way_and_requeues_a_stuck_one(beds, settings, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.recompute_programme, "apply_async", lambda args, countdown: queued.append(args[0]))
    _deliver()  # the test transaction never commits, so nothing is queued by the save itself
    cache.add(pending_key(beds.pk), time.time(), timeout=600)  # a delivery queued a recompute a moment ago
    assert tasks.recompute_sweep() == [] and queued == []
    cache.set(pending_key(beds.pk), time.time() - settings.RECOMPUTE_STUCK_SECONDS - 1, timeout=600)
    assert tasks.recompute_sweep() == [beds.pk]  # a worker died during the countdown and left its mark
    assert queued == [beds.pk]


def test_a_lost_pool_process_is_recorded_as_a_failed_run_and_the_sweep_tries_again(beds, client):
    _deliver()
    tasks._record_lost_worker(sender=tasks.recompute_programme, exception=WorkerLostError("SIGKILL"), args=[beds.pk])
    failed = beds.runs.get(status=AllocationRun.Status.FAILED)
    assert "arbetsprocessen som räknade försvann" in failed.error
    state = freshness(beds)
    assert state.interrupted and state.behind  # newer than the data, but it never finished
    client.force_login(StaffFactory())
    html = client.get(reverse("grants:programme_detail", args=[beds.code])).content.decode()
    assert "Den senaste omräkningen avbröts innan den blev klar." in html

    assert tasks.recompute_sweep.apply().get() == [beds.pk]  # eager: queued and computed at once
    newest = beds.runs.order_by("-number").first()
    assert newest.status == AllocationRun.Status.SUCCEEDED and newest.number == failed.number + 1
    assert freshness(beds).behind is False


def test_a_recompute_that_keeps_dying_is_tried_three_times_then_waits_for_staff_or_new_data(beds):
    _deliver()
    for attempt in range(1, 4):
        tasks._record_lost_worker(
            sender=tasks.recompute_programme, exception=WorkerLostError("SIGKILL"), args=[beds.pk]
        )
        assert freshness(beds).behind is (attempt < 3)
    assert tasks.recompute_sweep.apply().get() == []
    _deliver("5.0")  # new data: tried again
    assert freshness(beds).behind


def test_a_failure_that_is_not_an_interruption_is_not_retried_by_the_sweep(beds):
    from grants.services import allocation_run_record_failure

    _deliver()
    allocation_run_record_failure(programme=beds, error="Omräkningen misslyckades: ValueError")
    assert freshness(beds).behind is False
    assert tasks.recompute_sweep.apply().get() == []


def test_the_programme_page_says_the_data_changed_since_the_last_run(beds, client):
    _deliver()
    cache.add(pending_key(beds.pk), time.time(), timeout=600)
    client.force_login(StaffFactory())
    html = client.get(reverse("grants:programme_detail", args=[beds.code])).content.decode()
    assert "Månadsdata har ändrats sedan den senaste körningen" in html and "Omräkning köad sedan" in html


def test_the_sweep_is_scheduled_by_celery_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["reporting-recompute-sweep"]
    assert schedule["task"] == "reporting.tasks.recompute_sweep" and schedule["schedule"] <= 600
