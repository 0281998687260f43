"""Reporting out: operations against the year before, and how well each region met the performance requirements.

Seed 003 asks the agency to follow up, per region and nationally, the operations in each area against the previous
year, split by where they were performed; seed 002 to analyse each region's fulfilment of the requirements. Both
screens read a fixed number of queries whatever the regions and months.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Sum
from django.utils.translation import gettext as _

from grants import l10n
from grants.models import Component, GrantProgramme
from regions.models import Region

from ..models import MonthlyValue
from .common import PROVIDERS, QUALIFYING, example_monthly_data, run_with_detail
from .performance import PerformanceMatrix, performance_matrix

PROVIDER_CODES = [code for code, _label in PROVIDERS]


def change_percent(this_year: int | None, last_year: int | None) -> Decimal | None:
    """Return the change from last year in per cent, rounded half up to one decimal; None when it has no meaning."""
    if this_year is None or not last_year:
        return None
    exact = Fraction(this_year - last_year, last_year) * 100
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """Operations in one area for one region (or the nation) in one month, or over the period (month 0)."""

    month: int
    this_year: int | None = None  # None: nothing delivered yet (not the same as zero)
    last_year: int | None = None
    providers: dict[str, int] = field(default_factory=dict)  # this year, by who performed them

    @property
    def label(self) -> str:
        return l10n.month_name(self.month) if self.month else _("Perioden")

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.this_year, self.last_year)

    def provider(self, code: str) -> int | None:
        return self.providers.get(code) if self.this_year is not None else None

    @property
    def provider_values(self) -> list[int | None]:
        return [self.provider(code) for code in PROVIDER_CODES]

    def add(self, other: "Figures") -> None:
        if other.this_year is not None:
            self.this_year = (self.this_year or 0) + other.this_year
        if other.last_year is not None:
            self.last_year = (self.last_year or 0) + other.last_year
        for code, value in other.providers.items():
            self.providers[code] = self.providers.get(code, 0) + value


@dataclass
class AreaRow:
    region: Region | None  # None: the whole country
    months: list[Figures]
    period: Figures

    @property
    def name(self) -> str:
        return self.region.short_name if self.region else _("Riket")

    @property
    def with_running(self) -> list[tuple[Figures, Figures]]:
        """Return each month with the cumulative figures of the period up to and including it."""
        running, pairs = Figures(0), []
        for figures in self.months:
            running.add(figures)
            pairs.append((figures, Figures(0, running.this_year, running.last_year, dict(running.providers))))
        return pairs


@dataclass
class AreaFollowUp:
    kind: str
    name: str
    indicator: str
    rows: list[AreaRow]
    national: AreaRow


@dataclass
class OperationsFollowUp:
    programme: GrantProgramme
    component: Component
    year: int
    last_year: int
    months: list[int]
    areas: list[AreaFollowUp]
    regions: list[Region]
    region: Region | None = None
    area: str = ""
    example_data: bool = False

    @property
    def period_label(self) -> str:
        return f"{l10n.month_name(self.months[0])}–{l10n.month_name(self.months[-1])}"

    @property
    def shown_areas(self) -> list[AreaFollowUp]:
        return [a for a in self.areas if not self.area or a.kind == self.area]

    def row_of(self, area: AreaFollowUp) -> AreaRow:
        """Return the selected region's row of the area, or the nation's."""
        if self.region is None:
            return area.national
        return next(row for row in area.rows if row.region == self.region)


def _area_names(component: Component) -> list[tuple[str, str, str]]:
    from reporting.planning import KINDS

    names = {kind: str(name) for kind, name in KINDS}

    indicators = dict(component.parameters["indicators"])
    order = list(names)
    kinds = sorted(indicators, key=lambda kind: (order.index(kind) if kind in order else len(order), kind))
    return [(kind, names.get(kind, kind), indicators[kind]) for kind in kinds]


def operations_followup(
    programme: GrantProgramme, component: Component, *, region_code: str = "", area: str = ""
) -> OperationsFollowUp:
    """Return operations per area, region and month against the same months the year before (3 queries)."""
    params = component.parameters
    year, months = int(params["year"]), sorted(int(month) for month in params["months"])
    receiving = component.recipient_codes
    regions = list(Region.objects.order_by("code"))
    if receiving:
        regions = [region for region in regions if region.code in receiving]
    areas = _area_names(component)
    totals: dict[tuple[int, str, int, int, str], int] = {}
    for region_id, indicator, value_year, month, provider, total in (
        MonthlyValue.objects.filter(
            indicator__in=[indicator for _kind, _name, indicator in areas],
            year__in=[year, year - 1],
            month__in=months,
            value__isnull=False,
        )
        .values_list("region_id", "indicator", "year", "month", "provider")
        .annotate(total=Sum("value"))
        .values_list("region_id", "indicator", "year", "month", "provider", "total")
    ):
        totals[(region_id, indicator, value_year, month, provider)] = int(total)
    followup = OperationsFollowUp(
        programme=programme,
        component=component,
        year=year,
        last_year=year - 1,
        months=months,
        areas=[],
        regions=regions,
        region=next((r for r in regions if r.code == region_code), None),
        area=area if area in {kind for kind, _name, _indicator in areas} else "",
        example_data=example_monthly_data({indicator for _kind, _name, indicator in areas}),
    )
    for kind, name, indicator in areas:
        rows = []
        national = AreaRow(region=None, months=[Figures(month) for month in months], period=Figures(0))
        for region in regions:
            row = AreaRow(region=region, months=[], period=Figures(0))
            for index, month in enumerate(months):
                figures = _figures(totals, region.pk, indicator, year, month)
                row.months.append(figures)
                row.period.add(figures)
                national.months[index].add(figures)
            national.period.add(row.period)
            rows.append(row)
        followup.areas.append(AreaFollowUp(kind=kind, name=name, indicator=indicator, rows=rows, national=national))
    return followup


def _figures(totals: dict, region_id: int, indicator: str, year: int, month: int) -> Figures:
    figures = Figures(month)
    for provider in ("", *PROVIDER_CODES):
        this_year = totals.get((region_id, indicator, year, month, provider))
        last_year = totals.get((region_id, indicator, year - 1, month, provider))
        if this_year is not None:
            figures.this_year = (figures.this_year or 0) + this_year
            if provider:
                figures.providers[provider] = figures.providers.get(provider, 0) + this_year
        if last_year is not None:
            figures.last_year = (figures.last_year or 0) + last_year
    return figures


# Fulfilment (uppfyllnadsgrad)


@dataclass
class Fulfilment:
    """One region's (or the nation's) fulfilment of one requirement over the measured months."""

    name: str
    improvement: int = 0
    top: int = 0
    not_met: int = 0
    no_data: int = 0
    pending: int = 0
    reserved: Fraction = Fraction(0)  # what the region could earn: its share of every monthly pot
    earned: Fraction = Fraction(0)  # the reserved share of the months it qualified

    @property
    def months(self) -> int:
        return self.improvement + self.top + self.not_met + self.no_data + self.pending

    @property
    def met(self) -> int:
        return self.improvement + self.top

    @property
    def rate(self) -> Fraction | None:
        """Months met of the months measured (pending months not counted): the uppfyllnadsgrad."""
        decided = self.months - self.pending
        return Fraction(self.met, decided) if decided else None

    @property
    def earned_share(self) -> Fraction | None:
        return self.earned / self.reserved if self.reserved else None

    def add(self, other: "Fulfilment") -> None:
        for name in ("improvement", "top", "not_met", "no_data", "pending", "reserved", "earned"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RequirementFulfilment:
    code: str
    name: str
    amount: int
    rows: list[tuple[Region, Fulfilment]]
    national: Fulfilment


@dataclass
class BonusShare:
    region: Region
    qualified: Fraction
    bonus: Fraction
    amount: int


@dataclass
class FulfilmentReport:
    matrix: PerformanceMatrix
    requirements: list[RequirementFulfilment]
    national: Fulfilment
    bonus_rows: list[BonusShare]

    @property
    def computed(self) -> bool:
        return self.matrix.computed


def fulfilment_report(programme: GrantProgramme, component: Component, number: int | None = None) -> FulfilmentReport:
    """Return per region and requirement the months met and the money earned, with the bonus pot's spread."""
    matrix = performance_matrix(programme, component, number)
    national = Fulfilment(name=_("Riket"))
    requirements = []
    for requirement in matrix.requirements:
        total = Fulfilment(name=_("Riket"))
        rows = []
        for row in requirement.rows:
            item = Fulfilment(name=row.region.short_name, reserved=row.reserved * len(row.cells))
            for cell in row.cells:
                counter = {"improvement": "improvement", "top5": "top", "not_met": "not_met"}.get(cell.status)
                counter = counter or ("pending" if cell.status == "pending" else "no_data")
                setattr(item, counter, getattr(item, counter) + 1)
                if cell.status in QUALIFYING:
                    item.earned += row.reserved
            total.add(item)
            rows.append((row.region, item))
        national.add(total)
        requirements.append(
            RequirementFulfilment(
                code=requirement.code, name=requirement.name, amount=requirement.amount, rows=rows, national=total
            )
        )
    bonus_rows = [
        BonusShare(region=total.region, qualified=total.qualified, bonus=total.bonus_share, amount=total.amount)
        for total in matrix.totals
    ]
    return FulfilmentReport(matrix=matrix, requirements=requirements, national=national, bonus_rows=bonus_rows)


def top_threshold(matrix: PerformanceMatrix, requirement_code: str, top_n: int) -> list[Decimal | None]:
    """Return per measured month the highest value still among the top N (the lowest N): the line to be under."""
    requirement = next(r for r in matrix.requirements if r.code == requirement_code)
    thresholds = []
    for index, _month in enumerate(matrix.months):
        ranked = [
            row.cells[index].value
            for row in requirement.rows
            if row.cells[index].rank is not None
            and row.cells[index].rank <= top_n
            and row.cells[index].value is not None
        ]
        thresholds.append(max(ranked) if ranked else None)
    return thresholds


__all__ = [
    "AreaFollowUp",
    "AreaRow",
    "Figures",
    "Fulfilment",
    "FulfilmentReport",
    "OperationsFollowUp",
    "change_percent",
    "fulfilment_report",
    "operations_followup",
    "run_with_detail",
    "top_threshold",
]
