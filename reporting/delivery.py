"""What a programme asks the regions to deliver month by month: indicators, years, months and providers.

Seed 002 (vårdplatser 2024), bilaga 1, grundläggande krav: overcrowding, outlying, available beds and occupancy
"månadsvis 2023 och 2024", planned beds and a target occupancy "månadsvis 2025". Seed 003 (vårdköer 2025), block 2:
hip, prolapse and cataract operations February–October 2025, for the patient's home region whoever performed them.
"""

from dataclasses import dataclass

from grants.dates import month_name
from grants.models import Component, GrantProgramme

from .models import OPERATION_INDICATORS, Indicator, Provider

OPERATION_PROVIDERS = (Provider.OWN, Provider.OTHER_REGION, Provider.PRIVATE)
ALL_MONTHS = tuple(range(1, 13))
BED_INDICATORS = (
    Indicator.OVERCROWDING_RATE,
    Indicator.OUTLYING_RATE,
    Indicator.AVAILABLE_BEDS,
    Indicator.OCCUPANCY_RATE,
)
PLAN_INDICATORS = (Indicator.PLANNED_BEDS, Indicator.TARGET_OCCUPANCY)


@dataclass(frozen=True)
class Slot:
    """One indicator asked for in one year, for these months, split on these providers ("" = not split)."""

    indicator: str
    year: int
    months: tuple[int, ...]
    providers: tuple[str, ...] = ("",)

    @property
    def label(self) -> str:
        return str(Indicator(self.indicator).label)

    @property
    def period(self) -> str:
        """Return the months in words: "februari–oktober 2025"."""
        first, last = self.months[0], self.months[-1]
        if last - first + 1 == len(self.months):
            return f"{month_name(first)}–{month_name(last)} {self.year}"
        return ", ".join(month_name(m) for m in self.months) + f" {self.year}"

    @property
    def is_count(self) -> bool:
        return self.indicator in OPERATION_INDICATORS or self.indicator in (
            Indicator.AVAILABLE_BEDS,
            Indicator.PLANNED_BEDS,
        )


def slots_for_components(components) -> list[Slot]:
    """Return what the components ask the regions to deliver, in the order of the template."""
    slots: list[Slot] = []
    for component in components:
        params = component.parameters or {}
        if component.rule == Component.Rule.PERFORMANCE_POTS:
            years = sorted({params["baseline_year"], params["year"]})
            slots += [Slot(indicator, year, ALL_MONTHS) for year in years for indicator in BED_INDICATORS]
            slots += [Slot(indicator, params["year"] + 1, ALL_MONTHS) for indicator in PLAN_INDICATORS]
        elif component.rule == Component.Rule.OPERATION_TARIFF:
            months = tuple(params["months"])
            for indicator in params["indicators"].values():
                slots.append(Slot(indicator, params["year"], months, OPERATION_PROVIDERS))
    return slots


def delivery_slots(programme: GrantProgramme) -> list[Slot]:
    """Return the programme's monthly data slots (none for a programme without performance components)."""
    return slots_for_components(programme.components.all())


def months_asked(slots: list[Slot]) -> list[tuple[int, int]]:
    """Return the (year, month) pairs any slot asks for, in order."""
    return sorted({(slot.year, month) for slot in slots for month in slot.months})
