"""Admin for reported data. Staff define surveys (questions and window) here; what regions submit through the
portal (survey responses, follow-up reports, plans) is read-only here.
"""

from django.contrib import admin

from config.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    ActivityPlan,
    ActivityPlanLine,
    DataUpload,
    ExportFile,
    FollowUpLine,
    FollowUpReport,
    MonthlyValue,
    OperationsPlan,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)


@admin.register(MonthlyValue)
class MonthlyValueAdmin(ReadOnlyAdmin):
    """Monthly values arrive through the form, the Excel upload or the register; corrections are new deliveries."""

    list_display = ["region", "indicator", "year", "month", "provider", "value", "channel", "delivered_at"]
    list_filter = ["indicator", "year", "channel", "region"]
    list_select_related = ["region"]


@admin.register(DataUpload)
class DataUploadAdmin(ReadOnlyAdmin):
    list_display = ["filename", "programme", "region", "organisation", "uploaded_by", "values_saved", "created_at"]
    list_select_related = ["programme", "region", "organisation", "uploaded_by"]
    readonly_fields = [f.name for f in DataUpload._meta.fields]


class SurveyQuestionInline(admin.StackedInline):
    model = SurveyQuestion
    extra = 1
    fields = [("position", "kind", "required"), "text", "help_text", "choices"]


@admin.register(Survey)
class SurveyAdmin(HistoryAdmin):
    list_display = ["title", "programme", "opens_on", "closes_on"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    inlines = [SurveyQuestionInline]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["survey", "region", "status", "submitted_at"]
    list_filter = ["survey", "status"]
    list_select_related = ["survey", "region"]


class FollowUpLineInline(ReadOnlyInline):
    model = FollowUpLine


@admin.register(FollowUpReport)
class FollowUpReportAdmin(ReadOnlyAdmin):
    list_display = ["programme", "region", "status", "amount_received", "amount_used", "submitted_at"]
    list_filter = ["programme", "status"]
    list_select_related = ["programme", "region"]
    inlines = [FollowUpLineInline]


class ActivityPlanLineInline(ReadOnlyInline):
    model = ActivityPlanLine


@admin.register(ActivityPlan)
class ActivityPlanAdmin(ReadOnlyAdmin):
    list_display = ["programme", "region", "status", "amount_received", "accounting_object"]
    list_filter = ["programme", "status"]
    list_select_related = ["programme", "region"]
    inlines = [ActivityPlanLineInline]


@admin.register(OperationsPlan)
class OperationsPlanAdmin(ReadOnlyAdmin):
    list_display = [
        "programme",
        "region",
        "status",
        "hip_operations",
        "prolapse_operations",
        "cataract_operations",
        "amount",
        "cap",
    ]
    list_filter = ["programme", "status"]
    list_select_related = ["programme", "region"]


@admin.register(ExportFile)
class ExportFileAdmin(ReadOnlyAdmin):
    """Large Excel files built in the background; the file itself is fetched from its page by whoever ordered it."""

    list_display = ["filename", "title", "requested_by", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    exclude = ["content"]
