"""Writes for the grants app, one module per sub-domain; the public services are re-exported here."""

from .programmes import LoadReport, allocation_run_create, programme_load_definition
from .requisitions import (
    RequisitionInput,
    deadline_extension_grant,
    requisition_save_draft,
    requisition_send_receipt,
    requisition_submit,
)

__all__ = ["LoadReport", "allocation_run_create", "programme_load_definition"]
__all__ += [
    "RequisitionInput",
    "deadline_extension_grant",
    "requisition_save_draft",
    "requisition_send_receipt",
    "requisition_submit",
]
