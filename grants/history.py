"""Readable change history from django-simple-history records: who, when, and each field before and after.

Diffs are computed in memory between consecutive records of the same object; the people and related objects
they name are fetched in one query per related model, so a page costs the same whatever the number of changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models

from grants.dates import swedish_date, swedish_datetime
from regions.models import Region

TYPES = {"+": "Skapad", "~": "Ändrad", "-": "Borttagen"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    user: object
    kind: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _fields(record) -> list[models.Field]:
    return [
        f
        for f in type(record).tracked_fields
        if not getattr(f, "auto_now", False) and f.name not in ("id",) and not f.many_to_many
    ]


def _related_names(records, fields_by_model) -> dict[tuple[type, object], str]:
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        for f in fields_by_model[type(record)]:
            if f.is_relation and getattr(record, f.attname) is not None:
                wanted[f.related_model].add(getattr(record, f.attname))
    names = {}
    for model, ids in wanted.items():
        # People and regions are named; other related objects (the parent, a run) are shown by number, because
        # their names would need further queries.
        if hasattr(model, "get_full_name"):
            for obj in model._default_manager.filter(pk__in=ids):
                names[(model, obj.pk)] = obj.get_full_name() or obj.get_username()
        elif model is Region:
            names.update(
                {(model, pk): name for pk, name in Region.objects.filter(pk__in=ids).values_list("pk", "short_name")}
            )
        else:
            names.update({(model, pk): f"nr {pk}" for pk in ids})
    return names


def _display(f: models.Field, record, names) -> str:
    value = getattr(record, f.attname)
    if value is None or value == "":
        return "–"
    if f.is_relation:
        return names.get((f.related_model, value), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, datetime):
        return swedish_datetime(value)
    if isinstance(value, date):
        return swedish_date(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _change(f: models.Field, before, after, names) -> Change | None:
    """Return how a field changed between two records, or None when it did not."""
    if isinstance(f, models.JSONField):
        # Stored structures (a closed programme's account, survey answers) are shown on their own pages; a raw
        # dump of keys in English means nothing to a reader, so the history only says that they changed.
        old, new = getattr(before, f.attname), getattr(after, f.attname)
        if old == new:
            return None
        return Change(str(f.verbose_name), "", "borttagen" if not new else "sparad" if not old else "ändrad")
    old, new = _display(f, before, names), _display(f, after, names)
    return Change(str(f.verbose_name), old, new) if old != new else None


def history_entries(records, *, subject=None) -> list[Entry]:
    """Return entries newest first from history records of one or more models (any order in)."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    fields_by_model = {type(r): _fields(r) for r in records}
    names = _related_names(records, fields_by_model)
    previous: dict[tuple[type, object], object] = {}
    entries = []
    for record in records:
        key = (type(record), record.id)
        before = previous.get(key)
        # A creation lists no fields: the page shows the object itself; changes after it are what matter.
        changes = []
        if before is not None:
            changes = [c for f in fields_by_model[type(record)] if (c := _change(f, before, record, names))]
        previous[key] = record
        label = subject(record) if subject else ""
        entries.append(
            Entry(
                record.history_date,
                record.history_user,
                TYPES[record.history_type],
                label,
                changes,
                getattr(record, "history_change_reason", None) or "",
            )
        )
    entries.reverse()
    return entries


def changes_since(records, *, field_name: str, value: str) -> tuple[object | None, list[Change]]:
    """Return the last record where field_name became value and what differs in the newest record since."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    mark, before = None, None
    for record in records:
        if getattr(record, field_name) == value and (before is None or getattr(before, field_name) != value):
            mark = record
        before = record
    if mark is None:
        return None, []
    newest = records[-1]
    fields = [f for f in _fields(mark) if f.name not in (field_name, "reviewed_by", "reviewed_at", "review_message")]
    names = _related_names([mark, newest], {type(mark): fields})
    changes = [c for f in fields if (c := _change(f, mark, newest, names))]
    return mark, changes
