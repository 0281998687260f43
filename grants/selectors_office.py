"""Reads for the back office, shaped for their screens: a fixed number of queries whatever the number of rows."""

from datetime import date

from django.db.models import BigIntegerField, Count, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from reporting.models import FollowUpReport

from .deadlines import State, deadline_matrices
from .models import (
    Deadline,
    GrantProgramme,
    Payout,
    PayoutBatch,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
    Requisition,
)
from .money import with_claim_totals
from .readcache import cached


def requisitions_for_table() -> QuerySet[Requisition]:
    """Return requisitions with programme and region, newest submission first."""
    return Requisition.objects.select_related("programme", "region", "reviewed_by").order_by(
        "-submitted_at", "region__code"
    )


def requisition_for_page(pk: int) -> Requisition:
    """Return one requisition with what its page shows: people, measures."""
    return (
        Requisition.objects.select_related("programme", "region", "submitted_by", "reviewed_by", "created_by")
        .prefetch_related("measures", "lines__component")
        .get(pk=pk)
    )


def payout_batches_for_table() -> QuerySet[PayoutBatch]:
    """Return payout decisions with their total and number of regions."""
    return PayoutBatch.objects.select_related("programme", "prepared_by", "approved_by").annotate(
        total=Coalesce(Sum("payouts__amount"), Value(0), output_field=BigIntegerField()),
        region_count=Count("payouts"),
    )


def payout_batch_for_page(pk: int) -> PayoutBatch:
    """Return one payout decision with its payouts, regions and people loaded."""
    return (
        PayoutBatch.objects.select_related("programme", "prepared_by", "approved_by", "paid_by", "run")
        .prefetch_related(
            Prefetch(
                "payouts",
                queryset=Payout.objects.select_related("region", "requisition", "component").order_by(
                    "region__code", "component__position"
                ),
            )
        )
        .get(pk=pk)
    )


def repayments_for_table() -> QuerySet[Repayment]:
    """Return claims with what each claims now, what has been paid so far and when it was last paid."""
    return with_claim_totals(Repayment.objects.select_related("programme", "region", "component"))


def repayments_unpaid() -> QuerySet[Repayment]:
    """Return claims of open programmes not yet paid in full, earliest due first.

    A closed programme's outstanding claims are receivables in its final account, not work for today.
    """
    return (
        repayments_for_table()
        .filter(outstanding__gt=0)
        .exclude(programme__status=GrantProgramme.Status.CLOSED)
        .order_by("due_date", "region__code")
    )


def repayment_for_page(pk: int) -> Repayment:
    """Return one repayment claim with its payments and the follow-up report it came from."""
    return (
        repayments_for_table()
        .select_related("created_by", "follow_up_report")
        .prefetch_related(
            Prefetch("payments", queryset=RepaymentPayment.objects.select_related("recorded_by").order_by("paid_on")),
            Prefetch(
                "adjustments", queryset=RepaymentAdjustment.objects.select_related("created_by").order_by("created_at")
            ),
        )
        .get(pk=pk)
    )


def follow_up_reports_for_table(programme) -> QuerySet[FollowUpReport]:
    """Return a programme's follow-up reports with their region and any repayment claim made from them."""
    return (
        FollowUpReport.objects.filter(programme=programme)
        .select_related("region")
        .prefetch_related("repayments")
        .order_by("region__code")
    )


def _group_overdue(matrices, kinds) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for matrix in matrices.values():
        for cell in matrix.cells():
            if cell.state != State.OVERDUE or cell.column.kind not in kinds:
                continue
            group = groups.setdefault(
                (matrix.programme.pk, cell.column.key),
                {"programme": matrix.programme, "column": cell.column, "cells": []},
            )
            group["cells"].append(cell)
    return sorted(groups.values(), key=lambda g: (g["column"].date, g["programme"].code), reverse=True)


def _missing_data(matrices) -> list[dict]:
    """Return per programme the overdue data months and the regions missing any of them."""
    result = []
    for matrix in matrices.values():
        cells = [
            c for c in matrix.cells() if c.state == State.OVERDUE and c.column.kind == Deadline.Kind.DATA_DELIVERY
        ]
        if cells:
            columns = sorted({c.column for c in cells}, key=lambda c: c.date)
            regions = sorted({c.region for c in cells}, key=lambda r: r.code)
            result.append({"programme": matrix.programme, "columns": columns, "regions": regions})
    return result


def work_list(*, today: date | None = None) -> dict:
    """Return what needs action now across programmes, in a fixed number of queries (none while cached)."""
    today = today or timezone.localdate()
    # The list holds deadline labels in the language of the page, so each language has its own entry.
    language = translation.get_language() or "sv"
    return cached(f"worklist:{language}:{today.isoformat()}", lambda: _work_list(today))


def _work_list(today: date) -> dict:
    batches = list(
        payout_batches_for_table()
        .filter(status__in=[PayoutBatch.Status.DRAFT, PayoutBatch.Status.APPROVED])
        .order_by("prepared_at")
    )
    programmes = list(GrantProgramme.objects.in_progress())
    matrices = deadline_matrices(programmes, today=today)
    return {
        "today": today,
        "programmes": programmes,
        "requisitions": list(
            requisitions_for_table().filter(status=Requisition.Status.SUBMITTED).order_by("submitted_at")
        ),
        "to_approve": [b for b in batches if b.status == PayoutBatch.Status.DRAFT],
        "to_pay": [b for b in batches if b.status == PayoutBatch.Status.APPROVED],
        "batch_count": len(batches),
        "overdue_reports": _group_overdue(
            matrices, {Deadline.Kind.FOLLOW_UP_REPORT, Deadline.Kind.SURVEY, Deadline.Kind.REQUISITION}
        ),
        "missing_data": _missing_data(matrices),
        "repayments": list(repayments_unpaid()),
    }
