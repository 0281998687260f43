"""Back-office pages for the agency's staff: work list, review, payout decisions, repayments, deadlines, history.

Views adapt: check access, bind a form or filter, call one service or selector, render or redirect.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from regions.models import Region
from reporting.models import FollowUpReport, MonthlyValue

from .. import calendar, history, selectors_office, services
from ..deadlines import deadline_matrices, region_deadlines
from ..exports import XLSX_CONTENT_TYPE
from ..exports_office import payout_workbook, repayment_workbook, table_workbook
from ..filters import PayoutBatchFilter, RepaymentFilter, RequisitionFilter
from ..forms_office import (
    ConditionRepaymentForm,
    InvoiceForm,
    MatrixFilterForm,
    PayoutPrepareForm,
    RepaymentForm,
    RepaymentPaymentForm,
    ReviewForm,
)
from ..models import (
    Component,
    Deadline,
    DeadlineExtension,
    GrantProgramme,
    Payout,
    PayoutBatch,
    ReminderLog,
    Repayment,
    RepaymentPayment,
    Requisition,
)
from ..permissions import staff_required
from ..tables_office import FollowUpReportTable, PayoutBatchTable, PayoutTable, RepaymentTable, RequisitionTable


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _acting(redirect_to):
    """Run a POST action that calls a service; show its ValidationError as a message and redirect."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                text = view(request, *args, **kwargs)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, text)
            return redirect(redirect_to, *args, **kwargs) if isinstance(redirect_to, str) else redirect_to(**kwargs)

        return staff_required(require_POST(wrapper))

    return decorate


