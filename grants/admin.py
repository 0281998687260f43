from django.contrib import admin

from config.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AllocationLine,
    AllocationRun,
    Component,
    Deadline,
    DeadlineExtension,
    GrantProgramme,
    Measure,
    Payout,
    PayoutBatch,
    ReminderLog,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
    Requisition,
    RequisitionLine,
)


def _closed(obj) -> bool:
    """Return whether the object is a closed programme or belongs to one: its records are frozen."""
    programme = obj if isinstance(obj, GrantProgramme) else getattr(obj, "programme", None)
    return programme is not None and programme.status == GrantProgramme.Status.CLOSED


class _FrozenWhenClosed:
    """Admin and inline permissions that make a closed programme and its parts, deadlines and measures read-only."""

    def has_change_permission(self, request, obj=None):
        return not _closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _closed(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and _closed(obj):
            return False
        # An inline is asked with the parent (None on the add page); a model admin only with the request.
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)


class ComponentInline(_FrozenWhenClosed, admin.StackedInline):
    model = Component
    extra = 0
    # The payment plan is part of the definition file and is loaded with it.
    readonly_fields = ["payment_basis", "requisition_amount"]


class DeadlineInline(_FrozenWhenClosed, admin.TabularInline):
    model = Deadline
    extra = 0


class MeasureInline(_FrozenWhenClosed, admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(_FrozenWhenClosed, HistoryAdmin):
    list_display = ["code", "title", "decision_reference", "budget_year", "frame"]
    search_fields = ["code", "title", "decision_reference"]
    inlines = [ComponentInline, DeadlineInline, MeasureInline]
    # Own costs and closing belong to the final account's services; here they are only shown.
    readonly_fields = ["status", "own_costs_used", "closed_at", "closed_by", "closing_account"]


@admin.register(Component)
class ComponentAdmin(_FrozenWhenClosed, HistoryAdmin):
    list_display = ["name", "programme", "rule", "amount", "rounding_unit", "rounding_method"]
    list_filter = ["rule", "programme"]
    list_select_related = ["programme"]


@admin.register(Deadline)
class DeadlineAdmin(_FrozenWhenClosed, HistoryAdmin):
    list_display = ["programme", "kind", "date", "description"]
    list_filter = ["kind", "programme"]
    list_select_related = ["programme"]


@admin.register(Measure)
class MeasureAdmin(_FrozenWhenClosed, admin.ModelAdmin):
    list_display = ["name", "category", "programme"]
    list_filter = ["programme"]
    list_select_related = ["programme"]


class AllocationLineInline(ReadOnlyInline):
    model = AllocationLine
    fields = ["component", "region", "basis", "exact", "amount"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("component", "region")


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    """Runs are records of computations: viewable, never edited or deleted by hand."""

    list_display = ["programme", "number", "created_at", "trigger", "status", "provisional", "total"]
    list_filter = ["programme", "status", "trigger"]
    list_select_related = ["programme"]
    readonly_fields = [f.name for f in AllocationRun._meta.fields]
    inlines = [AllocationLineInline]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(HistoryAdmin):
    """Staff let one region past a deadline; saved through the service so the granter is recorded."""

    list_display = ["programme", "region", "kind", "until", "reason", "granted_by", "granted_at"]
    list_filter = ["programme", "kind"]
    list_select_related = ["programme", "region", "granted_by"]
    fields = ["programme", "region", "kind", "until", "reason"]

    def save_model(self, request, obj, form, change):
        from .services import deadline_extension_grant

        saved = deadline_extension_grant(
            actor=request.user,
            programme=obj.programme,
            region=obj.region,
            kind=obj.kind,
            until=obj.until,
            reason=obj.reason,
        )
        obj.pk = saved.pk


class RequisitionLineInline(ReadOnlyInline):
    model = RequisitionLine
    fields = readonly_fields = ["component", "amount"]


class RepaymentAdjustmentInline(ReadOnlyInline):
    model = RepaymentAdjustment
    fields = readonly_fields = ["created_at", "change", "claimed_after", "reason", "cancels", "created_by"]


@admin.register(Requisition)
class RequisitionAdmin(ReadOnlyAdmin):
    """Regions submit and staff review through the services (deadlines, allocation, four eyes); here staff read."""

    list_display = ["programme", "region", "status", "amount", "submitted_at", "reviewed_by"]
    list_filter = ["programme", "status"]
    list_select_related = ["programme", "region", "reviewed_by"]
    filter_horizontal = ["measures"]
    inlines = [RequisitionLineInline]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "programme", "status", "payout_date", "prepared_by", "approved_by"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme", "prepared_by", "approved_by"]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ["batch", "region", "component", "amount", "payment_method", "payment_account"]
    list_select_related = ["batch__programme", "region", "component"]


class RepaymentPaymentInline(ReadOnlyInline):
    model = RepaymentPayment
    fields = readonly_fields = ["paid_on", "amount", "recorded_by", "recorded_at"]


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyAdmin):
    list_display = ["programme", "region", "reason", "amount", "invoice_number", "due_date"]
    list_filter = ["reason", "programme"]
    list_select_related = ["programme", "region"]
    inlines = [RepaymentPaymentInline, RepaymentAdjustmentInline]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "programme", "region", "kind", "deadline_date", "stage"]
    list_filter = ["stage", "kind", "programme"]
    list_select_related = ["programme", "region"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
