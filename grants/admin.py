from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as grant_models
from .models import AllocationLine, AllocationRun, Component, Deadline, GrantProgramme, Measure


class ComponentInline(admin.StackedInline):
    model = Component
    extra = 0


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "decision_reference", "budget_year", "frame"]
    search_fields = ["code", "title", "decision_reference"]
    inlines = [ComponentInline, DeadlineInline, MeasureInline]


@admin.register(Component)
class ComponentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "rule", "amount", "rounding_unit", "rounding_method"]
    list_filter = ["rule", "programme"]
    list_select_related = ["programme"]


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "kind", "date", "description"]
    list_filter = ["kind", "programme"]
    list_select_related = ["programme"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "programme"]
    list_filter = ["programme"]
    list_select_related = ["programme"]


class AllocationLineInline(admin.TabularInline):
    model = AllocationLine
    extra = 0
    can_delete = False
    fields = ["component", "region", "basis", "exact", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("component", "region")


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    """Runs are records of computations: viewable, never edited by hand."""

    list_display = ["programme", "number", "created_at", "trigger", "status", "provisional", "total"]
    list_filter = ["programme", "status", "trigger"]
    list_select_related = ["programme"]
    readonly_fields = [f.name for f in AllocationRun._meta.fields]
    inlines = [AllocationLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(SimpleHistoryAdmin):
    """Back-office records change only through their services (four eyes, pay once); the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(grant_models.PayoutBatch)
class PayoutBatchAdmin(_ReadOnlyAdmin):
    list_display = ["pk", "programme", "status", "payout_date", "prepared_by", "approved_by"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme", "prepared_by", "approved_by"]


@admin.register(grant_models.Payout)
class PayoutAdmin(_ReadOnlyAdmin):
    list_display = ["batch", "region", "amount", "payment_method", "payment_account"]
    list_select_related = ["batch__programme", "region"]


@admin.register(grant_models.Repayment)
class RepaymentAdmin(_ReadOnlyAdmin):
    list_display = ["programme", "region", "reason", "amount", "invoice_number", "due_date"]
    list_filter = ["reason", "programme"]
    list_select_related = ["programme", "region"]


@admin.register(grant_models.ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "programme", "region", "kind", "deadline_date", "stage"]
    list_filter = ["stage", "kind", "programme"]
    list_select_related = ["programme", "region"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
