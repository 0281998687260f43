"""The allocation engine: pure Python, standard library only, exact arithmetic, deterministic.

Django code gathers the inputs, calls `compute`, and stores each `Line` with its `Explanation` (DESIGN §3, §4).
"""

from .apportion import DEFAULT_POLICY, METHODS, RoundingPolicy, Share, apportion, as_fraction, round_exact
from .components import ComponentResult, ComponentSpec, Inputs, Line, MissingInput
from .explain import (
    EQUAL_SHARE,
    OPERATION_TARIFF,
    PERFORMANCE_POTS,
    POPULATION_SHARE,
    Explanation,
    Input,
    join_shared_inputs,
    recompute_amount,
    split_shared_inputs,
)
from .performance import BonusPot, MonthCell, performance_pots
from .planner import Plan, Projection, operations_needed, plan, projection
from .rules import RULES, compute, compute_component
from .shares import equal_share, population_share
from .tariff import TariffRow, TopList, operation_tariff

__all__ = [
    "DEFAULT_POLICY",
    "EQUAL_SHARE",
    "METHODS",
    "OPERATION_TARIFF",
    "PERFORMANCE_POTS",
    "POPULATION_SHARE",
    "RULES",
    "BonusPot",
    "ComponentResult",
    "ComponentSpec",
    "Explanation",
    "Input",
    "Inputs",
    "Line",
    "MissingInput",
    "MonthCell",
    "Plan",
    "Projection",
    "RoundingPolicy",
    "Share",
    "TariffRow",
    "TopList",
    "apportion",
    "as_fraction",
    "compute",
    "compute_component",
    "equal_share",
    "join_shared_inputs",
    "operation_tariff",
    "operations_needed",
    "performance_pots",
    "plan",
    "population_share",
    "projection",
    "recompute_amount",
    "round_exact",
    "split_shared_inputs",
]
