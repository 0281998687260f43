"""Each region's standing against each of a programme's deadlines: done, open, soon, overdue.

The whole matrix (programmes × regions × deadlines) comes from one query per kind of object, never one per cell.
A deadline extension (DeadlineExtension) moves the date for that region and kind.

Data months: seeds 002 and 003 leave the date to the agency ("senast det datum som Socialstyrelsen anger"). A month
of data is due on the programme's first data-delivery deadline after the month has ended, and without one by the
end of the following month.
"""

import calendar
import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import l10n
from regions.models import Region
from reporting.models import FollowUpReport, MonthlyValue, Survey, SurveyResponse

from .models import Component, Deadline, DeadlineExtension, GrantProgramme, Repayment, Requisition
from .money import with_claim_totals
from .readcache import cached

Kind = Deadline.Kind
REGION_KINDS = (Kind.REQUISITION, Kind.SURVEY, Kind.DATA_DELIVERY, Kind.FOLLOW_UP_REPORT, Kind.REPAYMENT)
# Rejected counts as done: the region did submit, and a reminder would be wrong.
REQUISITION_DONE = {Requisition.Status.SUBMITTED, Requisition.Status.APPROVED, Requisition.Status.REJECTED}
FOLLOW_UP_DONE = {FollowUpReport.Status.SUBMITTED, FollowUpReport.Status.ACCEPTED}


class State:
    DONE = "done"
    OPEN = "open"
    SOON = "soon"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "na"

    LABELS = {
        DONE: gettext_lazy("Klar"),
        OPEN: gettext_lazy("Öppen"),
        SOON: gettext_lazy("Snart"),
        OVERDUE: gettext_lazy("Försenad"),
        NOT_APPLICABLE: gettext_lazy("Ej aktuell"),
    }
    BADGES = {DONE: "success", OPEN: "info", SOON: "warning", OVERDUE: "danger", NOT_APPLICABLE: "neutral"}


@dataclass(frozen=True)
class Column:
    programme_id: int
    kind: str
    date: date
    label: str
    months: tuple[tuple[int, int], ...] = ()
    indicators: frozenset[str] = frozenset()
    survey_ids: frozenset[int] = frozenset()
    # A programme without a requisition deadline still gives a region a date to complete a returned requisition:
    # such a column applies only to the regions staff gave a completion date.
    completion_only: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.date.isoformat()}"


@dataclass
class Cell:
    column: Column
    region: Region
    date: date
    state: str
    detail: str = ""

    @property
    def label(self) -> str:
        return State.LABELS[self.state]

    @property
    def badge(self) -> str:
        return State.BADGES[self.state]

    @property
    def extended(self) -> bool:
        return self.date != self.column.date


@dataclass
class Row:
    region: Region
    cells: list[Cell] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(cell.state == State.OVERDUE for cell in self.cells)


@dataclass
class Matrix:
    programme: GrantProgramme
    columns: list[Column]
    rows: list[Row]

    def cells(self):
        for row in self.rows:
            yield from row.cells


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _data_months(component: Component) -> tuple[list[tuple[int, int]], set[str]]:
    params = component.parameters or {}
    if component.rule == Component.Rule.PERFORMANCE_POTS:
        indicators = {r["indicator"] for r in params.get("requirements", [])}
    elif component.rule == Component.Rule.OPERATION_TARIFF:
        indicators = set(params.get("indicators", {}).values())
    else:
        return [], set()
    return [(int(params["year"]), int(m)) for m in params.get("months", [])], indicators


