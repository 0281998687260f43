"""With a real Celery worker and Redis: saving monthly data leads to exactly one new run with the expected figures.

Skipped, with the reason, when CELERY_BROKER_URL is not a reachable Redis; with REQUIRE_REDIS=1 (CI) it fails
instead. The worker runs in a thread of this process and reads the data over its own database connection, so the
test commits for real (transaction=True).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import OperationalError

from grants.models import AllocationLine, AllocationRun
from grants.services import allocation_run_create
from grants.services.runs import detail_cells
from regions.models import Region
from reporting.models import Indicator
from reporting.services import MonthlyEntry, monthly_values_record
from reporting.services.recompute import pending_key
from tests.factories import load_seed_programme


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"REQUIRE_REDIS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def worker_app(settings):
    """Return the project's Celery app set up to send tasks to Redis instead of running them in-process."""
    import redis

    from config.celery import app

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        _unavailable("CELERY_BROKER_URL is not set to a Redis URL (e.g. redis://127.0.0.1:6379/14)")
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable(f"Redis at {broker} is not reachable: {error}")
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=None)
    settings.RECOMPUTE_DELAY_SECONDS = 1
    app.control.purge()
    yield app
    app.conf.update(saved)


def _wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
        except OperationalError:  # SQLite's shared in-memory test database locks a table the worker writes
            result = None
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"nothing after {timeout} s")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the 21 regions for later tests
def test_a_burst_of_deliveries_gives_exactly_one_new_run_computed_by_the_worker(worker_app):
    from celery.contrib.testing.worker import start_worker

    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    cache.delete(pending_key(programme.pk))
    stockholm = Region.objects.get(code="01")

    with start_worker(worker_app, perform_ping_check=False, shutdown_timeout=30):
        for value in ("5.3", "5.2", "5.1"):  # three corrections within the delay: one recompute
            monthly_values_record(
                actor=None,
                entries=[
                    MonthlyEntry(
                        region=stockholm,
                        indicator=Indicator.OVERCROWDING_RATE,
                        year=2024,
                        month=2,
                        value=Decimal(value),
                    )
                ],
            )
        assert programme.runs.count() == 1  # nothing computed in this process
        run = _wait_for(lambda: programme.runs.filter(number=2, status=AllocationRun.Status.SUCCEEDED).first())
        time.sleep(3)  # a second task, had one been queued, would have run by now

    assert programme.runs.count() == 2
    assert run.trigger == AllocationRun.Trigger.DATA
    assert detail_cells(run.detail["components"]["prestation"])[0]["requirement"] == "overcrowding"
    february = next(
        c
        for c in detail_cells(run.detail["components"]["prestation"])
        if c["region"] == "01" and c["month"] == 2 and c["requirement"] == "overcrowding"
    )
    assert february["value"] == "5.1000"  # the last correction
    performance = dict(
        AllocationLine.objects.filter(run=run, component__code="prestation").values_list("region__code", "amount")
    )
    # Stockholm alone reported February 2024: the whole monthly pot 620 000 000 / 9, floored provisionally.
    assert performance["01"] == 68_888_888
    assert sum(performance.values()) == 68_888_888
    assert run.total == 750_000_000 + 68_888_888
    assert cache.get(pending_key(programme.pk)) is None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recompute_lost_with_its_message_is_healed_by_the_sweep(worker_app, settings):
    """The message is gone (a dead worker, a flushed broker) and its pending mark stays: the sweep recovers."""
    from celery.contrib.testing.worker import start_worker

    from reporting.tasks import recompute_sweep

    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    cache.delete(pending_key(programme.pk))
    settings.RECOMPUTE_DELAY_SECONDS = 60  # the countdown a worker held when it was killed
    monthly_values_record(
        actor=None,
        entries=[
            MonthlyEntry(
                region=Region.objects.get(code="01"),
                indicator=Indicator.OVERCROWDING_RATE,
                year=2024,
                month=2,
                value=Decimal("4.9"),
            )
        ],
    )
    assert cache.get(pending_key(programme.pk)) is not None
    worker_app.control.purge()  # the queued recompute is lost; the mark says one is on its way
    settings.RECOMPUTE_DELAY_SECONDS = 1
    assert recompute_sweep.apply().get() == []  # a fresh mark: the sweep waits for it
    settings.RECOMPUTE_STUCK_SECONDS = 0
    with start_worker(worker_app, perform_ping_check=False, shutdown_timeout=30):
        assert recompute_sweep.apply().get() == [programme.pk]
        run = _wait_for(lambda: programme.runs.filter(number=2, status=AllocationRun.Status.SUCCEEDED).first())
    assert run.trigger == AllocationRun.Trigger.DATA
    assert cache.get(pending_key(programme.pk)) is None


