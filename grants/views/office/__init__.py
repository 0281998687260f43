"""Back-office pages for the agency's staff, one module per screen group; the views are re-exported here."""

from .account import account_detail, account_export, own_costs_record, programme_close
from .deadlines import deadlines, extension_grant, region_calendar, region_calendar_link
from .history import monthly_history, programme_history
from .payouts import (
    batch_approve,
    batch_detail,
    batch_discard,
    batch_export,
    batch_list,
    batch_mark_paid,
    batch_prepare,
)
from .regions import region_payment_details, region_payment_list
from .repayments import (
    follow_up_detail,
    follow_up_list,
    repayment_adjust,
    repayment_create,
    repayment_detail,
    repayment_for_condition,
    repayment_from_follow_up,
    repayment_invoice,
    repayment_list,
    repayment_payment,
)
from .requisitions import (
    requisition_approve,
    requisition_detail,
    requisition_list,
    requisition_reject,
    requisition_return,
)
from .surveys import survey_answers, survey_answers_export
from .worklist import programme_detail, work_list

__all__ = [
    "account_detail",
    "account_export",
    "batch_approve",
    "batch_detail",
    "batch_discard",
    "batch_export",
    "batch_list",
    "batch_mark_paid",
    "batch_prepare",
    "deadlines",
    "extension_grant",
    "follow_up_detail",
    "follow_up_list",
    "monthly_history",
    "own_costs_record",
    "programme_close",
    "programme_detail",
    "programme_history",
    "region_calendar",
    "region_calendar_link",
    "region_payment_details",
    "region_payment_list",
    "repayment_adjust",
    "repayment_create",
    "repayment_detail",
    "repayment_for_condition",
    "repayment_from_follow_up",
    "repayment_invoice",
    "repayment_list",
    "repayment_payment",
    "requisition_approve",
    "requisition_detail",
    "requisition_list",
    "requisition_reject",
    "requisition_return",
    "survey_answers",
    "survey_answers_export",
    "work_list",
]