def deadline_columns(
    programmes: list[GrantProgramme], extensions: dict[tuple, date] | None = None
) -> dict[int, list[Column]]:
    """Return programme id -> the deadlines a region must meet, in date order (three queries in all).

    `extensions` maps (programme id, region id, kind) to a region's later date; a requisition extension in a
    programme without a requisition deadline (a completion date) adds a requisition column.
    """
    ids = [p.pk for p in programmes]
    deadlines = list(Deadline.objects.filter(programme_id__in=ids, kind__in=REGION_KINDS).order_by("date"))
    surveys = list(Survey.objects.filter(programme_id__in=ids).order_by("closes_on"))
    components = Component.objects.filter(
        programme_id__in=ids, rule__in=[Component.Rule.PERFORMANCE_POTS, Component.Rule.OPERATION_TARIFF]
    )
    columns: dict[int, list[Column]] = {pk: [] for pk in ids}
    data_dates: dict[int, list[date]] = defaultdict(list)
    for d in deadlines:
        if d.kind == Kind.DATA_DELIVERY:
            data_dates[d.programme_id].append(d.date)
        elif d.kind == Kind.SURVEY:
            matching = frozenset(s.pk for s in surveys if s.programme_id == d.programme_id and s.closes_on == d.date)
            every = frozenset(s.pk for s in surveys if s.programme_id == d.programme_id)
            columns[d.programme_id].append(
                Column(d.programme_id, d.kind, d.date, _("Enkät"), survey_ids=matching or every)
            )
        else:
            columns[d.programme_id].append(Column(d.programme_id, d.kind, d.date, d.get_kind_display()))
    survey_dates = {(c.programme_id, c.date) for cols in columns.values() for c in cols if c.kind == Kind.SURVEY}
    for s in surveys:
        if (s.programme_id, s.closes_on) not in survey_dates:
            columns[s.programme_id].append(
                Column(
                    s.programme_id,
                    Kind.SURVEY,
                    s.closes_on,
                    _("Enkät: %(title)s") % {"title": s.title},
                    survey_ids=frozenset({s.pk}),
                )
            )
    months_by_due: dict[tuple[int, date], tuple[list, set]] = {}
    for component in components:
        months, indicators = _data_months(component)
        for year, month in months:
            end = _month_end(year, month)
            later = [d for d in sorted(data_dates[component.programme_id]) if d > end]
            due = later[0] if later else _month_end(*((year + 1, 1) if month == 12 else (year, month + 1)))
            entry = months_by_due.setdefault((component.programme_id, due), ([], set()))
            if (year, month) not in entry[0]:
                entry[0].append((year, month))
            entry[1].update(indicators)
    for (programme_id, due), (months, indicators) in months_by_due.items():
        label = _("Data %(months)s") % {
            "months": ", ".join(f"{l10n.month_abbreviation(m)} {y}" for y, m in sorted(months))
        }
        columns[programme_id].append(
            Column(programme_id, Kind.DATA_DELIVERY, due, label, tuple(sorted(months)), frozenset(indicators))
        )
    completions: dict[int, date] = {}
    for (programme_id, _region_id, kind), until in (extensions or {}).items():
        if kind == Kind.REQUISITION and programme_id in columns:
            completions[programme_id] = max(until, completions.get(programme_id, until))
    for programme_id, until in completions.items():
        if not any(c.kind == Kind.REQUISITION for c in columns[programme_id]):
            columns[programme_id].append(
                Column(programme_id, Kind.REQUISITION, until, _("Komplettering av rekvisition"), completion_only=True)
            )
    for cols in columns.values():
        cols.sort(key=lambda c: (c.date, c.kind))
    return columns


def _state(done: bool | None, when: date, today: date) -> str:
    if done is None:
        return State.NOT_APPLICABLE
    if done:
        return State.DONE
    if when < today:
        return State.OVERDUE
    if when <= today + timedelta(days=settings.REMINDER_DAYS_BEFORE):
        return State.SOON
    return State.OPEN


@dataclass(frozen=True)
class _Facts:
    """What a programme's matrix holds apart from today's date: columns, and per region each cell's facts.

    The facts (done or not, the date after an extension, what is missing) change only when the data is written, so
    they are cached (grants.readcache); the state (open, soon, overdue) comes from them and today's date on each read.
    """

    columns: list[Column]
    rows: list[tuple[Region, list[tuple[int, date, bool | None, str]]]]


def deadline_matrices(programmes: list[GrantProgramme], *, today: date | None = None) -> dict[int, Matrix]:
    """Return programme id -> its region × deadline matrix, in a fixed number of queries whatever the size.

    The facts come from the cache while nothing they rest on has been written; only the states are recomputed.
    """
    today = today or timezone.localdate()
    programmes = list(programmes)
    ids = sorted(p.pk for p in programmes)
    # The facts hold labels and details in the language of the page, so each language has its own entry.
    language = translation.get_language() or "sv"
    facts = cached(f"deadlines:{language}:" + ",".join(map(str, ids)), lambda: _deadline_facts(programmes))
    matrices = {}
    for programme in programmes:
        entry = facts[programme.pk]
        rows = []
        for region, cells in entry.rows:
            row = Row(region)
            for index, when, done, detail in cells:
                row.cells.append(Cell(entry.columns[index], region, when, _state(done, when, today), detail))
            rows.append(row)
        matrices[programme.pk] = Matrix(programme, entry.columns, rows)
    return matrices


