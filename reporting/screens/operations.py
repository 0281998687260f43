"""The operation tariff (seed 003, block 2): operations by kind and provider, caps, remainder and top-five lists."""

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Sum

from grants.models import AllocationRun, Component, GrantProgramme
from regions.models import PopulationFigure, Region

from ..models import MonthlyValue
from .common import PER_INHABITANTS, PROVIDERS, example_monthly_data, fraction_of, lines_by_region, run_with_detail


@dataclass
class TariffRowView:
    region: Region
    operations: dict[str, dict[str, int]]  # kind -> provider -> count (summed over the months)
    counted: dict[str, int]  # kind -> operations the run counted
    earned: int | None = None
    cap: int | None = None
    paid: int | None = None
    remainder: Fraction | None = None
    amount: int | None = None
    per_100k: dict[str, Fraction] = field(default_factory=dict)
    top: set[str] = field(default_factory=set)

    @property
    def cap_reached(self) -> bool:
        return self.earned is not None and self.cap is not None and self.earned >= self.cap

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        """Return (kind, provider, count) in the column order of the page."""
        return [(kind, p, counts.get(p, 0)) for kind, counts in self.operations.items() for p, _ in PROVIDERS]


@dataclass
class TopListView:
    kind: str
    name: str
    share: Fraction
    pot: Fraction
    cap_sum: int
    regions: list[tuple[Region, Fraction, Fraction]]  # region, operations per 100 000, its share of the pot


@dataclass
class TariffOverview:
    """A tariff component of one run: operations by kind and provider, earned, cap, paid, remainder, top lists."""

    programme: GrantProgramme
    component: Component
    run: AllocationRun | None
    year: int
    months: list[int]
    kinds: list[tuple[str, str, int]]  # kind, Swedish name, tariff
    rows: list[TariffRowView] = field(default_factory=list)
    top_lists: list[TopListView] = field(default_factory=list)
    ranking_date: date | None = None
    population_missing: list[Region] = field(default_factory=list)
    population_is_example: bool = False
    example_data: bool = False
    computed: bool = False

    @property
    def providers(self):
        return PROVIDERS

    def total(self, name: str):
        values = [getattr(row, name) for row in self.rows if getattr(row, name) is not None]
        return sum(values, Fraction(0) if name == "remainder" else 0) if values else None

    @property
    def totals(self) -> dict:
        return {name: self.total(name) for name in ("earned", "cap", "paid", "remainder", "amount")}

    @property
    def operation_totals(self) -> list[int]:
        return [
            sum(row.operations[kind].get(p, 0) for row in self.rows) for kind, _, _ in self.kinds for p, _ in PROVIDERS
        ]

    @property
    def remainder_pot(self) -> Fraction:
        return sum((top.pot for top in self.top_lists), Fraction(0))


def tariff_overview(programme: GrantProgramme, component: Component, number: int | None = None) -> TariffOverview:
    """Return the tariff component's page data in a fixed number of queries, whatever the regions and months."""
    from reporting.planning import KINDS

    names = {kind: str(name) for kind, name in KINDS}

    params = component.parameters
    # JSON objects keep no order in PostgreSQL (jsonb): show the areas in the decision's order.
    order = list(names)
    ordered = sorted(params["tariffs"], key=lambda kind: (order.index(kind) if kind in order else len(order), kind))
    kinds = [(kind, names.get(kind, kind), int(params["tariffs"][kind])) for kind in ordered]
    indicators = dict(params["indicators"])
    kind_of = {indicator: kind for kind, indicator in indicators.items()}
    year, months = int(params["year"]), sorted(int(m) for m in params["months"])
    run = run_with_detail(programme, component, number)
    overview = TariffOverview(
        programme=programme,
        component=component,
        run=run,
        year=year,
        months=months,
        kinds=kinds,
        ranking_date=date.fromisoformat(str(params["ranking_population_date"])),
    )
    regions = list(Region.objects.order_by("code"))
    figures = dict(
        PopulationFigure.objects.filter(reference_date=overview.ranking_date).values_list("region_id", "is_example")
    )
    overview.population_missing = [region for region in regions if region.pk not in figures]
    overview.population_is_example = any(figures.values())
    overview.example_data = example_monthly_data(set(indicators.values()))
    by_provider: dict[int, dict[str, dict[str, int]]] = {}
    for region_id, indicator, provider, total in (
        MonthlyValue.objects.filter(
            indicator__in=indicators.values(), year=year, month__in=months, value__isnull=False
        )
        .values_list("region_id", "indicator", "provider")
        .annotate(total=Sum("value"))
        .values_list("region_id", "indicator", "provider", "total")
    ):
        by_provider.setdefault(region_id, {}).setdefault(kind_of[indicator], {})[provider] = int(total)
    detail = (run.detail or {}).get("components", {}).get(component.code) if run else None
    overview.computed = bool(detail)
    computed_rows = {row["region"]: row for row in detail["rows"]} if detail else {}
    lines = lines_by_region(run, component) if detail else {}
    tops = {top["kind"]: top for top in detail["top_lists"]} if detail else {}
    by_code = {region.code: region for region in regions}
    for region in regions:
        operations = {kind: by_provider.get(region.pk, {}).get(kind, {}) for kind, _, _ in kinds}
        row = TariffRowView(
            region=region,
            operations=operations,
            counted={kind: sum(operations[kind].values()) for kind, _, _ in kinds},
        )
        computed = computed_rows.get(region.code)
        if computed:
            row.counted = dict(computed["operations"])
            row.earned, row.cap, row.paid = computed["earned"], computed["cap"], computed["paid"]
            row.remainder = fraction_of(computed["remainder"])
            row.per_100k = {k: fraction_of(v) * PER_INHABITANTS for k, v in computed["per_inhabitant"].items()}
            row.top = {kind for kind, top in tops.items() if region.code in top["regions"]}
            row.amount = lines[region.code].amount if region.code in lines else None
        overview.rows.append(row)
    rows_by_code = {row.region.code: row for row in overview.rows}
    shares = {kind: Fraction(value) / 100 for kind, value in params["remainder_shares"].items()}
    for kind, name, _ in kinds:
        top = tops.get(kind)
        if top is None:
            continue
        pot = fraction_of(top["pot"])
        overview.top_lists.append(
            TopListView(
                kind=kind,
                name=name,
                share=shares[kind],
                pot=pot,
                cap_sum=top["cap_sum"],
                regions=[
                    (
                        by_code[code],
                        rows_by_code[code].per_100k.get(kind, Fraction(0)),
                        pot * rows_by_code[code].cap / top["cap_sum"] if top["cap_sum"] else Fraction(0),
                    )
                    for code in top["regions"]
                ],
            )
        )
    return overview
