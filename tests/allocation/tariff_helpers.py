"""Builders for per-operation tariff scenarios (seed 003, block 2)."""

from datetime import date
from fractions import Fraction

from grants.allocation import ComponentResult, ComponentSpec, Inputs, TariffRow, TopList

RANKING_DATE = date(2024, 11, 1)
CAP_SERIES = "maxtak-2025"
TARIFFS = {"hip": 108_000, "prolapse": 39_000, "cataract": 19_000}
INDICATORS = {"hip": "hip_operations", "prolapse": "prolapse_operations", "cataract": "cataract_operations"}
MONTHS = list(range(2, 11))  # februari–oktober 2025


def tariff_spec(amount: int, **params) -> ComponentSpec:
    """Return a block-2 component with seed 003's parameters unless overridden."""
    return ComponentSpec(
        code="block2",
        name="Block 2: medel för att stimulera till kortare vårdköer",
        rule="operation_tariff",
        amount=amount,
        source="seed 003, bilaga 1, block 2",
        params={
            "year": 2025,
            "months": MONTHS,
            "tariffs": TARIFFS,
            "indicators": INDICATORS,
            "cap_series": CAP_SERIES,
            "ranking_population_date": RANKING_DATE,
            "remainder_shares": {
                "hip": Fraction(65, 100),
                "prolapse": Fraction(23, 100),
                "cataract": Fraction(12, 100),
            },
            "top_n": 5,
            **params,
        },
    )


def operations_world(
    caps: dict[str, int],
    operations: dict[str, dict[str, int]],
    populations: dict[str, int] | None,
    names: dict[str, str] | None = None,
) -> Inputs:
    """Return inputs with the operations of each region spread over the months (remainder in February)."""
    monthly = {}
    for code, kinds in operations.items():
        for kind, count in kinds.items():
            per_month, rest = divmod(count, len(MONTHS))
            for month in MONTHS:
                monthly[(code, INDICATORS[kind], 2025, month)] = per_month + (rest if month == MONTHS[0] else 0)
    return Inputs(
        regions=names or {code: f"Region {code}" for code in caps},
        populations={} if populations is None else {RANKING_DATE: populations},
        need_weights={CAP_SERIES: caps},
        monthly=monthly,
    )


def rows(result: ComponentResult) -> dict[str, TariffRow]:
    """Return the tariff rows keyed by region."""
    return {row.region: row for row in result.detail if isinstance(row, TariffRow)}


def top_lists(result: ComponentResult) -> dict[str, TopList]:
    """Return the top lists keyed by kind of operation."""
    return {item.kind: item for item in result.detail if isinstance(item, TopList)}
