"""Writes for reported data, one module per sub-domain; public services re-exported here."""

from .follow_up import FollowUpLineInput, follow_up_amount_received, follow_up_save, follow_up_submit
from .monthly import MonthlyEntry, RecordSummary, monthly_values_record
from .planning import ActivityLineInput, activity_plan_save, operations_plan_save
from .surveys import survey_create_planned_activities, survey_response_save, survey_response_submit, survey_window
from .uploads import data_upload_record

__all__ = ["MonthlyEntry", "RecordSummary", "monthly_values_record"]
__all__ += [
    "ActivityLineInput",
    "FollowUpLineInput",
    "activity_plan_save",
    "data_upload_record",
    "follow_up_amount_received",
    "follow_up_save",
    "follow_up_submit",
    "operations_plan_save",
    "survey_create_planned_activities",
    "survey_response_save",
    "survey_response_submit",
    "survey_window",
]
