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
    ProgrammeVersion,
    ReminderLog,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
    Requisition,
    RequisitionLine,
)


# A programme's rules are written through the definition loader only (the app's forms and file upload use it), so
# that every change meets the same checks (parts within the frame, parameters per rule) and a published programme
# changes only by a new version with a reason. The admin shows them.
class ComponentInline(ReadOnlyInline):
    model = Component


class DeadlineInline(ReadOnlyInline):
    model = Deadline


class MeasureInline(ReadOnlyInline):
    model = Measure


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "decision_reference", "budget_year", "frame", "status"]
    list_filter = ["status"]
    search_fields = ["code", "title", "decision_reference"]
    inlines = [ComponentInline, DeadlineInline, MeasureInline]


@admin.register(Component)
class ComponentAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "rule", "amount", "rounding_unit", "rounding_method"]
    list_filter = ["rule", "programme"]
    list_select_related = ["programme"]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["programme", "kind", "date", "description"]
    list_filter = ["kind", "programme"]
    list_select_related = ["programme"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "programme"]
    list_filter = ["programme"]
    list_select_related = ["programme"]


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyAdmin):
    list_display = ["programme", "number", "reason", "created_at", "created_by"]
    list_filter = ["programme"]
    list_select_related = ["programme", "created_by"]


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
