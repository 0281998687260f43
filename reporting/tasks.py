"""Celery tasks for reported data: take ids, call one service, safe to run twice."""

import logging
import time

from celery import shared_task
from celery.exceptions import WorkerLostError
from celery.signals import task_failure
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from grants.models import AllocationRun, GrantProgramme
from grants.services import allocation_run_create, allocation_run_record_failure

from .services.recompute import pending_key, recompute_enqueue

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def recompute_programme(self, programme_id: int) -> int | None:
    """Recompute the programme's allocation as a new run; the same inputs give back the same run, no new rows.

    The pending mark is removed first, so data committed while this runs queue another recompute. A failure is
    stored as a failed run that staff see (on the last attempt for a transient database error) and re-raised.
    """
    cache.delete(pending_key(programme_id))
    programme = GrantProgramme.objects.filter(pk=programme_id).first()
    if programme is None or programme.is_closed:
        return None  # removed, or closed with its money frozen: nothing to recompute
    try:
        run = allocation_run_create(programme=programme, trigger=AllocationRun.Trigger.DATA)
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            allocation_run_record_failure(programme=programme, error=_failure_text(error, final=True))
        raise
    except Exception as error:
        allocation_run_record_failure(programme=programme, error=_failure_text(error, final=False))
        raise
    return run.number


def _failure_text(error: Exception, *, final: bool) -> str:
    after = " efter upprepade försök" if final else ""  # i18n: stored
    return f"Omräkningen efter nya månadsdata misslyckades{after}: {type(error).__name__}: {error}"  # i18n: stored


@shared_task
def recompute_sweep() -> list[int]:
    """Queue a recompute of every open programme whose newest run is older than its monthly data.

    Run by Celery beat every few minutes, it heals what the queue lost: a message lost with its broker, a worker
    killed mid-task or during the debounce countdown (which leaves the pending mark), a save made while the broker
    was down. A pending mark younger than RECOMPUTE_STUCK_SECONDS is a recompute on its way and is left alone.
    """
    from .freshness import programmes_behind

    queued = []
    for state in programmes_behind():
        mark = cache.get(pending_key(state.programme_id))
        if isinstance(mark, int | float) and time.time() - mark < settings.RECOMPUTE_STUCK_SECONDS:
            continue
        cache.delete(pending_key(state.programme_id))
        try:
            if recompute_enqueue(state.programme_id):
                queued.append(state.programme_id)
        except Exception:  # the broker is down: the next sweep tries again
            logger.exception("Omräkningen av statsbidrag %s kunde inte köas.", state.programme_id)
    return queued


@task_failure.connect(sender=recompute_programme)
def _record_lost_worker(sender=None, task_id=None, exception=None, args=None, **kwargs):
    """Store a failed run when the pool process running a recompute died (killed, out of memory).

    Celery acknowledges such a message, so nothing would run it again; the failed run shows staff what happened,
    and the sweep queues the programme again (see reporting.freshness.INTERRUPTED_RETRIES).
    """
    if isinstance(exception, WorkerLostError) and args:
        programme = GrantProgramme.objects.filter(pk=args[0]).first()
        if programme is not None and not programme.is_closed:
            allocation_run_record_failure(
                programme=programme,
                error="Omräkningen avbröts: arbetsprocessen som räknade försvann "  # i18n: stored
                "(t.ex. stoppad eller slut på minne). Den görs om automatiskt.",  # i18n: stored
                interrupted=True,
            )


@shared_task
def export_build(export_id: int) -> None:
    """Build a large Excel export ordered from a page (see reporting.services.exports)."""
    from .services.exports import export_build as build

    build(export_id=export_id)
