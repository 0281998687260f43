"""Helpers for tests of the money cycle: monthly values written directly, and closing a measurement period."""

from decimal import Decimal

from grants.models import AllocationRun, GrantProgramme
from grants.services import allocation_run_create
from regions.models import Region
from reporting.models import MonthlyValue


def monthly(rows) -> None:
    """Store monthly values (county code, indicator, year, month, value[, provider]) in one bulk write."""
    regions = {r.code: r for r in Region.objects.all()}
    MonthlyValue.objects.bulk_create(
        MonthlyValue(
            region=regions[row[0]],
            indicator=row[1],
            year=row[2],
            month=row[3],
            value=Decimal(str(row[4])),
            provider=row[5] if len(row) > 5 else "",
            channel=MonthlyValue.Channel.REGISTER,
        )
        for row in rows
    )


def close_period_and_run(programme: GrantProgramme, code: str) -> AllocationRun:
    """Close a part's measurement period as staff do (final = true in the definition) and compute the final run."""
    component = programme.components.get(code=code)
    component.parameters = {**component.parameters, "final": True}
    component.save(update_fields=["parameters"])
    run = allocation_run_create(programme=programme)
    assert run.status == AllocationRun.Status.SUCCEEDED and not run.provisional, run.error
    return run


def pay_on_requisition(programme: GrantProgramme, amounts: dict[str, int], payout_date=None):
    """Approve requisitions of these amounts (county code -> kr), then prepare, approve and pay one decision.

    Goes through the services as staff would; the regions need payment details (the `payment_details` fixture).
    """
    import datetime

    from grants.models import Requisition
    from grants.services import (
        payout_batch_approve,
        payout_batch_mark_paid,
        payout_batch_prepare_from_requisitions,
    )
    from tests.factories import StaffFactory
    from tests.factories_office import ApproverFactory, RequisitionFactory, region

    for code, amount in amounts.items():
        RequisitionFactory(programme=programme, region=region(code), status=Requisition.Status.APPROVED, amount=amount)
    batch = payout_batch_prepare_from_requisitions(
        actor=StaffFactory(), programme=programme, payout_date=payout_date or datetime.date(2022, 3, 31)
    )
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=batch)
    return payout_batch_mark_paid(actor=approver, batch=batch)
