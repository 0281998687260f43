"""Writes for allocation runs beyond computing them: the per-component detail and failures seen by a task."""

from collections.abc import Sequence
from fractions import Fraction

from django.db import transaction

from .. import allocation
from ..allocation.formatting import format_date
from ..models import AllocationRun, GrantProgramme


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _decimal(value) -> str | None:
    return None if value is None else str(value)


CELL_FIELDS = ("requirement", "region", "month", "value", "baseline", "reserved", "status", "rank")


def detail_cells(detail: dict) -> list[dict]:
    """Return a performance part's stored month cells as dicts, from either stored form (lists under
    `cell_fields`, or a dict per cell as runs stored before)."""
    fields = detail.get("cell_fields")
    if fields is None:
        return list(detail["cells"])
    return [dict(zip(fields, values, strict=True)) for values in detail["cells"]]


def _performance_detail(spec: allocation.ComponentSpec, result: allocation.ComponentResult) -> dict:
    cells = [item for item in result.detail if isinstance(item, allocation.MonthCell)]
    bonus = next((item for item in result.detail if isinstance(item, allocation.BonusPot)), None)
    params = spec.params
    return {
        "rule": spec.rule,
        "year": int(params["year"]),
        "baseline_year": int(params.get("baseline_year", int(params["year"]) - 1)),
        "months": sorted(int(month) for month in params["months"]),
        "requirements": [
            {"code": str(r["code"]), "name": str(r.get("name", r["code"])), "amount": int(r["amount"])}
            for r in params["requirements"]
        ],
        # One list per cell under the field names given once: a dict per cell repeated the names 139 200 times
        # at 2 900 recipients. Read them with `detail_cells`.
        "cell_fields": list(CELL_FIELDS),
        "cells": [
            [
                cell.requirement,
                cell.region,
                cell.month,
                _decimal(cell.value),
                _decimal(cell.baseline),
                _fraction(cell.reserved),
                cell.status,
                cell.rank,
            ]
            for cell in cells
        ],
        "bonus": {
            "total": _fraction(bonus.total),
            "qualified_total": _fraction(bonus.qualified_total),
            "pending": _fraction(bonus.pending),
        }
        if bonus
        else None,
    }


def _tariff_detail(spec: allocation.ComponentSpec, result: allocation.ComponentResult) -> dict:
    params = spec.params
    return {
        "rule": spec.rule,
        "year": int(params["year"]),
        "months": sorted(int(month) for month in params["months"]),
        "tariffs": {kind: int(value) for kind, value in params["tariffs"].items()},
        "indicators": dict(params["indicators"]),
        "remainder_shares": {kind: str(value) for kind, value in params["remainder_shares"].items()},
        "ranking_population_date": str(params["ranking_population_date"]),
        "rows": [
            {
                "region": row.region,
                "operations": dict(row.operations),
                "earned": row.earned,
                "cap": row.cap,
                "paid": row.paid,
                "remainder": _fraction(row.remainder),
                "per_inhabitant": {kind: _fraction(rate) for kind, rate in row.per_inhabitant.items()},
            }
            for row in result.detail
            if isinstance(row, allocation.TariffRow)
        ],
        "top_lists": [
            {"kind": top.kind, "regions": list(top.regions), "pot": _fraction(top.pot), "cap_sum": top.cap_sum}
            for top in result.detail
            if isinstance(top, allocation.TopList)
        ],
    }


DETAIL_BUILDERS = {
    allocation.PERFORMANCE_POTS: _performance_detail,
    allocation.OPERATION_TARIFF: _tariff_detail,
}


def results_detail(
    specs: Sequence[allocation.ComponentSpec], results: Sequence[allocation.ComponentResult]
) -> dict[str, object]:
    """Return the run's JSON-safe detail: each computed component's cells or rows, and which inputs are examples.

    `components` maps a component code to its month cells and bonus pot (performance pots) or rows and top lists
    (operation tariff); `parts` gives every computed component's amount, allocated total, what is left
    unallocated and whether the figures are provisional; `example_inputs` names the generated inputs the run was
    computed from, so every page showing the run can say it rests on example data.
    """
    by_code = {spec.code: spec for spec in specs}
    components, parts = {}, {}
    for result in results:
        spec = by_code[result.component]
        builder = DETAIL_BUILDERS.get(spec.rule)
        if builder is not None:
            components[spec.code] = builder(spec, result)
        parts[spec.code] = {
            "amount": spec.amount,
            "allocated": result.total,
            # Money the rule leaves with nobody (a pot nobody qualified for), or, when negative, what rounding
            # each share on its own adds (block 1 of 2025: 21 × 4 762 000 kr is 2 000 kr more than 100 MSEK).
            "unallocated": spec.amount - result.total,
            "provisional": result.provisional,
        }
    return {"components": components, "parts": parts, "example_inputs": _example_inputs(specs)}


def _example_inputs(specs: Sequence[allocation.ComponentSpec]) -> list[str]:
    from regions.models import PopulationFigure
    from reporting.models import MonthlyValue
    from reporting.selectors import EXAMPLE_DATA_SOURCE, indicator_years

    found = []
    dates = {
        spec.params[key]
        for spec in specs
        for key in ("population_date", "ranking_population_date")
        if key in spec.params
    }
    for when in sorted(
        set(
            PopulationFigure.objects.filter(reference_date__in=dates, is_example=True).values_list(
                "reference_date", flat=True
            )
        )
    ):
        found.append(f"befolkning {format_date(when)}")  # i18n: stored
    wanted = indicator_years(specs)
    if wanted and MonthlyValue.objects.filter(indicator__in=wanted, delivered_via__name=EXAMPLE_DATA_SOURCE).exists():
        found.append("månadsvärden")  # i18n: stored
    return found


@transaction.atomic
def allocation_run_record_failure(
    *,
    programme: GrantProgramme,
    error: str,
    actor=None,
    trigger: str = AllocationRun.Trigger.DATA,
    interrupted: bool = False,
) -> AllocationRun:
    """Store a failed run with the error, so staff see that a recomputation broke and why.

    Its input digest is left empty, so the next attempt computes afresh instead of returning this run. An
    `interrupted` run (the process computing it died) says so in its detail; the sweep tries such a programme again.
    """
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    last = programme.runs.order_by("-number").first()
    return AllocationRun.objects.create(
        programme=programme,
        number=(last.number + 1 if last else 1),
        created_by=actor,
        trigger=trigger,
        status=AllocationRun.Status.FAILED,
        error=error[:5000],
        detail={"interrupted": True} if interrupted else {},
    )
