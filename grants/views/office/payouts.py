"""Payout decisions: list, prepare, page with history, approve, pay, discard, Excel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ... import history, selectors_office, services
from ...exports_office import payout_workbook
from ...filters import PayoutBatchFilter
from ...forms_office import (
    PayoutPrepareForm,
)
from ...models import (
    GrantProgramme,
    Payout,
    PayoutBatch,
)
from ...permissions import staff_required
from ...tables_office import PayoutBatchTable, PayoutTable
from .common import history_subject, list_page, post_action, xlsx_response


@staff_required
def batch_list(request):
    filterset = PayoutBatchFilter(request.GET, queryset=selectors_office.payout_batches_for_table())
    return list_page(
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
        "entries": history.history_entries(records, subject=lambda r: history_subject(r, regions)),
        "can_approve": request.user.has_perm(services.payouts.APPROVE_PERMISSION)
        and request.user.pk != batch.prepared_by_id,
    }
    return render(request, "office/batch_detail.html", context)


@post_action("office:batch_detail")
def batch_approve(request, pk):
    services.payout_batch_approve(actor=request.user, batch=get_object_or_404(PayoutBatch, pk=pk))
    return "Utbetalningsbeslutet är attesterat."


@post_action("office:batch_detail")
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
    try:
        batch = selectors_office.payout_batch_for_page(pk)
    except PayoutBatch.DoesNotExist as error:
        raise Http404 from error
    if batch.status == PayoutBatch.Status.DRAFT:
        raise Http404("Bara attesterade utbetalningsbeslut exporteras.")
    return xlsx_response(payout_workbook(batch, list(batch.payouts.all())), f"utbetalningsbeslut-{batch.pk}.xlsx")
