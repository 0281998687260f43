"""Celery tasks for reported data: take ids, call one service, safe to run twice."""

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from grants.models import AllocationRun, GrantProgramme
from grants.services import allocation_run_create, allocation_run_record_failure

from .services.recompute import pending_key

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
    after = " efter upprepade försök" if final else ""
    return f"Omräkningen efter nya månadsdata misslyckades{after}: {type(error).__name__}: {error}"
