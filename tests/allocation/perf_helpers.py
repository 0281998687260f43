"""Builders for performance-pot scenarios (seed 002, "Krav på prestation")."""

from datetime import date
from decimal import Decimal

from grants.allocation import BonusPot, ComponentResult, ComponentSpec, Inputs, MonthCell

POPULATION_DATE = date(2023, 11, 1)
OVERCROWDING = {
    "code": "overcrowding",
    "indicator": "overcrowding_rate",
    "amount": 620_000_000,
    "name": "Överbeläggningar",
}
OUTLYING = {"code": "outlying", "indicator": "outlying_rate", "amount": 620_000_000, "name": "Utlokaliseringar"}
SEED_MONTHS = list(range(2, 11))  # februari–oktober 2024


def requirement(amount: int, code: str = "overcrowding") -> dict:
    """Return a requirement like seed 002's but with a small amount for hand calculation."""
    return {**(OVERCROWDING if code == "overcrowding" else OUTLYING), "amount": amount}


def perf_spec(requirements: list[dict], months: list[int], **params) -> ComponentSpec:
    """Return a performance-pots component with seed 002's parameters unless overridden."""
    return ComponentSpec(
        code="prestation",
        name="Krav på prestation",
        rule="performance_pots",
        amount=sum(item["amount"] for item in requirements),
        source="seed 002, bilaga 1, Krav på prestation",
        params={
            "population_date": POPULATION_DATE,
            "year": 2024,
            "baseline_year": 2023,
            "months": months,
            "improvement": Decimal("0.005"),
            "top_n": 5,
            "requirements": requirements,
            **params,
        },
    )


def world(populations: dict[str, int], monthly: dict | None = None) -> Inputs:
    """Return inputs for regions named by their codes."""
    return Inputs(
        regions={code: f"Region {code}" for code in populations},
        populations={POPULATION_DATE: populations},
        monthly=monthly or {},
    )


def rate(monthly: dict, region: str, value, month: int = 2, year: int = 2024, indicator: str = "overcrowding_rate"):
    """Put one monthly value into `monthly` (values as Decimal strings, like the Django side sends)."""
    monthly[(region, indicator, year, month)] = Decimal(value) if isinstance(value, str) else value


def cells(result: ComponentResult) -> dict[tuple[str, str, int], MonthCell]:
    """Return the month cells of a result keyed by (requirement, region, month)."""
    return {(c.requirement, c.region, c.month): c for c in result.detail if isinstance(c, MonthCell)}


def bonus_pot(result: ComponentResult) -> BonusPot:
    """Return the result's bonus pot summary."""
    (pot,) = [item for item in result.detail if isinstance(item, BonusPot)]
    return pot
