"""Writes for the grants app, one module per sub-domain; the public services are re-exported here."""

from .account import programme_close, programme_own_costs_record
from .extensions import deadline_extension_grant
from .payouts import (
    payout_batch_approve,
    payout_batch_discard,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    payout_batch_prepare_from_run,
)
from .programmes import (
    LoadReport,
    allocation_run_create,
    population_import,
    programme_load_definition,
    programme_publish,
)
from .regions import region_calendar_rotate, region_payment_details_update
from .repayments import (
    claim_due_date,
    claimable,
    repayment_adjust,
    repayment_cancel,
    repayment_create,
    repayment_create_for_missed_condition,
    repayment_create_from_follow_up,
    repayment_payment_record,
    repayment_update_invoice,
)
from .requisitions import (
    RequisitionInput,
    requisition_problems,
    requisition_save_draft,
    requisition_send_receipt,
    requisition_submit,
)
from .review import completion_default, requisition_approve, requisition_reject, requisition_return
from .runs import allocation_run_record_failure, results_detail

__all__ = [
    "LoadReport",
    "RequisitionInput",
    "allocation_run_create",
    "allocation_run_record_failure",
    "claim_due_date",
    "claimable",
    "completion_default",
    "deadline_extension_grant",
    "payout_batch_approve",
    "payout_batch_discard",
    "payout_batch_mark_paid",
    "payout_batch_prepare_from_requisitions",
    "payout_batch_prepare_from_run",
    "population_import",
    "programme_close",
    "programme_load_definition",
    "programme_own_costs_record",
    "programme_publish",
    "region_calendar_rotate",
    "region_payment_details_update",
    "repayment_adjust",
    "repayment_cancel",
    "repayment_create",
    "repayment_create_for_missed_condition",
    "repayment_create_from_follow_up",
    "repayment_payment_record",
    "repayment_update_invoice",
    "requisition_approve",
    "requisition_problems",
    "requisition_reject",
    "requisition_return",
    "requisition_save_draft",
    "requisition_send_receipt",
    "requisition_submit",
    "results_detail",
]
