"""Repayment claims and the follow-up reports they come from."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from reporting.models import FollowUpReport

from ... import history, selectors_office, services
from ...exports_office import repayment_workbook
from ...filters import RepaymentFilter
from ...forms_office import (
    ConditionRepaymentForm,
    InvoiceForm,
    RepaymentAdjustForm,
    RepaymentForm,
    RepaymentPaymentForm,
)
from ...models import (
    GrantProgramme,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
)
from ...permissions import staff_required
from ...tables_office import FollowUpReportTable, RepaymentTable
from .common import list_page, post_action, xlsx_response


@staff_required
def repayment_list(request):
    filterset = RepaymentFilter(request.GET, queryset=selectors_office.repayments_for_table())
    if request.GET.get("export") == "xlsx":
        content = repayment_workbook(
            list(filterset.qs.order_by("due_date", "region__code")), today=timezone.localdate()
        )
        return xlsx_response(content, "aterbetalningar.xlsx")
    return list_page(
        request,
        title="Återbetalningar",
        table_class=RepaymentTable,
        filterset=filterset,
        export_name="aterbetalningar.xlsx",
        extra={"new_url": "office:repayment_create"},
    )


@staff_required
def repayment_create(request):
    form = RepaymentForm(request.POST or None, programme_id=request.GET.get("programme"))
    if request.method == "POST" and form.is_valid():
        try:
            repayment = services.repayment_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Återbetalningen är registrerad.")
            return redirect("office:repayment_detail", pk=repayment.pk)
    return render(request, "office/form.html", {"form": form, "title": "Nytt återkrav"})


@post_action(
    lambda pk: redirect(
        "office:follow_up_list",
        code=get_object_or_404(FollowUpReport.objects.select_related("programme"), pk=pk).programme.code,
    )
)
def repayment_from_follow_up(request, pk):
    services.repayment_create_from_follow_up(actor=request.user, report=get_object_or_404(FollowUpReport, pk=pk))
    return "Återbetalningen av outnyttjade medel är registrerad."


@staff_required
@require_POST
def repayment_for_condition(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    form = ConditionRepaymentForm(request.POST, programme=programme)
    try:
        if not form.is_valid():
            raise ValidationError("Välj del och region och ange skälet.")
        repayment = services.repayment_create_for_missed_condition(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("office:programme_detail", code=code)
    messages.success(request, "Återkravet är registrerat.")
    return redirect("office:repayment_detail", pk=repayment.pk)


@staff_required
def repayment_detail(request, pk):
    try:
        repayment = selectors_office.repayment_for_page(pk)
    except Repayment.DoesNotExist as error:
        raise Http404 from error
    records = (
        list(repayment.history.select_related("history_user"))
        + list(RepaymentPayment.history.filter(repayment_id=pk).select_related("history_user"))
        + list(RepaymentAdjustment.history.filter(repayment_id=pk).select_related("history_user"))
    )
    context = {
        "repayment": repayment,
        "payment_form": RepaymentPaymentForm(
            initial={"paid_on": timezone.localdate(), "amount": repayment.outstanding}
        ),
        "invoice_form": InvoiceForm(
            initial={"invoice_number": repayment.invoice_number, "due_date": repayment.due_date}
        ),
        "adjust_form": RepaymentAdjustForm(initial={"claimed_after": repayment.paid_total}),
        "entries": history.history_entries(records),
    }
    return render(request, "office/repayment_detail.html", context)


@post_action("office:repayment_detail")
def repayment_payment(request, pk):
    form = RepaymentPaymentForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Ange betalningsdag och belopp.")
    repayment = get_object_or_404(Repayment, pk=pk)
    services.repayment_payment_record(actor=request.user, repayment=repayment, **form.cleaned_data)
    return "Inbetalningen är registrerad."


@post_action("office:repayment_detail")
def repayment_adjust(request, pk):
    form = RepaymentAdjustForm(request.POST)
    repayment = get_object_or_404(Repayment, pk=pk)
    if request.POST.get("action") == "cancel":
        services.repayment_cancel(actor=request.user, repayment=repayment, reason=request.POST.get("reason", ""))
        return "Det som var kvar av återkravet är avskrivet."
    if not form.is_valid():
        raise ValidationError("Ange det nya beloppet och skälet.")
    services.repayment_adjust(actor=request.user, repayment=repayment, **form.cleaned_data)
    return "Återkravet är sänkt."


@post_action("office:repayment_detail")
def repayment_invoice(request, pk):
    form = InvoiceForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Ange fakturanummer och förfallodag.")
    services.repayment_update_invoice(
        actor=request.user, repayment=get_object_or_404(Repayment, pk=pk), **form.cleaned_data
    )
    return "Fakturauppgifterna är sparade."


@staff_required
def follow_up_list(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    table = FollowUpReportTable(selectors_office.follow_up_reports_for_table(programme))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "office/list.html",
        {"title": f"Återrapporteringar – {programme.title}", "table": table, "programme": programme},
    )


@staff_required
def follow_up_detail(request, pk):
    report = get_object_or_404(
        FollowUpReport.objects.select_related("programme", "region", "submitted_by").prefetch_related(
            "lines__measure", "repayments"
        ),
        pk=pk,
    )
    records = list(report.history.select_related("history_user"))
    submitted, changes = history.changes_since(records, field_name="status", value=FollowUpReport.Status.SUBMITTED)
    context = {
        "report": report,
        "programme": report.programme,
        "entries": history.history_entries(records),
        "submitted": submitted,
        "changes_since": changes,
    }
    return render(request, "office/follow_up_detail.html", context)
