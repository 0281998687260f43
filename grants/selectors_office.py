"""Reads for the back office, shaped for their screens: a fixed number of queries whatever the number of rows."""

from django.db.models import BigIntegerField, Count, F, Max, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from reporting.models import FollowUpReport

from .models import Payout, PayoutBatch, Repayment, RepaymentPayment, Requisition


def requisitions_for_table() -> QuerySet[Requisition]:
    """Return requisitions with programme and region, newest submission first."""
    return Requisition.objects.select_related("programme", "region", "reviewed_by").order_by(
        "-submitted_at", "region__code"
    )


def requisition_for_page(pk: int) -> Requisition:
    """Return one requisition with what its page shows: people, measures."""
    return (
        Requisition.objects.select_related("programme", "region", "submitted_by", "reviewed_by", "created_by")
        .prefetch_related("measures")
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
                "payouts", queryset=Payout.objects.select_related("region", "requisition").order_by("region__code")
            )
        )
        .get(pk=pk)
    )


def repayments_for_table() -> QuerySet[Repayment]:
    """Return repayment claims with what has been paid so far and when it was last paid."""
    return Repayment.objects.select_related("programme", "region").annotate(
        paid_total=Coalesce(Sum("payments__amount"), Value(0), output_field=BigIntegerField()),
        last_paid_on=Max("payments__paid_on"),
    )


def repayments_unpaid() -> QuerySet[Repayment]:
    """Return repayment claims not yet paid in full, earliest due first."""
    return repayments_for_table().filter(paid_total__lt=F("amount")).order_by("due_date", "region__code")


def repayment_for_page(pk: int) -> Repayment:
    """Return one repayment claim with its payments and the follow-up report it came from."""
    return (
        repayments_for_table()
        .select_related("created_by", "follow_up_report")
        .prefetch_related(
            Prefetch("payments", queryset=RepaymentPayment.objects.select_related("recorded_by").order_by("paid_on"))
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
