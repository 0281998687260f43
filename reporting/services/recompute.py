"""Queue the recomputation of programmes whose rules read monthly data that has just changed."""

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# How long a pending mark outlives the task's countdown: if the worker never runs the task, the mark expires and
# the next delivery queues a new one.
PENDING_GRACE_SECONDS = 600


def pending_key(programme_id: int) -> str:
    """Return the cache key that marks a queued, not yet started recompute of the programme."""
    return f"recompute-pending:{programme_id}"


def recompute_enqueue(programme_id: int) -> bool:
    """Queue a recompute of the programme unless one is already waiting; return whether this call queued it.

    The mark is set with `cache.add`, which only one caller wins, so a burst of deliveries within
    RECOMPUTE_DELAY_SECONDS gives one task; the task removes the mark before it reads the data.
    """
    from ..tasks import recompute_programme

    delay = settings.RECOMPUTE_DELAY_SECONDS
    key = pending_key(programme_id)
    # The mark holds when it was set, so the sweep can tell a recompute on its way from one that was lost.
    if not cache.add(key, time.time(), timeout=delay + PENDING_GRACE_SECONDS):
        return False
    try:
        recompute_programme.apply_async((programme_id,), countdown=delay)
    except Exception:
        cache.delete(key)  # let the next delivery try again
        raise
    return True


def recompute_on_commit(series: Iterable[tuple[str, int]]) -> None:
    """Once the current transaction has committed, queue every programme that reads these (indicator, year) pairs.

    Which programmes are affected is looked up after commit too, so saving data costs no extra query inside the
    transaction. `robust`: the data are saved whatever happens to the queueing; a failure is logged and the next
    delivery (or staff with "Beräkna fördelningen på nytt") tries again.
    """
    wanted = frozenset(series)
    if wanted:
        transaction.on_commit(lambda: _enqueue_readers(wanted), robust=True)


def _enqueue_readers(series: frozenset[tuple[str, int]]) -> None:
    from ..selectors import programmes_reading

    for programme_id in programmes_reading(set(series)):
        recompute_enqueue(programme_id)
