"""The performance-pots matrix (seed 002): region × month per requirement, bonus pot and totals, from one run."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from grants.models import AllocationRun, Component, GrantProgramme
from grants.services.runs import detail_cells
from regions.models import Region

from .common import (
    QUALIFYING,
    STATUS_BADGES,
    decimal_of,
    example_monthly_data,
    fraction_of,
    lines_by_region,
    run_with_detail,
)


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
    detail = (run.detail or {}).get("components", {}).get(component.code) if run else None
    if not detail:
        return matrix
    lines = lines_by_region(run, component)
    regions = {code: line.region for code, line in lines.items()}
    cells = {(c["requirement"], c["region"], c["month"]): c for c in detail_cells(detail)}
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
                reserved=fraction_of(own[0]["reserved"]),
                cells=[
                    MatrixCell(
                        month=c["month"],
                        value=decimal_of(c["value"]),
                        baseline=decimal_of(c["baseline"]),
                        status=c["status"],
                        rank=c["rank"],
                    )
                    for c in own
                ],
            )
            for cell in own:
                item.counts[cell["status"]] = item.counts.get(cell["status"], 0) + 1
                if cell["status"] in QUALIFYING:
                    row.qualified += fraction_of(cell["reserved"])
                    row.qualified_months += 1
            qualified_by_region[code] += row.qualified
            item.rows.append(row)
        matrix.requirements.append(item)
    bonus = detail.get("bonus") or {}
    matrix.bonus = fraction_of(bonus.get("total"))
    matrix.qualified_total = fraction_of(bonus.get("qualified_total"))
    matrix.pending = fraction_of(bonus.get("pending"))
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