# A worker killed for real: its own process on the test database, so only on PostgreSQL (SQLite's test database
# lives in this process's memory).

WORKER_SCRIPT = Path(__file__).with_name("killable_worker.py")


@pytest.fixture
def worker_process(worker_app, tmp_path):
    """Start killable_worker.py processes on the test database; return (start, pause file); stop them afterwards."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a worker in its own process needs the test database on PostgreSQL")
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    address = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{address}/{db['NAME']}",
        "CELERY_BROKER_URL": worker_app.conf.broker_url,
        "CELERY_RESULT_BACKEND": "",
        "PAUSE_FILE": str(tmp_path / "paused"),
    }
    started = []

    def start(*options: str) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, str(WORKER_SCRIPT), *options], env=env, start_new_session=True)  # noqa: S603 our own script
        started.append(process)
        return process

    yield start, tmp_path / "paused"
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _deliver_and_wait_for_the_pause(programme, pause: Path) -> int:
    monthly_values_record(
        actor=None,
        entries=[
            MonthlyEntry(
                region=Region.objects.get(code="01"),
                indicator=Indicator.OVERCROWDING_RATE,
                year=2024,
                month=2,
                value=Decimal("4.8"),
            )
        ],
    )
    return int(_wait_for(lambda: pause.exists() and pause.read_text(), timeout=60))


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_task_leaves_no_run_and_the_sweep_recovers(worker_process, settings):
    """SIGKILL to the whole worker inside the recompute's transaction (a crashed host): the sweep heals it."""
    from reporting.tasks import recompute_sweep

    start, pause = worker_process
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    settings.RECOMPUTE_DELAY_SECONDS = 0
    worker = start("--pool=solo")
    _deliver_and_wait_for_the_pause(programme, pause)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    # The unfinished run went with its transaction; the message waits, unacknowledged, for the visibility timeout.
    assert list(programme.runs.values_list("number", "status")) == [(1, AllocationRun.Status.SUCCEEDED)]
    assert cache.get(pending_key(programme.pk)) is None  # the task removed it when it started
    assert recompute_sweep.apply().get() == [programme.pk]
    start("--pool=solo")
    run = _wait_for(lambda: programme.runs.filter(number=2, status=AllocationRun.Status.SUCCEEDED).first(), 60)
    assert run.trigger == AllocationRun.Trigger.DATA
    assert AllocationLine.objects.filter(run=run, component__code="prestation", region__code="01").exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pool_process_killed_mid_task_is_a_failed_run_and_the_sweep_recovers(worker_process):
    """SIGKILL to the pool process only (out of memory): the worker records a failed run, the sweep queues again."""
    from reporting.tasks import recompute_sweep

    start, pause = worker_process
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    start("--pool=prefork", "--concurrency=1")
    child = _deliver_and_wait_for_the_pause(programme, pause)
    os.kill(child, signal.SIGKILL)

    failed = _wait_for(lambda: programme.runs.filter(status=AllocationRun.Status.FAILED).first(), 60)
    assert failed.number == 2 and "arbetsprocessen som räknade försvann" in failed.error
    assert recompute_sweep.apply().get() == [programme.pk]
    run = _wait_for(lambda: programme.runs.filter(number=3, status=AllocationRun.Status.SUCCEEDED).first(), 60)
    assert run.trigger == AllocationRun.Trigger.DATA
