"""Reads for reported data."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, Sum

from grants.models import AllocationLine, AllocationRun, Component, GrantProgramme
from regions.models import PopulationFigure, Region

from .models import OPERATION_INDICATORS, MonthlyValue, Provider


def _indicator_years(specs: Sequence) -> dict[str, set[int]]:
    """Return indicator -> years the components read (performance: year and baseline; tariff: year)."""
    wanted: dict[str, set[int]] = {}
    for spec in specs:
        params = spec.params
        if spec.rule == "performance_pots":
            for requirement in params["requirements"]:
                wanted.setdefault(requirement["indicator"], set()).update({params["year"], params["baseline_year"]})
        elif spec.rule == "operation_tariff":
            for indicator in params["indicators"].values():
                wanted.setdefault(indicator, set()).add(params["year"])
    return wanted


def monthly_values_for_engine(specs: Sequence) -> dict[tuple[str, str, int, int], Decimal | int]:
    """Return (region code, indicator, year, month) -> value for what the components read, in one query each kind.

    Operations are summed over providers for the patient's home region (seed 003); a value reported as missing
    (null) is left out, because missing is not zero.
    """
    result: dict[tuple[str, str, int, int], Decimal | int] = {}
    for indicator, years in _indicator_years(specs).items():
        rows = MonthlyValue.objects.filter(indicator=indicator, year__in=years, value__isnull=False)
        if indicator in OPERATION_INDICATORS:
            for code, year, month, total in (
                rows.values_list("region__code", "year", "month")
                .annotate(total=Sum("value"))
                .values_list("region__code", "year", "month", "total")
            ):
                result[(code, indicator, year, month)] = int(total)
        else:
            for code, year, month, value in rows.values_list("region__code", "year", "month", "value"):
                result[(code, indicator, year, month)] = value
    return result


def programmes_reading(series: set[tuple[str, int]]) -> list[int]:
    """Return the ids of programmes with a component that reads any of these (indicator, year) pairs."""
    from grants.selectors import component_specs

    components = list(
        Component.objects.filter(rule__in=[Component.Rule.PERFORMANCE_POTS, Component.Rule.OPERATION_TARIFF]).only(
            "id",
            "programme_id",
            "code",
            "name",
            "rule",
            "amount",
            "source",
            "rounding_unit",
            "rounding_method",
            "parameters",
        )
    )
    affected = set()
    for component in components:
        wanted = _indicator_years(component_specs([component]))
        if any(year in wanted.get(indicator, ()) for indicator, year in series):
            affected.add(component.programme_id)
    return sorted(affected)


# --- Staff screens: the performance matrix (seed 002), operations and caps (seed 003), run comparison -----------

EXAMPLE_DATA_SOURCE = "Exempeldata (genererad för demonstration)"
"""Name of the organisation the demo generator delivers its monthly values through (`delivered_via`).

Generated values are the only ones delivered via this organisation, so a page can tell, in one query, that it
shows example data without a flag on every value.
"""

STATUS_BADGES = {
    "improvement": ("success", "Förbättring"),
    "top5": ("info", "Topp 5"),
    "not_met": ("danger", "Ej uppfyllt"),
    "no_data": ("neutral", "Inget värde"),
    "pending": ("warning", "Inväntar data"),
}
QUALIFYING = ("improvement", "top5")
PROVIDERS = (
    (Provider.OWN, Provider.OWN.label),
    (Provider.OTHER_REGION, Provider.OTHER_REGION.label),
    (Provider.PRIVATE, Provider.PRIVATE.label),
)
PER_INHABITANTS = 100_000


def _fraction(text: str | None) -> Fraction:
    return Fraction(text) if text else Fraction(0)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def run_with_detail(programme: GrantProgramme, component: Component, number: int | None = None):
    """Return the run to show (the newest successful one by default), or None."""
    runs = AllocationRun.objects.filter(programme=programme).select_related("created_by")
    if number is not None:
        return runs.filter(number=number).first()
    return runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()


def _lines_by_region(run, component: Component) -> dict[str, AllocationLine]:
    if run is None:
        return {}
    lines = AllocationLine.objects.filter(run=run, component=component).select_related("region")
    return {line.region.code: line for line in lines}


def example_monthly_data(indicators: set[str]) -> bool:
    """Return whether any of these indicators holds values the demo generator made up."""
    return MonthlyValue.objects.filter(indicator__in=indicators, delivered_via__name=EXAMPLE_DATA_SOURCE).exists()


@dataclass
class MatrixCell:
    month: int
    value: Decimal | None
    baseline: Decimal | None
    status: str
    rank: int | None

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status][0]

    @property
    def label(self) -> str:
        return STATUS_BADGES[self.status][1]


@dataclass
class MatrixRow:
    region: Region
    reserved: Fraction  # the region's reserved share of each monthly pot
    cells: list[MatrixCell]
    qualified: Fraction = Fraction(0)
    qualified_months: int = 0


@dataclass
class MatrixRequirement:
    code: str
    name: str
    amount: int
    monthly_pot: Fraction
    rows: list[MatrixRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def qualified_total(self) -> Fraction:
        return sum((row.qualified for row in self.rows), Fraction(0))

    @property
    def status_totals(self) -> list[tuple[str, str, int]]:
        return [(STATUS_BADGES[s][0], STATUS_BADGES[s][1], self.counts.get(s, 0)) for s in STATUS_BADGES]


@dataclass
class MatrixTotal:
    region: Region
    qualified: Fraction
    bonus_share: Fraction
    amount: int


@dataclass
class PerformanceMatrix:
    """A performance-pots component of one run, region × month per requirement, read from the run's detail."""

    programme: GrantProgramme
    component: Component
    run: AllocationRun | None
    year: int = 0
    baseline_year: int = 0
    months: list[int] = field(default_factory=list)
    requirements: list[MatrixRequirement] = field(default_factory=list)
    bonus: Fraction = Fraction(0)
    qualified_total: Fraction = Fraction(0)
    pending: Fraction = Fraction(0)
    totals: list[MatrixTotal] = field(default_factory=list)
    example_data: bool = False

    @property
    def computed(self) -> bool:
        return bool(self.requirements)

    @property
    def amount_total(self) -> int:
        return sum(total.amount for total in self.totals)

    @property
    def bonus_total(self) -> Fraction:
        return sum((total.bonus_share for total in self.totals), Fraction(0))


