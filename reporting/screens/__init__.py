"""Reads shaped for the staff screens of performance-based components, one module per screen."""

from .common import EXAMPLE_DATA_SOURCE, STATUS_BADGES, example_monthly_data, run_with_detail
from .monthly import RegionMonthlyData, region_monthly_data
from .operations import TariffOverview, TariffRowView, TopListView, tariff_overview
from .performance import MatrixCell, MatrixRequirement, MatrixRow, MatrixTotal, PerformanceMatrix, performance_matrix
from .runs import (
    ComponentChange,
    InputChange,
    LineChange,
    RegionChange,
    RunComparison,
    run_comparison,
    runs_for_history,
)

__all__ = [
    "EXAMPLE_DATA_SOURCE",
    "STATUS_BADGES",
    "ComponentChange",
    "InputChange",
    "LineChange",
    "MatrixCell",
    "MatrixRequirement",
    "MatrixRow",
    "MatrixTotal",
    "PerformanceMatrix",
    "RegionChange",
    "RegionMonthlyData",
    "RunComparison",
    "TariffOverview",
    "TariffRowView",
    "TopListView",
    "example_monthly_data",
    "performance_matrix",
    "region_monthly_data",
    "run_comparison",
    "run_with_detail",
    "runs_for_history",
    "tariff_overview",
]
