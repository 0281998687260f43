"""Writes for reported data, one module per sub-domain; public services re-exported here."""

from .monthly import MonthlyEntry, RecordSummary, monthly_values_record

__all__ = ["MonthlyEntry", "RecordSummary", "monthly_values_record"]
from .uploads import data_upload_record

__all__ += ["data_upload_record"]
from .surveys import (
    survey_create_planned_activities,
    survey_response_save,
    survey_response_submit,
    survey_window,
)

__all__ += [
    "survey_create_planned_activities",
    "survey_response_save",
    "survey_response_submit",
    "survey_window",
]
