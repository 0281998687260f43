"""Reads for reported data."""

import sys
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Sum

from grants.models import Component

from .models import OPERATION_INDICATORS, MonthlyValue


def indicator_years(specs: Sequence) -> dict[str, set[int]]:
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
    for indicator, years in indicator_years(specs).items():
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
                # One string object per region code rather than one per row: 14 MB fewer at 278 400 values.
                result[(sys.intern(code), indicator, year, month)] = value
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
        wanted = indicator_years(component_specs([component]))
        if any(year in wanted.get(indicator, ()) for indicator, year in series):
            affected.add(component.programme_id)
    return sorted(affected)


# The staff screens' reads live in reporting.screens, one module per screen; re-exported here for callers.
from .screens import (  # noqa: E402
    EXAMPLE_DATA_SOURCE,
    PerformanceMatrix,
    RunComparison,
    TariffOverview,
    example_monthly_data,
    performance_matrix,
    region_monthly_data,
    run_comparison,
    runs_for_history,
    tariff_overview,
)
from .screens.followup import fulfilment_report, operations_followup, top_threshold  # noqa: E402

__all__ = [
    "EXAMPLE_DATA_SOURCE",
    "PerformanceMatrix",
    "RunComparison",
    "TariffOverview",
    "example_monthly_data",
    "fulfilment_report",
    "indicator_years",
    "monthly_values_for_engine",
    "operations_followup",
    "performance_matrix",
    "programmes_reading",
    "region_monthly_data",
    "run_comparison",
    "runs_for_history",
    "tariff_overview",
    "top_threshold",
]