def performance_matrix(programme: GrantProgramme, component: Component, number: int | None = None):
    """Return the matrix of a performance-pots component in a fixed number of queries (run, lines, example flag)."""
    run = run_with_detail(programme, component, number)
    indicators = {r["indicator"] for r in component.parameters.get("requirements", ())}
    matrix = PerformanceMatrix(programme=programme, component=component, run=run)
    matrix.example_data = example_monthly_data(indicators)
    detail = (run.detail or {}).get(component.code) if run else None
    if not detail:
        return matrix
    lines = _lines_by_region(run, component)
    regions = {code: line.region for code, line in lines.items()}
    cells = {(c["requirement"], c["region"], c["month"]): c for c in detail["cells"]}
    matrix.year, matrix.baseline_year, matrix.months = detail["year"], detail["baseline_year"], detail["months"]
    qualified_by_region = dict.fromkeys(regions, Fraction(0))
    for requirement in detail["requirements"]:
        item = MatrixRequirement(
            code=requirement["code"],
            name=requirement["name"],
            amount=requirement["amount"],
            monthly_pot=Fraction(requirement["amount"], len(matrix.months)),
            rows=[],
        )
        for code, region in sorted(regions.items()):
            own = [cells[(item.code, code, month)] for month in matrix.months]
            row = MatrixRow(
                region=region,
                reserved=_fraction(own[0]["reserved"]),
                cells=[
                    MatrixCell(
                        month=c["month"],
                        value=_decimal(c["value"]),
                        baseline=_decimal(c["baseline"]),
                        status=c["status"],
                        rank=c["rank"],
                    )
                    for c in own
                ],
            )
            for cell in own:
                item.counts[cell["status"]] = item.counts.get(cell["status"], 0) + 1
                if cell["status"] in QUALIFYING:
                    row.qualified += _fraction(cell["reserved"])
                    row.qualified_months += 1
            qualified_by_region[code] += row.qualified
            item.rows.append(row)
        matrix.requirements.append(item)
    bonus = detail.get("bonus") or {}
    matrix.bonus = _fraction(bonus.get("total"))
    matrix.qualified_total = _fraction(bonus.get("qualified_total"))
    matrix.pending = _fraction(bonus.get("pending"))
    for code, region in sorted(regions.items()):
        share = matrix.bonus * qualified_by_region[code] / matrix.qualified_total if matrix.qualified_total else 0
        matrix.totals.append(
            MatrixTotal(
                region=region,
                qualified=qualified_by_region[code],
                bonus_share=Fraction(share),
                amount=lines[code].amount,
            )
        )
    return matrix


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
    from grants.allocation.tariff import KIND_NAMES

    params = component.parameters
    # JSON objects keep no order in PostgreSQL (jsonb): show the areas in the decision's order.
    order = list(KIND_NAMES)
    ordered = sorted(params["tariffs"], key=lambda kind: (order.index(kind) if kind in order else len(order), kind))
    kinds = [(kind, KIND_NAMES.get(kind, kind), int(params["tariffs"][kind])) for kind in ordered]
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
    detail = (run.detail or {}).get(component.code) if run else None
    overview.computed = bool(detail)
    computed_rows = {row["region"]: row for row in detail["rows"]} if detail else {}
    lines = _lines_by_region(run, component) if detail else {}
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
            row.remainder = _fraction(computed["remainder"])
            row.per_100k = {k: _fraction(v) * PER_INHABITANTS for k, v in computed["per_inhabitant"].items()}
            row.top = {kind for kind, top in tops.items() if region.code in top["regions"]}
            row.amount = lines[region.code].amount if region.code in lines else None
        overview.rows.append(row)
    rows_by_code = {row.region.code: row for row in overview.rows}
    shares = {kind: Fraction(value) / 100 for kind, value in params["remainder_shares"].items()}
    for kind, name, _ in kinds:
        top = tops.get(kind)
        if top is None:
            continue
        pot = _fraction(top["pot"])
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


