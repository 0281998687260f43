"""Saving monthly data recomputes the programmes that read it: after commit, debounced, idempotent, visible."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import OperationalError

from grants.models import AllocationLine, AllocationRun
from grants.services import allocation_run_create
from grants.services.runs import detail_cells
from regions.models import Region
from reporting import tasks
from reporting.models import Indicator, Provider
from reporting.services import MonthlyEntry, monthly_values_record
from reporting.services.recompute import pending_key
from tests.factories import load_seed_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def beds():
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    return programme


@pytest.fixture
def queues():
    programme = load_seed_programme("vardkoer-2025")
    allocation_run_create(programme=programme)
    return programme


def _stockholm_february(value="5.1"):
    return [
        MonthlyEntry(
            region=Region.objects.get(code="01"),
            indicator=Indicator.OVERCROWDING_RATE,
            year=2024,
            month=2,
            value=Decimal(value),
        )
    ]


def _performance_amounts(run):
    return dict(
        AllocationLine.objects.filter(run=run, component__code="prestation").values_list("region__code", "amount")
    )


def test_saving_data_recomputes_the_programme_after_commit(beds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        monthly_values_record(actor=None, entries=_stockholm_february())
    assert beds.runs.count() == 1  # nothing before commit
    for callback in callbacks:
        callback()
    run = beds.runs.order_by("-number").first()
    assert run.number == 2
    assert run.trigger == AllocationRun.Trigger.DATA
    assert run.provisional
    # Only Stockholm reported February: top 5 among those who reported, the whole monthly pot 620 000 000 / 9
    # is Stockholm's (its reserved share plus the others' shares in the bonus pot): 68 888 888,89 kr, and a
    # provisional total is rounded down to whole kronor (largest remainder up to floor of the exact sum).
    amounts = _performance_amounts(run)
    assert amounts["01"] == 68_888_888
    assert sum(amounts.values()) == 68_888_888
    assert run.total == 750_000_000 + 68_888_888


def test_a_burst_of_deliveries_queues_one_recompute(beds, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(tasks.recompute_programme, "apply_async", lambda args, countdown: queued.append(args))
    for value in ("5.1", "5.0", "4.9"):
        with django_capture_on_commit_callbacks(execute=True):
            monthly_values_record(actor=None, entries=_stockholm_february(value))
    assert queued == [(beds.pk,)]
    tasks.recompute_programme.apply(args=(beds.pk,)).get()  # the worker takes it and clears the mark
    assert cache.get(pending_key(beds.pk)) is None
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(actor=None, entries=_stockholm_february("4.8"))
    assert queued == [(beds.pk,), (beds.pk,)]


def test_an_unchanged_delivery_queues_nothing(beds, monkeypatch, django_capture_on_commit_callbacks):
    monthly_values_record(actor=None, entries=_stockholm_february())
    queued = []
    monkeypatch.setattr(tasks.recompute_programme, "apply_async", lambda args, countdown: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        summary = monthly_values_record(actor=None, entries=_stockholm_february())
    assert summary.unchanged == 1
    assert queued == []


def test_only_programmes_reading_the_indicator_and_year_are_queued(
    beds, queues, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.recompute_programme, "apply_async", lambda args, countdown: queued.append(args[0]))
    stockholm = Region.objects.get(code="01")
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(
            actor=None,
            entries=[
                MonthlyEntry(
                    region=stockholm, indicator=Indicator.AVAILABLE_BEDS, year=2024, month=2, value=Decimal(1200)
                )
            ],
        )
    assert queued == []  # available beds are reported, but no rule pays for them
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(
            actor=None,
            entries=[
                MonthlyEntry(
                    region=stockholm,
                    indicator=Indicator.HIP_OPERATIONS,
                    year=2025,
                    month=3,
                    value=Decimal(40),
                    provider=Provider.PRIVATE,
                )
            ],
        )
    assert queued == [queues.pk]
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(actor=None, entries=_stockholm_february())
    assert queued == [queues.pk, beds.pk]
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(
            actor=None,
            entries=[
                MonthlyEntry(region=stockholm, indicator=Indicator.OUTLYING_RATE, year=2022, month=2, value=Decimal(3))
            ],
        )
    assert queued == [queues.pk, beds.pk]  # 2022 is neither the year nor the baseline


def test_running_the_task_twice_gives_the_same_run_and_no_duplicate_rows(beds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(actor=None, entries=_stockholm_february())  # eager: recomputed as run 2
    lines = AllocationLine.objects.count()
    first = tasks.recompute_programme.apply(args=(beds.pk,)).get()
    second = tasks.recompute_programme.apply(args=(beds.pk,)).get()
    assert first == second == 2
    assert beds.runs.count() == 2
    assert AllocationLine.objects.count() == lines


def test_the_run_keeps_the_month_cells_for_the_matrix(beds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monthly_values_record(actor=None, entries=_stockholm_february())
    run = beds.runs.order_by("-number").first()
    detail = run.detail["components"]["prestation"]
    assert detail["months"] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert len(detail_cells(detail)) == 2 * 21 * 9
    cell = next(
        c
        for c in detail_cells(detail)
        if c["region"] == "01" and c["month"] == 2 and c["requirement"] == "overcrowding"
    )
    assert cell == {
        "requirement": "overcrowding",
        "region": "01",
        "month": 2,
        "value": "5.1000",
        "baseline": None,
        "reserved": cell["reserved"],
        "status": "top5",
        "rank": 1,
    }
    assert detail["bonus"]["pending"] != "0/1"


def test_a_failing_recompute_is_stored_as_a_failed_run_and_raised(beds, monkeypatch):
    def broken(**kwargs):
        raise ValueError("ogiltigt värde")

    monkeypatch.setattr(tasks, "allocation_run_create", broken)
    with pytest.raises(ValueError, match="ogiltigt värde"):
        tasks.recompute_programme.apply(args=(beds.pk,)).get()
    failed = beds.runs.order_by("-number").first()
    assert failed.status == AllocationRun.Status.FAILED
    assert "ogiltigt värde" in failed.error
    assert failed.input_digest == ""


@pytest.fixture
def eager_retries():
    """Let eager retries run in-process (with propagation on, Celery raises Retry instead of running them)."""
    from config.celery import app

    app.conf.task_eager_propagates = False  # the autouse fixture restores it


def test_a_transient_database_error_is_retried_and_then_shown_as_failed(beds, monkeypatch, eager_retries):
    calls = []

    def unavailable(**kwargs):
        calls.append(1)
        raise OperationalError("databasen svarar inte")

    monkeypatch.setattr(tasks, "allocation_run_create", unavailable)
    with pytest.raises(OperationalError):
        tasks.recompute_programme.apply(args=(beds.pk,)).get()
    assert len(calls) == 1 + tasks.recompute_programme.max_retries
    failed = beds.runs.order_by("-number").first()
    assert failed.status == AllocationRun.Status.FAILED
    assert "efter upprepade försök" in failed.error


def test_a_transient_error_that_passes_gives_a_normal_run(beds, monkeypatch, eager_retries):
    real = tasks.allocation_run_create
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("tillfälligt fel")
        return real(**kwargs)

    monthly_values_record(actor=None, entries=_stockholm_february())  # on_commit not run: no recompute yet
    monkeypatch.setattr(tasks, "allocation_run_create", flaky)
    number = tasks.recompute_programme.apply(args=(beds.pk,)).get()
    assert number == 2
    assert len(calls) == 2
    assert not beds.runs.filter(status=AllocationRun.Status.FAILED).exists()


def test_a_recompute_for_a_removed_programme_does_nothing(beds):
    runs = AllocationRun.objects.count()
    assert tasks.recompute_programme.apply(args=(beds.pk + 1000,)).get() is None
    assert AllocationRun.objects.count() == runs


def test_saving_looks_up_the_affected_programmes_only_after_commit(beds, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=False) as callbacks, CaptureQueriesContext(connection) as inside:
        monthly_values_record(actor=None, entries=_stockholm_february())
    assert not any("grants_component" in query["sql"] for query in inside.captured_queries)
    # One callback: the recompute (the read cache's own commit callback was registered by the fixture's writes).
    (recompute,) = callbacks
    with CaptureQueriesContext(connection) as after:
        recompute()
    assert any("grants_component" in query["sql"] for query in after.captured_queries)
    assert beds.runs.count() == 2
