"""Monthly data in: one service for every channel (form, Excel upload, API, register import)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

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


def _check(entry: MonthlyEntry) -> None:
    where = f"{entry.region} {entry.year}-{entry.month:02d} {entry.indicator}"
    if entry.indicator not in Indicator.values:
        raise ValidationError(f"{where}: okänd indikator.")
    if not 1 <= entry.month <= 12:
        raise ValidationError(f"{where}: månaden ska vara 1–12.")
    if entry.indicator in OPERATION_INDICATORS:
        if entry.provider not in (Provider.OWN, Provider.OTHER_REGION, Provider.PRIVATE):
            raise ValidationError(
                f"{where}: operationer ska delas upp på egen regi, annan region och privat vårdgivare."
            )
        if entry.value is not None and entry.value != entry.value.to_integral_value():
            raise ValidationError(f"{where}: antalet operationer ska vara ett heltal.")
    elif entry.provider:
        raise ValidationError(f"{where}: indikatorn delas inte upp på utförare.")
    if entry.value is None:
        return
    fault = monthly_value_fault(entry.value)
    if fault:
        raise ValidationError(f"{where}: {fault}")
    if entry.value < 0:
        raise ValidationError(f"{where}: värdet kan inte vara negativt.")


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
    """
    for entry in entries:
        _check(entry)
    keys = {(e.region.pk, e.indicator, e.year, e.month, e.provider) for e in entries}
    if len(keys) != len(entries):
        raise ValidationError("Samma region, indikator, månad och utförare förekommer flera gånger.")
    region_ids = {e.region.pk for e in entries}
    existing = {
        (v.region_id, v.indicator, v.year, v.month, v.provider): v
        for v in MonthlyValue.objects.select_for_update().filter(
            region_id__in=region_ids, indicator__in={e.indicator for e in entries}, year__in={e.year for e in entries}
        )
    }
    created = updated = unchanged = 0
    changed_regions: set[str] = set()
    changed_series: set[tuple[str, int]] = set()
    for entry in entries:
        key = (entry.region.pk, entry.indicator, entry.year, entry.month, entry.provider)
        current = existing.get(key)
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
            created += 1
        else:
            updated += 1
        current.value = entry.value
        current.channel = channel
        current.delivered_by = actor
        current.delivered_via = organisation
        current.upload = upload
        current._history_user = actor
        current.save()
        changed_regions.add(entry.region.code)
        changed_series.add((entry.indicator, entry.year))
    recompute_on_commit(changed_series)
    return RecordSummary(created, updated, unchanged, frozenset(changed_regions))
