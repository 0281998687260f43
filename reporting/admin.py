from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    DataUpload,
    FollowUpLine,
    FollowUpReport,
    MonthlyValue,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)


@admin.register(MonthlyValue)
class MonthlyValueAdmin(SimpleHistoryAdmin):
    list_display = ["region", "indicator", "year", "month", "provider", "value", "channel", "delivered_at"]
    list_filter = ["indicator", "year", "channel", "region"]
    list_select_related = ["region"]


@admin.register(DataUpload)
class DataUploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "programme", "region", "organisation", "uploaded_by", "values_saved", "created_at"]
    list_select_related = ["programme", "region", "organisation", "uploaded_by"]
    readonly_fields = [f.name for f in DataUpload._meta.fields]


class SurveyQuestionInline(admin.StackedInline):
    model = SurveyQuestion
    extra = 1


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "opens_on", "closes_on"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    inlines = [SurveyQuestionInline]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(SimpleHistoryAdmin):
    list_display = ["survey", "region", "status", "submitted_at"]
    list_filter = ["survey", "status"]
    list_select_related = ["survey", "region"]


class FollowUpLineInline(admin.TabularInline):
    model = FollowUpLine
    extra = 0


@admin.register(FollowUpReport)
class FollowUpReportAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "region", "status", "amount_received", "amount_used", "submitted_at"]
    list_filter = ["programme", "status"]
    list_select_related = ["programme", "region"]
    inlines = [FollowUpLineInline]
