"""Writes for allocation runs beyond computing them: the per-component detail and failures seen by a task."""

from collections.abc import Sequence
from fractions import Fraction

from django.db import transaction

from .. import allocation
from ..models import AllocationRun, GrantProgramme


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _decimal(value) -> str | None:
    return None if value is None else str(value)


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
        "cells": [
            {
                "requirement": cell.requirement,
                "region": cell.region,
                "month": cell.month,
                "value": _decimal(cell.value),
                "baseline": _decimal(cell.baseline),
                "reserved": _fraction(cell.reserved),
                "status": cell.status,
                "rank": cell.rank,
            }
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
) -> dict[str, dict]:
    """Return the JSON-safe detail of each computed component that has one, keyed by component code."""
    by_code = {spec.code: spec for spec in specs}
    detail = {}
    for result in results:
        spec = by_code[result.component]
        builder = DETAIL_BUILDERS.get(spec.rule)
        if builder is not None:
            detail[spec.code] = builder(spec, result)
    return detail


@transaction.atomic
def allocation_run_record_failure(
    *, programme: GrantProgramme, error: str, actor=None, trigger: str = AllocationRun.Trigger.DATA
) -> AllocationRun:
    """Store a failed run with the error, so staff see that a recomputation broke and why.

    Its input digest is left empty, so the next attempt computes afresh instead of returning this run.
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
    )
