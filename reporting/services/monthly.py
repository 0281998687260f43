"""Monthly data in: one service for every channel (form, Excel upload, API, register import)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from grants.readcache import data_changed
from regions.models import Organisation, Region

from ..models import OPERATION_INDICATORS, DataUpload, Indicator, MonthlyValue, Provider, monthly_value_fault
from .recompute import recompute_on_commit


@dataclass(frozen=True)
class MonthlyEntry:
    region: Region
    indicator: str
    year: int
    month: int
    value: Decimal | None  # None: reported as not available (missing is not zero)
    provider: str = ""


@dataclass(frozen=True)
class RecordSummary:
    created: int
    updated: int
    unchanged: int
    regions: frozenset[str]  # county codes whose data changed

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def monthly_entry_problem(entry: MonthlyEntry) -> tuple[str, str] | None:
    """Return (field, message) for what is wrong with one entry, or None: the checks of every delivery."""
    if entry.indicator not in Indicator.values:
        return "indicator", _("okänd indikator.")
    if not 1 <= entry.month <= 12:
        return "month", _("månaden ska vara 1–12.")
    if entry.indicator in OPERATION_INDICATORS:
        if entry.provider not in (Provider.OWN, Provider.OTHER_REGION, Provider.PRIVATE):
            return "provider", _("operationer ska delas upp på egen regi, annan region och privat vårdgivare.")
        if entry.value is not None and entry.value != entry.value.to_integral_value():
            return "value", _("antalet operationer ska vara ett heltal.")
    elif entry.provider:
        return "provider", _("indikatorn delas inte upp på utförare.")
    if entry.value is None:
        return None
    fault = monthly_value_fault(entry.value)
    if fault:
        return "value", fault
    if entry.value < 0:
        return "value", _("värdet kan inte vara negativt.")
    return None


def _check(entry: MonthlyEntry) -> None:
    problem = monthly_entry_problem(entry)
    if problem:
        raise ValidationError(f"{entry.region} {entry.year}-{entry.month:02d} {entry.indicator}: {problem[1]}")


WRITE_ATTEMPTS = 3


@transaction.atomic
def monthly_values_record(
    *,
    actor,
    entries: list[MonthlyEntry],
    channel: str = MonthlyValue.Channel.FORM,
    organisation: Organisation | None = None,
    upload: DataUpload | None = None,
) -> RecordSummary:
    """Save monthly values all-or-nothing; a changed value is a correction kept in the history.

    Permission (may this actor deliver for these regions?) is checked by the caller's selector before this.
    After commit, every programme whose rules read a changed indicator and year is queued for recomputation.

    Two deliveries of a value not yet stored can both find no row and both insert it: the row locks taken when
    reading cannot cover a row that does not exist yet. The writes run in a savepoint; the delivery that loses the
    race on `monthly_value_unique` rolls back to it, reads again (now finding and locking the other's row) and
    writes its values as corrections, with their history.
    """
    for entry in entries:
        _check(entry)
    keys = {_key(e) for e in entries}
    if len(keys) != len(entries):
        raise ValidationError(_("Samma region, indikator, månad och utförare förekommer flera gånger."))
    entries = sorted(entries, key=_key)  # every delivery writes in the same order, so two cannot deadlock
    delivery = {
        "channel": channel,
        "delivered_by": actor,
        "delivered_via": organisation,
        "upload": upload,
        "_history_user": actor,
    }
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        existing = _existing(entries)
        try:
            with transaction.atomic():
                summary, series = _write(entries, existing, delivery)
            break
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS:
                raise
    recompute_on_commit(series)
    return summary


def _key(entry: MonthlyEntry) -> tuple:
    return (entry.region.pk, entry.indicator, entry.year, entry.month, entry.provider)


def _existing(entries: list[MonthlyEntry]) -> dict[tuple, MonthlyValue]:
    """Return the stored values the entries may change, locked until the transaction ends."""
    rows = (
        MonthlyValue.objects.select_for_update()
        .filter(
            region_id__in={e.region.pk for e in entries},
            indicator__in={e.indicator for e in entries},
            year__in={e.year for e in entries},
            month__in={e.month for e in entries},  # only the months written, not the region's whole year
        )
        .order_by("pk")
    )
    return {(v.region_id, v.indicator, v.year, v.month, v.provider): v for v in rows}


DELIVERY_FIELDS = ("value", "channel", "delivered_by", "delivered_via", "upload", "delivered_at")


def _write(
    entries: list[MonthlyEntry], existing: dict[tuple, MonthlyValue], delivery: dict
) -> tuple[RecordSummary, set[tuple[str, int]]]:
    """Write the new and the changed values in bulk, with their history rows in bulk too.

    A delivery costs the same few queries whatever its size (one insert and one update, each with its history,
    batched only by the database's limit on parameters), instead of two per value.
    """
    actor = delivery["_history_user"]
    now = timezone.now()
    new, changed = [], []
    unchanged = 0
    changed_regions: set[str] = set()
    changed_series: set[tuple[str, int]] = set()
    for entry in entries:
        current = existing.get(_key(entry))
        if current is not None and current.value == entry.value:
            unchanged += 1
            continue
        if current is None:
            current = MonthlyValue(
                region=entry.region,
                indicator=entry.indicator,
                year=entry.year,
                month=entry.month,
                provider=entry.provider,
            )
            new.append(current)
        else:
            changed.append(current)
        current.value = entry.value
        current.channel = delivery["channel"]
        current.delivered_by = delivery["delivered_by"]
        current.delivered_via = delivery["delivered_via"]
        current.upload = delivery["upload"]
        current.delivered_at = now  # auto_now is not applied by bulk writes
        changed_regions.add(entry.region.code)
        changed_series.add((entry.indicator, entry.year))
    if new:
        bulk_create_with_history(new, MonthlyValue, default_user=actor, default_date=now)
    if changed:
        bulk_update_with_history(changed, MonthlyValue, fields=DELIVERY_FIELDS, default_user=actor, default_date=now)
    if new or changed:
        data_changed()  # bulk writes send no save signals
    summary = RecordSummary(len(new), len(changed), unchanged, frozenset(changed_regions))
    return summary, changed_series
