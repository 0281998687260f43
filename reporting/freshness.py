"""Whether a programme's newest run still reflects its inputs, and whether a recompute is on its way.

Every delivery queues a recompute after commit; a lost message, a worker killed mid-task or during the debounce
countdown, or a broker that was down when the data were saved would leave a programme behind its data. The sweep
(reporting.tasks.recompute_sweep, Celery beat) finds such programmes here and queues them again, and the programme
pages show the same state to staff.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Max
from django.db.models.fields.json import KT
from django.utils import timezone

from grants.models import AllocationRun, Component, GrantProgramme

from .models import MonthlyValue
from .selectors import indicator_years
from .services.recompute import pending_key

# A recompute whose process died (killed, out of memory) is tried again by the sweep, but not forever: after this
# many interrupted runs in a row the programme waits for new data or a recompute by staff.
INTERRUPTED_RETRIES = 3


@dataclass(frozen=True)
class Freshness:
    """A programme's data against its newest run."""

    programme_id: int
    data_changed_at: datetime | None
    last_run_at: datetime | None
    queued_since: datetime | None
    interrupted: bool = False

    @property
    def behind(self) -> bool:
        """Return whether the newest run does not reflect the data: they changed after it, or it was interrupted."""
        if self.data_changed_at is None:
            return False
        return self.interrupted or self.last_run_at is None or self.data_changed_at > self.last_run_at


def _data_changed_at(programme_id: int, components) -> datetime | None:
    from grants.selectors import component_specs

    latest = None
    for indicator, years in indicator_years(component_specs(components)).items():
        values = MonthlyValue.objects.filter(indicator=indicator, year__in=years)
        changed = values.aggregate(at=Max("delivered_at"))["at"]
        if changed is not None and (latest is None or changed > latest):
            latest = changed
    return latest


def queued_since(programme_id: int) -> datetime | None:
    """Return when the pending recompute of the programme was queued, if one is waiting."""
    mark = cache.get(pending_key(programme_id))
    if not isinstance(mark, int | float):
        return None
    return datetime.fromtimestamp(mark, tz=timezone.get_current_timezone())


def freshness(programme: GrantProgramme) -> Freshness:
    """Return whether the programme's newest run is behind its monthly data, and any queued recompute."""
    components = list(
        programme.components.filter(rule__in=[Component.Rule.PERFORMANCE_POTS, Component.Rule.OPERATION_TARIFF])
    )
    changed = _data_changed_at(programme.pk, components) if components else None
    if changed is None:  # no monthly data read, or none delivered: nothing can be behind
        return Freshness(programme.pk, None, None, None)
    recent = list(
        AllocationRun.objects.filter(programme=programme)
        .exclude(status=AllocationRun.Status.RUNNING)
        .order_by("-number")
        .annotate(interrupted=KT("detail__interrupted"))
        .values_list("created_at", "interrupted")[:INTERRUPTED_RETRIES]
    )
    last_run = recent[0][0] if recent else None
    interrupted = 0
    for _, flag in recent:
        if flag not in (True, "true"):
            break
        interrupted += 1
    retry = 0 < interrupted < INTERRUPTED_RETRIES
    return Freshness(programme.pk, changed, last_run, queued_since(programme.pk), interrupted=retry)


def programmes_behind() -> list[Freshness]:
    """Return the open programmes whose newest run is older than their monthly data."""
    result = []
    for programme in GrantProgramme.objects.exclude(status=GrantProgramme.Status.CLOSED):
        state = freshness(programme)
        if state.behind:
            result.append(state)
    return result