@dataclass
class InputChange:
    label: str
    before: str
    after: str


@dataclass
class LineChange:
    component: Component
    region: Region
    before: int | None
    after: int | None
    changes: list[InputChange]
    text_before: str
    text_after: str

    @property
    def difference(self) -> int:
        return (self.after or 0) - (self.before or 0)


@dataclass
class ComponentChange:
    component: Component
    before: int
    after: int
    regions_changed: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass
class RunComparison:
    run: AllocationRun
    previous: AllocationRun | None
    lines: list[LineChange] = field(default_factory=list)
    components: list[ComponentChange] = field(default_factory=list)
    unchanged: int = 0


def _input_text(item: dict) -> str:
    from grants.allocation.formatting import format_decimal, format_decimal_places, format_int

    value, kind = item.get("value"), item.get("type")
    if kind == "int":
        return format_int(int(value))
    if kind == "fraction":
        return format_decimal_places(Fraction(value), 2)
    if kind == "decimal":
        return format_decimal(Decimal(value))
    return str(value)


def _input_changes(before: dict, after: dict) -> list[InputChange]:
    old = {item["key"]: item for item in before.get("inputs", ())}
    new = {item["key"]: item for item in after.get("inputs", ())}
    changes = []
    for key, item in new.items():
        previous = old.get(key)
        if previous is None or (previous["value"], previous.get("as_of")) != (item["value"], item.get("as_of")):
            changes.append(InputChange(item["label"], _input_text(previous) if previous else "–", _input_text(item)))
    changes += [InputChange(item["label"], _input_text(item), "–") for key, item in old.items() if key not in new]
    return changes


def run_comparison(programme: GrantProgramme, number: int, against: int | None = None) -> RunComparison | None:
    """Return how a run differs from an earlier successful one (the one before it by default), line by line.

    A line has changed when its amount has (or it is new or gone). Each changed line lists the inputs of its
    explanation that differ (months qualified, operations, bonus pot...), so staff see why; two queries whatever
    the number of lines.
    """
    wanted = AllocationRun.objects.filter(programme=programme).select_related("created_by")
    if against is None:
        candidates = list(
            wanted.filter(Q(number=number) | Q(number__lt=number, status=AllocationRun.Status.SUCCEEDED)).order_by(
                "-number"
            )[:2]
        )
    else:
        candidates = list(wanted.filter(number__in=[number, against]).order_by("-number"))
    run = next((item for item in candidates if item.number == number), None)
    if run is None:
        return None
    previous = next((item for item in candidates if item.number != number), None)
    comparison = RunComparison(run=run, previous=previous)
    lines = AllocationLine.objects.filter(run__in=[item for item in (run, previous) if item]).select_related(
        "region", "component"
    )
    old: dict[tuple[int, int], AllocationLine] = {}
    new: dict[tuple[int, int], AllocationLine] = {}
    for line in lines:
        (new if line.run_id == run.pk else old)[(line.component_id, line.region_id)] = line
    components: dict[int, ComponentChange] = {}
    for key in sorted(set(old) | set(new), key=lambda k: _line_order(old.get(k) or new.get(k))):
        before, after = old.get(key), new.get(key)
        sample = after or before
        summary = components.setdefault(
            sample.component_id, ComponentChange(component=sample.component, before=0, after=0, regions_changed=0)
        )
        summary.before += before.amount if before else 0
        summary.after += after.amount if after else 0
        if before and after and before.amount == after.amount:
            comparison.unchanged += 1
            continue
        summary.regions_changed += 1
        comparison.lines.append(
            LineChange(
                component=sample.component,
                region=sample.region,
                before=before.amount if before else None,
                after=after.amount if after else None,
                changes=_input_changes(before.explanation if before else {}, after.explanation if after else {}),
                text_before=before.explanation.get("text", "") if before else "",
                text_after=after.explanation.get("text", "") if after else "",
            )
        )
    comparison.components = list(components.values())
    return comparison


def _line_order(line: AllocationLine) -> tuple:
    return (line.component.position, line.component.code, line.region.code)


def runs_for_history(programme: GrantProgramme, limit: int = 100) -> list[AllocationRun]:
    """Return the programme's runs, newest first, failed ones included, with who started them."""
    return list(programme.runs.select_related("created_by").defer("detail", "notes").order_by("-number")[:limit])
