"""Cached read models for the busiest pages, forgotten whenever the data under them is written.

On deadline day every region opens its home page and staff keep the work list open, while writes are comparatively
few. What those pages compute (deadline states, the work list, a region's programme cards) is cached under one
*generation*; any write to the domain's data starts a new generation, so nothing cached before it is read again.

A write is seen through the save and delete signals of every model of the domain apps (connected in
`GrantsConfig.ready`), and through `data_changed()` called by the writes that send no signal (bulk writes, queryset
updates). The generation changes at once, so the writer's next read is fresh, and again at commit, so that a read
by someone else between the two cannot leave results from before the commit under the new generation. Entries
also expire after SECONDS, a safety net for a write that slipped past all of this (or for a page read inside a
transaction that was then rolled back). A cache that is down only makes the pages compute everything, as they did
before.
"""

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "readcache:generation"
SECONDS = 300
DOMAIN_APPS = ("grants", "reporting", "regions")
T = TypeVar("T")


def data_changed(*_args, **_kwargs) -> None:
    """Start a new generation now and again at commit (a signal receiver, also called directly).

    One commit callback per transaction, however many rows it writes.
    """
    _new_generation()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(entry[1] is _new_generation for entry in connection.run_on_commit):
        transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        # Entries cached before the outage may be read once the cache is back, for at most SECONDS.
        logger.warning("Read cache unavailable: a write could not reset it.")


def cached(key: str, compute: Callable[[], T]) -> T:
    """Return compute() through the cache under the current generation; compute directly if the cache is down."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            generation = cache.get(GENERATION_KEY)
        full_key = f"readcache:{generation}:{key}"
        found = cache.get(full_key)
    except Exception:
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(full_key, value, SECONDS)
    except Exception:
        logger.warning("Read cache unavailable (or the value cannot be stored); computed on every request.")
    return value


def connect_domain_models() -> None:
    """Connect `data_changed` to the save and delete of every model of the domain apps (history models too)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            for signal in (post_save, post_delete):
                signal.connect(data_changed, sender=model, dispatch_uid=f"readcache.{label}.{model.__name__}")