def _list(request, *, title, table_class, filterset, export_name, template="office/list.html", extra=None):
    table = table_class(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if request.GET.get("export") == "xlsx":
        return _xlsx(table_workbook(title, table.as_values()), export_name)
    context = {"title": title, "table": table, "filter": filterset, **(extra or {})}
    return render(request, template, context)


@staff_required
def work_list(request):
    return render(request, "office/work_list.html", selectors_office.work_list())


@staff_required
def programme_detail(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    context = {
        "programme": programme,
        "prepare_form": PayoutPrepareForm(),
        "condition_form": ConditionRepaymentForm(programme=programme),
        "final_run": services.payouts.final_run(programme),
    }
    return render(request, "office/programme_detail.html", context)


# Requisitions -----------------------------------------------------------------------------------------------------


@staff_required
def requisition_list(request):
    filterset = RequisitionFilter(request.GET, queryset=selectors_office.requisitions_for_table())
    return _list(
        request,
        title="Rekvisitioner",
        table_class=RequisitionTable,
        filterset=filterset,
        export_name="rekvisitioner.xlsx",
    )


@staff_required
def requisition_detail(request, pk):
    try:
        requisition = selectors_office.requisition_for_page(pk)
    except Requisition.DoesNotExist as error:
        raise Http404 from error
    records = list(requisition.history.select_related("history_user"))
    submitted, changes = history.changes_since(records, field_name="status", value=Requisition.Status.SUBMITTED)
    context = {
        "requisition": requisition,
        "form": ReviewForm(),
        "entries": history.history_entries(records),
        "submitted": submitted,
        "changes_since": changes,
        "payouts": list(Payout.objects.filter(requisition=requisition).select_related("batch")),
    }
    return render(request, "office/requisition_detail.html", context)


def _review(service, done_text):
    @_acting("office:requisition_detail")
    def view(request, pk):
        requisition = get_object_or_404(Requisition, pk=pk)
        form = ReviewForm(request.POST)
        form.is_valid()
        service(actor=request.user, requisition=requisition, message=form.cleaned_data.get("message", ""))
        return done_text

    return view


requisition_approve = _review(services.requisition_approve, "Rekvisitionen är godkänd.")
requisition_return = _review(services.requisition_return, "Rekvisitionen är skickad tillbaka för komplettering.")
requisition_reject = _review(services.requisition_reject, "Rekvisitionen är avslagen.")


# Payout decisions ---------------------------------------------------------------------------------------------------


@staff_required
def batch_list(request):
    filterset = PayoutBatchFilter(request.GET, queryset=selectors_office.payout_batches_for_table())
    return _list(
        request,
        title="Utbetalningsbeslut",
        table_class=PayoutBatchTable,
        filterset=filterset,
        export_name="utbetalningsbeslut.xlsx",
    )


@staff_required
@require_POST
def batch_prepare(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    form = PayoutPrepareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ange underlag och utbetalningsdag.")
        return redirect("office:programme_detail", code=code)
    prepare = (
        services.payout_batch_prepare_from_run
        if form.cleaned_data["source"] == PayoutBatch.Source.RUN
        else services.payout_batch_prepare_from_requisitions
    )
    try:
        batch = prepare(
            actor=request.user,
            programme=programme,
            payout_date=form.cleaned_data["payout_date"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("office:programme_detail", code=code)
    messages.success(request, "Utbetalningsbeslutet är upprättat. En annan person ska attestera det.")
    return redirect("office:batch_detail", pk=batch.pk)


@staff_required
def batch_detail(request, pk):
    try:
        batch = selectors_office.payout_batch_for_page(pk)
    except PayoutBatch.DoesNotExist as error:
        raise Http404 from error
    payouts = list(batch.payouts.all())
    regions = {p.region_id: p.region.short_name for p in payouts}
    records = list(batch.history.select_related("history_user")) + list(
        Payout.history.filter(batch_id=batch.pk).select_related("history_user")
    )
    context = {
        "batch": batch,
        "table": PayoutTable(payouts),
        "total": sum(p.amount for p in payouts),
        "entries": history.history_entries(records, subject=lambda r: _subject(r, regions)),
        "can_approve": request.user.has_perm(services.payouts.APPROVE_PERMISSION)
        and request.user.pk != batch.prepared_by_id,
    }
    return render(request, "office/batch_detail.html", context)


def _subject(record, regions=None) -> str:
    """Name the object a history record belongs to, from the record's own fields (no query)."""
    model = record.instance_type
    if model is Payout:
        return f"Utbetalning till {(regions or {}).get(record.region_id, 'region')}"
    if model is Component:
        return f"Del: {record.name}"
    if model is Deadline:
        return f"Tidsfrist: {record.get_kind_display()} {record.date:%Y-%m-%d}"
    if model is DeadlineExtension:
        return f"Förlängd tidsfrist: {record.get_kind_display()} till {record.until:%Y-%m-%d}"
    return str(model._meta.verbose_name).capitalize()


@_acting("office:batch_detail")
def batch_approve(request, pk):
    services.payout_batch_approve(actor=request.user, batch=get_object_or_404(PayoutBatch, pk=pk))
    return "Utbetalningsbeslutet är attesterat."


@_acting("office:batch_detail")
def batch_mark_paid(request, pk):
    services.payout_batch_mark_paid(actor=request.user, batch=get_object_or_404(PayoutBatch, pk=pk))
    return "Utbetalningen är registrerad."


@staff_required
@require_POST
def batch_discard(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    try:
        services.payout_batch_discard(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("office:batch_detail", pk=pk)
    messages.success(request, "Utkastet till utbetalningsbeslut är borttaget.")
    return redirect("office:programme_detail", code=batch.programme.code)


@staff_required
def batch_export(request, pk):
    batch = selectors_office.payout_batch_for_page(pk)
    if batch.status == PayoutBatch.Status.DRAFT:
        raise Http404("Bara attesterade utbetalningsbeslut exporteras.")
    return _xlsx(payout_workbook(batch, list(batch.payouts.all())), f"utbetalningsbeslut-{batch.pk}.xlsx")


# Repayments ---------------------------------------------------------------------------------------------------------


@staff_required
def repayment_list(request):
    filterset = RepaymentFilter(request.GET, queryset=selectors_office.repayments_for_table())
    if request.GET.get("export") == "xlsx":
        content = repayment_workbook(
            list(filterset.qs.order_by("due_date", "region__code")), today=timezone.localdate()
        )
        return _xlsx(content, "aterbetalningar.xlsx")
    return _list(
        request,
        title="Återbetalningar",
        table_class=RepaymentTable,
        filterset=filterset,
        export_name="aterbetalningar.xlsx",
        extra={"new_url": "office:repayment_create"},
    )


@staff_required
def repayment_create(request):
    form = RepaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            repayment = services.repayment_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Återbetalningen är registrerad.")
            return redirect("office:repayment_detail", pk=repayment.pk)
    return render(request, "office/form.html", {"form": form, "title": "Ny återbetalning"})


@_acting(
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
            raise ValidationError("Välj del och region.")
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
    records = list(repayment.history.select_related("history_user")) + list(
        RepaymentPayment.history.filter(repayment_id=pk).select_related("history_user")
    )
    context = {
        "repayment": repayment,
        "outstanding": repayment.amount - repayment.paid_total,
        "payment_form": RepaymentPaymentForm(
            initial={"paid_on": timezone.localdate(), "amount": repayment.amount - repayment.paid_total}
        ),
        "invoice_form": InvoiceForm(
            initial={"invoice_number": repayment.invoice_number, "due_date": repayment.due_date}
        ),
        "entries": history.history_entries(records),
    }
    return render(request, "office/repayment_detail.html", context)


@_acting("office:repayment_detail")
def repayment_payment(request, pk):
    form = RepaymentPaymentForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Ange betalningsdag och belopp.")
    repayment = get_object_or_404(Repayment, pk=pk)
    services.repayment_payment_record(actor=request.user, repayment=repayment, **form.cleaned_data)
    return "Inbetalningen är registrerad."


@_acting("office:repayment_detail")
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


# Deadlines, calendar, history -------------------------------------------------------------------------------------


@staff_required
def deadlines(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    form = MatrixFilterForm(request.GET or None)
    matrix = deadline_matrices([programme])[programme.pk]
    matrix = filter_matrix(matrix, form.cleaned_data if form.is_valid() else {})
    reminders = ReminderLog.objects.filter(programme=programme).select_related("region")[:50]
    context = {"programme": programme, "matrix": matrix, "form": form, "reminders": reminders}
    return render(request, "office/deadlines.html", context)


def filter_matrix(matrix, wanted: dict):
    """Keep the rows and columns the filter form asks for."""
    if wanted.get("kind"):
        keep = [c for c in matrix.columns if c.kind == wanted["kind"]]
        matrix.columns = keep
        for row in matrix.rows:
            row.cells = [cell for cell in row.cells if cell.column in keep]
    if wanted.get("region"):
        matrix.rows = [row for row in matrix.rows if row.region == wanted["region"]]
    if wanted.get("state"):
        matrix.rows = [row for row in matrix.rows if any(cell.state == wanted["state"] for cell in row.cells)]
    return matrix


@staff_required
def region_calendar_link(request, code):
    region = get_object_or_404(Region, code=code)
    url = request.build_absolute_uri(reverse_calendar(region))
    return render(
        request, "office/calendar_link.html", {"region": region, "url": url, "deadlines": region_deadlines(region)}
    )


def reverse_calendar(region) -> str:
    return reverse("office:region_calendar", args=[calendar.calendar_token(region)])


def region_calendar(request, token):
    code = calendar.region_for_token(token)
    region = get_object_or_404(Region, code=code) if code else None
    if region is None:
        raise Http404
    events = [
        {
            "uid": f"{programme.code}-{column.key}-{region.code}@statsbidrag.socialstyrelsen.se",
            "day": day,
            "summary": f"{column.label}: {programme.title}",
            "description": f"Tidsfrist för {region.name}. {programme.decision_reference}".strip(),
        }
        for programme, column, day in region_deadlines(region)
    ]
    body = calendar.ical(name=f"Statsbidrag – {region.short_name}", events=events, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="tidsfrister-{region.code}.ics"'
    return response


@staff_required
def programme_history(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    records = [
        *GrantProgramme.history.filter(id=programme.pk).select_related("history_user"),
        *Component.history.filter(programme_id=programme.pk).select_related("history_user"),
        *Deadline.history.filter(programme_id=programme.pk).select_related("history_user"),
        *DeadlineExtension.history.filter(programme_id=programme.pk).select_related("history_user"),
    ]
    context = {
        "title": f"Ändringshistorik – {programme.title}",
        "entries": history.history_entries(records, subject=_subject),
        "programme": programme,
        "runs": programme.runs.select_related("created_by").order_by("-number"),
    }
    return render(request, "office/history.html", context)


@staff_required
def monthly_history(request, code):
    region = get_object_or_404(Region, code=code)
    records = (
        MonthlyValue.history.filter(region_id=region.pk).select_related("history_user").order_by("-history_date")[:500]
    )
    entries = history.history_entries(
        records,
        subject=lambda r: (
            f"{r.get_indicator_display()} {r.year}-{r.month:02d}{' ' + r.provider if r.provider else ''}"
        ),
    )
    return render(
        request, "office/history.html", {"title": f"Månadsdata – ändringar för {region.name}", "entries": entries}
    )
