"""What the staff screens share: the example-data mark, the run to show, status badges, exact values from JSON."""

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from grants.models import AllocationLine, AllocationRun, Component, GrantProgramme

from ..models import MonthlyValue, Provider

EXAMPLE_DATA_SOURCE = "Exempeldata (genererad för demonstration)"  # i18n: stored
"""Name of the organisation the demo generator delivers its monthly values through (`delivered_via`).

Generated values are the only ones delivered via this organisation, so a page can tell, in one query, that it
shows example data without a flag on every value.
"""

STATUS_BADGES = {
    "improvement": ("success", _("Förbättring")),
    "top5": ("info", _("Topp 5")),
    "not_met": ("danger", _("Ej uppfyllt")),
    "no_data": ("neutral", _("Inget värde")),
    "pending": ("warning", _("Inväntar data")),
}
QUALIFYING = ("improvement", "top5")
PROVIDERS = (
    (Provider.OWN, Provider.OWN.label),
    (Provider.OTHER_REGION, Provider.OTHER_REGION.label),
    (Provider.PRIVATE, Provider.PRIVATE.label),
)
PER_INHABITANTS = 100_000


def fraction_of(text: str | None) -> Fraction:
    return Fraction(text) if text else Fraction(0)


def decimal_of(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def run_with_detail(programme: GrantProgramme, component: Component, number: int | None = None):
    """Return the run to show (the newest successful one by default), or None."""
    runs = AllocationRun.objects.filter(programme=programme).select_related("created_by")
    if number is not None:
        return runs.filter(number=number).first()
    return runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()


def lines_by_region(run, component: Component) -> dict[str, AllocationLine]:
    if run is None:
        return {}
    lines = AllocationLine.objects.filter(run=run, component=component).select_related("region")
    return {line.region.code: line for line in lines}


def example_monthly_data(indicators: set[str]) -> bool:
    """Return whether any of these indicators holds values the demo generator made up."""
    return MonthlyValue.objects.filter(indicator__in=indicators, delivered_via__name=EXAMPLE_DATA_SOURCE).exists()
