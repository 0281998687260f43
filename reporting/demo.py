"""Generated, plausible and deterministic monthly data for the demo (never official statistics).

Everything here is example data: the pages that show it say so. Values are delivered through the organisation
named `selectors.EXAMPLE_DATA_SOURCE`, which is how the pages recognise them.
"""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from regions.models import Region

from .models import Indicator, Provider
from .services.monthly import MonthlyEntry

SEED = 20240201
RANKING_POPULATION_DATE = date(2024, 11, 1)
BASE_POPULATION_DATE = date(2023, 11, 1)
TARIFFS = {
    Indicator.HIP_OPERATIONS: 108_000,
    Indicator.PROLAPSE_OPERATIONS: 39_000,
    Indicator.CATARACT_OPERATIONS: 19_000,
}
MONEY_SHARES = {
    Indicator.HIP_OPERATIONS: 0.55,
    Indicator.PROLAPSE_OPERATIONS: 0.15,
    Indicator.CATARACT_OPERATIONS: 0.30,
}
SEASON = {1: 1.12, 2: 1.15, 3: 1.08, 4: 1.0, 5: 0.95, 6: 1.02, 7: 1.1, 8: 1.05, 9: 0.95, 10: 0.98, 11: 1.05, 12: 1.12}
OPERATION_MONTHS = range(2, 11)  # February–October (seed 003)


@dataclass(frozen=True)
class DemoData:
    entries: list[MonthlyEntry]
    populations: dict[Region, int]  # generated population on 1 November 2024


def _rate(value: float) -> Decimal:
    return Decimal(str(round(max(value, 0.0), 1)))


def generate(regions: list[Region], populations_2023: dict[str, int], caps: dict[str, int]) -> DemoData:
    """Return generated monthly values for 2023–2025 and populations on 1 November 2024, the same every time."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible example data, not security
    entries: list[MonthlyEntry] = []
    generated: dict[Region, int] = {}
    for region in sorted(regions, key=lambda r: r.code):
        population = populations_2023.get(region.code, 250_000)
        generated[region] = round(population * (1 + rng.uniform(-0.002, 0.008)))
        overcrowding, outlying = rng.uniform(2.5, 9.0), rng.uniform(0.8, 4.0)
        trend_over, trend_out = rng.uniform(0.86, 1.06), rng.uniform(0.84, 1.08)
        beds = population / 1000 * rng.uniform(1.6, 2.2)
        occupancy = rng.uniform(88, 100)
        no_baseline = rng.random() < 0.1  # a few regions lack some 2023 months: they can only qualify by top 5
        for year in (2023, 2024):
            for month in range(1, 13):
                season = SEASON[month] * rng.uniform(0.95, 1.05)
                factor_over = trend_over if year == 2024 else 1.0
                factor_out = trend_out if year == 2024 else 1.0
                missing = (year == 2023 and no_baseline and month in (2, 3)) or rng.random() < 0.015
                values = {
                    Indicator.OVERCROWDING_RATE: None if missing else _rate(overcrowding * season * factor_over),
                    Indicator.OUTLYING_RATE: None if missing else _rate(outlying * season * factor_out),
                    Indicator.AVAILABLE_BEDS: Decimal(
                        round(beds * (0.9 if month in (7, 8) else 1.0) * rng.uniform(0.97, 1.03))
                    ),
                    Indicator.OCCUPANCY_RATE: _rate(occupancy * rng.uniform(0.97, 1.03)),
                }
                entries += [MonthlyEntry(region, indicator, year, month, value) for indicator, value in values.items()]
        for month in range(1, 13):
            entries.append(
                MonthlyEntry(
                    region, Indicator.PLANNED_BEDS, 2025, month, Decimal(round(beds * rng.uniform(1.0, 1.06)))
                )
            )
            entries.append(MonthlyEntry(region, Indicator.TARGET_OCCUPANCY, 2025, month, _rate(rng.uniform(88, 95))))
        reach = rng.uniform(0.55, 1.2)  # share of the cap the region's operations earn in 2025
        private, other = rng.uniform(0.05, 0.35), rng.uniform(0.02, 0.1)
        for indicator, tariff in TARIFFS.items():
            monthly = caps.get(region.code, 10_000_000) * reach / len(OPERATION_MONTHS) * MONEY_SHARES[indicator]
            for month in OPERATION_MONTHS:
                count_2025 = monthly / tariff * rng.uniform(0.85, 1.15)
                for year, count in ((2025, count_2025), (2024, count_2025 * rng.uniform(0.8, 0.95))):
                    # Each operation goes to a provider at random, so small regions get uneven, plausible splits.
                    providers = rng.choices(
                        (Provider.OWN, Provider.OTHER_REGION, Provider.PRIVATE),
                        weights=(1 - private - other, other, private),
                        k=round(count),
                    )
                    for provider in (Provider.OWN, Provider.OTHER_REGION, Provider.PRIVATE):
                        entries.append(
                            MonthlyEntry(region, indicator, year, month, Decimal(providers.count(provider)), provider)
                        )
    return DemoData(entries=entries, populations=generated)