def _deadline_facts(programmes: list[GrantProgramme]) -> dict[int, _Facts]:
    programmes = [copy.copy(p) for p in programmes]
    prefetch_related_objects(programmes, "components")
    ids = [p.pk for p in programmes]
    extensions = {
        (e.programme_id, e.region_id, e.kind): e.until for e in DeadlineExtension.objects.filter(programme_id__in=ids)
    }
    columns = deadline_columns(programmes, extensions)
    regions = list(Region.objects.order_by("code"))
    statuses = {
        (programme_id, region_id): status
        for programme_id, region_id, status in Requisition.objects.filter(programme_id__in=ids).values_list(
            "programme_id", "region_id", "status"
        )
    }
    requisitions = {key for key, status in statuses.items() if status in REQUISITION_DONE}
    returned = {key for key, status in statuses.items() if status == Requisition.Status.RETURNED}
    approved = {key for key, status in statuses.items() if status == Requisition.Status.APPROVED}
    requisitioned = {programme_id for programme_id, _region_id in statuses}
    responses = set(
        SurveyResponse.objects.filter(
            survey__programme_id__in=ids, status=SurveyResponse.Status.SUBMITTED
        ).values_list("survey_id", "region_id")
    )
    reports = set(
        FollowUpReport.objects.filter(programme_id__in=ids, status__in=FOLLOW_UP_DONE).values_list(
            "programme_id", "region_id"
        )
    )
    owed: dict[tuple[int, int], int] = defaultdict(int)
    for programme_id, region_id, outstanding in with_claim_totals(
        Repayment.objects.filter(programme_id__in=ids)
    ).values_list("programme_id", "region_id", "outstanding"):
        owed[(programme_id, region_id)] += outstanding
    data = _data_present(columns)

    facts = {}
    for programme in programmes:
        rows = []
        receiving = programme.recipient_codes()
        for region in regions:
            if receiving is not None and region.code not in receiving:
                continue
            cells = []
            for index, column in enumerate(columns[programme.pk]):
                key = (programme.pk, region.pk)
                when = extensions.get((programme.pk, region.pk, column.kind), column.date)
                detail = ""
                if column.kind == Kind.REQUISITION:
                    done = key in requisitions
                    if key in returned:
                        detail = _("Återsänd för komplettering")
                    elif column.completion_only and (programme.pk, region.pk, column.kind) not in extensions:
                        done = None
                elif column.kind == Kind.SURVEY:
                    # No survey sent yet: nothing to answer, and nothing to remind about.
                    done = any((s, region.pk) in responses for s in column.survey_ids) if column.survey_ids else None
                elif column.kind == Kind.FOLLOW_UP_REPORT:
                    # Where money goes out on requisition, only regions with an approved one report back.
                    receives = programme.pk not in requisitioned or key in approved
                    done = key in reports if receives else None
                elif column.kind == Kind.REPAYMENT:
                    done = None if key not in owed else owed[key] <= 0
                else:
                    missing = [
                        f"{l10n.month_name(m)} {y}"
                        for y, m in column.months
                        if not column.indicators <= data.get((region.pk, y, m), set())
                    ]
                    done = not missing
                    detail = _("Saknas: %(months)s") % {"months": ", ".join(missing)} if missing else ""
                cells.append((index, when, done, detail))
            rows.append((region, cells))
        facts[programme.pk] = _Facts(columns[programme.pk], rows)
    return facts


def _data_present(columns: dict[int, list[Column]]) -> dict[tuple[int, int, int], set[str]]:
    indicators, years = set(), set()
    for cols in columns.values():
        for column in cols:
            indicators |= column.indicators
            years |= {y for y, _month in column.months}
    present: dict[tuple[int, int, int], set[str]] = defaultdict(set)
    if not indicators:
        return present
    for region_id, indicator, year, month in (
        MonthlyValue.objects.filter(indicator__in=indicators, year__in=years, value__isnull=False)
        .values_list("region_id", "indicator", "year", "month")
        .distinct()
    ):
        present[(region_id, year, month)].add(indicator)
    return present


def region_deadlines(region: Region) -> list[tuple[GrantProgramme, Column, date]]:
    """Return every deadline the region has across programmes, with its own date after any extension."""
    programmes = [
        p for p in GrantProgramme.objects.visible_to_regions().prefetch_related("components") if p.receives(region)
    ]
    extensions = {(e.programme_id, e.kind): e.until for e in DeadlineExtension.objects.filter(region=region)}
    columns = deadline_columns(programmes, {(p, region.pk, k): until for (p, k), until in extensions.items()})
    return sorted(
        (
            (programme, column, extensions.get((programme.pk, column.kind), column.date))
            for programme in programmes
            for column in columns[programme.pk]
        ),
        key=lambda item: item[2],
    )
