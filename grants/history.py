"""Readable change history from django-simple-history records: who, when, and each field before and after.

Diffs are computed in memory between consecutive records of the same object; the people and related objects
they name are fetched in one query per related model, so a page costs the same whatever the number of changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import l10n
from grants.dates import swedish_date, swedish_datetime
from regions.models import Region

TYPES = {"+": gettext_lazy("Skapad"), "~": gettext_lazy("Ändrad"), "-": gettext_lazy("Borttagen")}


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
            names.update({(model, pk): _("nr %(number)s") % {"number": pk} for pk in ids})
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
        return _("Ja") if value else _("Nej")
    if isinstance(value, int):
        text = f"{value:,}"
        return text if l10n.english() else text.replace(",", "\u00a0")
    if isinstance(value, datetime):
        return swedish_datetime(value)
    if isinstance(value, date):
        return swedish_date(value)
    if isinstance(value, Decimal):
        return str(value) if l10n.english() else str(value).replace(".", ",")
    return str(value)


def _change(f: models.Field, before, after, names) -> Change | None:
    """Return how a field changed between two records, or None when it did not."""
    if isinstance(f, models.JSONField):
        # Stored structures (a closed programme's account, survey answers) are shown on their own pages; a raw
        # dump of keys in English means nothing to a reader, so the history only says that they changed.
        old, new = getattr(before, f.attname), getattr(after, f.attname)
        if old == new:
            return None
        return Change(str(f.verbose_name), "", _("borttagen") if not new else _("sparad") if not old else _("ändrad"))
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


def submissions(records, *, field_name: str, value: str) -> list:
    """Return the history records, oldest first, where field_name became value (each submission of an object)."""
    marks, before = [], None
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        if getattr(record, field_name) == value and (before is None or getattr(before, field_name) != value):
            marks.append(record)
        before = record
    return marks


def changes_since(
    records, *, field_name: str, value: str, m2m: tuple[tuple[str, str, str], ...] = ()
) -> tuple[object | None, list[Change]]:
    """Return the submission to compare with and what differs in the newest record since.

    `records` are one object's history records. A submission is a record where field_name became value. After a
    resubmission the comparison is with the submission before it, so staff see what the region changed when it
    sent the object in again (a returned requisition, say); with one submission, with that submission. `m2m` names
    many-to-many fields tracked by the history, as (field name, the through row's link to the related object, the
    related object's attribute to show), e.g. ("measures", "measure", "name"): one query per record compared.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    marks = submissions(records, field_name=field_name, value=value)
    if not marks:
        return None, []
    mark = marks[-2] if len(marks) > 1 else marks[-1]
    newest = records[-1]
    fields = [f for f in _fields(mark) if f.name not in (field_name, "reviewed_by", "reviewed_at", "review_message")]
    fields = [f for f in fields if f.name not in ("submitted_at", "submitted_by")]
    names = _related_names([mark, newest], {type(mark): fields})
    changes = [
        Change(str(f.verbose_name), _display(f, mark, names), _display(f, newest, names))
        for f in fields
        if _display(f, mark, names) != _display(f, newest, names)
    ]
    for name, link, attribute in m2m:
        old, new = (_m2m_display(record, name, link, attribute) for record in (mark, newest))
        if old != new:
            label = type(mark).instance_type._meta.get_field(name).verbose_name
            changes.append(Change(str(label), old, new))
    return mark, changes


def _m2m_display(record, name: str, link: str, attribute: str) -> str:
    related = [getattr(getattr(row, link), attribute) for row in getattr(record, name).select_related(link)]
    return "; ".join(sorted(str(item) for item in related)) or "–"
