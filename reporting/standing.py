"""A region's own standing in the performance-based parts, for its home page in the portal.

Read from the run the home page has already loaded with the region's lines (the run's detail holds every month
cell and tariff row), so a card costs no query of its own; the operations by provider and month for the tariff
parts are one query for all of them.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum
from django.utils.translation import gettext as _

from grants import l10n
from grants.models import AllocationLine
from grants.services.runs import detail_cells

from .chart_data import rate_line_chart
from .charts import Chart, Series, grouped_bars, stacked_columns
from .models import MonthlyValue
from .screens.common import PROVIDERS, QUALIFYING, STATUS_BADGES


@dataclass
class RequirementStanding:
    name: str
    month: int | None  # the latest month with a decision (met or not), None before the first
    status: str
    earned: Fraction
    possible: Fraction
    chart: Chart

    @property
    def remaining(self) -> Fraction:
        return self.possible - self.earned

    @property
    def month_label(self) -> str:
        return l10n.month_name(self.month) if self.month else ""

    @property
    def status_label(self) -> str:
        return str(STATUS_BADGES[self.status][1])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status][0]


@dataclass
class TariffStanding:
    name: str
    earned: int
    cap: int
    operations: dict[str, int]
    charts: list[Chart] = field(default_factory=list)

    @property
    def to_cap(self) -> int:
        return max(self.cap - self.earned, 0)


@dataclass
class Standing:
    requirements: list[RequirementStanding] = field(default_factory=list)
    tariffs: list[TariffStanding] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requirements or self.tariffs)


def _decimal(text) -> Decimal | None:
    return None if text is None else Decimal(text)


def _requirements(line: AllocationLine, detail: dict, region_code: str, top_n: int) -> list[RequirementStanding]:
    months, year, baseline_year = detail["months"], detail["year"], detail["baseline_year"]
    found = []
    stored = detail_cells(detail)
    for requirement in detail["requirements"]:
        cells = [c for c in stored if c["requirement"] == requirement["code"]]
        own = {c["month"]: c for c in cells if c["region"] == region_code}
        if not own:
            continue
        reserved = {m: Fraction(own[m]["reserved"]) for m in months}
        decided = [m for m in months if own[m]["status"] not in ("pending", "no_data")]
        latest = decided[-1] if decided else None
        in_top: dict[int, list[Decimal]] = {}  # per month, the values still among the top N
        for cell in cells:
            if cell["rank"] is not None and cell["rank"] <= top_n and cell["value"] is not None:
                in_top.setdefault(cell["month"], []).append(Decimal(cell["value"]))
        chart = rate_line_chart(
            title=_("%(requirement)s: %(region)s per månad")
            % {"requirement": requirement["name"], "region": line.region.short_name},
            months=months,
            year=year,
            baseline_year=baseline_year,
            values=[_decimal(own[m]["value"]) for m in months],
            baselines=[_decimal(own[m]["baseline"]) for m in months],
            threshold=[max(in_top[m]) if m in in_top else None for m in months],
        )
        found.append(
            RequirementStanding(
                name=requirement["name"],
                month=latest,
                status=own[latest]["status"] if latest else "pending",
                earned=sum((reserved[m] for m in months if own[m]["status"] in QUALIFYING), Fraction(0)),
                possible=sum(reserved.values(), Fraction(0)),
                chart=chart,
            )
        )
    return found


def region_standings(lines: list[AllocationLine], region) -> dict[int, Standing]:
    """Return programme id -> the region's standing in its performance-based parts (at most one query in all)."""
    standings: dict[int, Standing] = {}
    tariff_lines = []
    for line in lines:
        detail = (line.run.detail or {}).get("components", {}).get(line.component.code)
        if not detail:
            continue
        standing = standings.setdefault(line.run.programme_id, Standing())
        if line.component.rule == "performance_pots":
            top_n = int(line.component.parameters.get("top_n", 5))
            standing.requirements += _requirements(line, detail, region.code, top_n)
        elif line.component.rule == "operation_tariff":
            tariff_lines.append((line, detail))
    if tariff_lines:
        for line, item in _tariffs(tariff_lines, region):
            standings[line.run.programme_id].tariffs.append(item)
    return standings


def _tariffs(tariff_lines, region) -> list[tuple[AllocationLine, TariffStanding]]:
    indicators = {
        indicator for line, _detail in tariff_lines for indicator in line.component.parameters["indicators"].values()
    }
    years = {int(line.component.parameters["year"]) for line, _detail in tariff_lines}
    totals: dict[tuple[str, int, int, str], int] = {
        (indicator, year, month, provider): int(total)
        for indicator, year, month, provider, total in MonthlyValue.objects.filter(
            region=region, indicator__in=indicators, year__in=years, value__isnull=False
        )
        .values_list("indicator", "year", "month", "provider")
        .annotate(total=Sum("value"))
        .values_list("indicator", "year", "month", "provider", "total")
    }
    found = []
    for line, detail in tariff_lines:
        row = next((r for r in detail["rows"] if r["region"] == region.code), None)
        if row is None:
            continue
        params = line.component.parameters
        year, months = int(params["year"]), sorted(int(m) for m in params["months"])
        item = TariffStanding(
            name=line.component.name, earned=row["earned"], cap=row["cap"], operations=row["operations"]
        )
        item.charts.append(
            grouped_bars(
                title=_("Intjänat mot maxtak, %(region)s") % {"region": region.short_name},
                categories=[region.short_name],
                series=[
                    Series(name=_("Intjänat"), values=[row["earned"]]),
                    Series(name=_("Maxtak"), values=[row["cap"]]),
                ],
                unit="kr",
            )
        )
        item.charts.append(
            stacked_columns(
                title=_("Operationer per månad och utförare %(year)s, %(region)s")
                % {"year": year, "region": region.short_name},
                categories=[l10n.month_name(month) for month in months],
                series=[
                    Series(
                        name=str(label),
                        values=[
                            _sum_or_none(totals, params["indicators"].values(), year, month, code) for month in months
                        ],
                    )
                    for code, label in PROVIDERS
                ],
                unit=_("operationer"),
            )
        )
        found.append((line, item))
    return found


def _sum_or_none(totals: dict, indicators, year: int, month: int, provider: str) -> int | None:
    values = [totals[key] for key in ((i, year, month, provider) for i in indicators) if key in totals]
    return sum(values) if values else None
