"""Payout decisions: list, prepare, page with history, approve, pay, discard, Excel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import history, l10n, selectors_office, services
from ...confirmation import Confirmation, confirmation_page, is_confirmed
from ...dates import swedish_date
from ...exports_office import payout_workbook
from ...filters import PayoutBatchFilter
from ...forms_office import (
    MarkPaidForm,
    PayoutPrepareForm,
)
from ...models import (
    GrantProgramme,
    Payout,
    PayoutBatch,
)
from ...permissions import staff_required
from ...tables_office import PayoutBatchTable, PayoutTable
from .common import CONFIRM, history_subject, list_page, post_action, xlsx_response


@staff_required
def batch_list(request):
    filterset = PayoutBatchFilter(request.GET, queryset=selectors_office.payout_batches_for_table())
    return list_page(
        request,
        title=_("Utbetalningsbeslut"),
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
        messages.error(request, _("Ange underlag och utbetalningsdag."))
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
    messages.success(request, _("Utbetalningsbeslutet är upprättat. En annan person ska attestera det."))
    return redirect("office:batch_detail", pk=batch.pk)


DISCARD_PERMISSION = "grants.delete_payoutbatch"


def may_approve(user, batch: PayoutBatch) -> bool:
    """Return whether the user may approve this decision: the permission, and four eyes."""
    return user.has_perm(services.payouts.APPROVE_PERMISSION) and user.pk != batch.prepared_by_id


def may_discard(user, batch: PayoutBatch) -> bool:
    """Return whether the user may delete this draft: whoever prepared it, or staff allowed to delete decisions."""
    return user.pk == batch.prepared_by_id or user.has_perm(DISCARD_PERMISSION)


def _batch_or_404(pk) -> PayoutBatch:
    try:
        return selectors_office.payout_batch_for_page(pk)
    except PayoutBatch.DoesNotExist as error:
        raise Http404 from error


def _batch_page(request, batch: PayoutBatch, *, paid_form=None):
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
        "can_approve": may_approve(request.user, batch),
        "can_discard": may_discard(request.user, batch),
        # The money can be registered as paid from the decision's payout date, never ahead of it.
        "can_mark_paid": batch.payout_date <= timezone.localdate(),
        "paid_form": paid_form or MarkPaidForm(batch=batch, initial={"paid_on": batch.payout_date}),
    }
    return render(request, "office/batch_detail.html", context)


@staff_required
def batch_detail(request, pk):
    return _batch_page(request, _batch_or_404(pk))


def _batch_confirmation(
    batch: PayoutBatch, *, title: str, doing: str, button: str, paid_on: str = "", **extra
) -> Confirmation:
    """Describe a decision about to be approved, paid or deleted: its regions and total, and the decision's facts.

    `doing` is the whole translated sentence, with the placeholders %(number)s (the decision), %(who)s (a region, or
    how many), %(total)s and, when registering a payment, %(paid_on)s.
    """
    payouts = list(batch.payouts.all())
    regions = sorted({p.region.pk: p.region for p in payouts}.values(), key=lambda r: r.code)
    total = l10n.kr(sum(p.amount for p in payouts))
    who = regions[0].name if len(regions) == 1 else _("%(count)s regioner") % {"count": len(regions)}
    programme = batch.programme
    return Confirmation(
        title=title,
        summary=doing % {"number": batch.pk, "who": who, "total": total, "paid_on": paid_on},
        button=button,
        cancel_url=reverse("office:batch_detail", args=[batch.pk]),
        facts=(
            (_("Statsbidrag"), f"{programme.title} {programme.budget_year}"),
            (_("Diarienummer"), programme.decision_reference or "–"),
            (_("Underlag"), batch.get_source_display()),
            (_("Utbetalningsdag enligt beslutet"), swedish_date(batch.payout_date)),
            (_("Regioner"), ", ".join(r.short_name for r in regions)),
            (_("Summa"), total),
        ),
        **extra,
    )


@post_action("office:batch_detail")
def batch_approve(request, pk):
    batch = _batch_or_404(pk)
    # Someone who may not approve, or a decision already approved, gets the service's refusal at once.
    if not is_confirmed(request) and may_approve(request.user, batch) and batch.status == PayoutBatch.Status.DRAFT:
        confirmation = _batch_confirmation(
            batch,
            title=_("Attestera utbetalningsbeslut nr %(number)s") % {"number": batch.pk},
            doing=_("Du är på väg att attestera utbetalningsbeslut nr %(number)s: %(who)s, %(total)s."),
            button=_("Attestera"),
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": batch.programme})
    services.payout_batch_approve(actor=request.user, batch=batch)
    return _("Utbetalningsbeslutet är attesterat.")


@staff_required
@require_POST
def batch_mark_paid(request, pk):
    batch = _batch_or_404(pk)
    form = MarkPaidForm(request.POST, batch=batch)
    if form.is_valid() and not is_confirmed(request) and batch.status == PayoutBatch.Status.APPROVED:
        paid_on = swedish_date(form.cleaned_data["paid_on"])
        confirmation = _batch_confirmation(
            batch,
            title=_("Registrera utbetalningsbeslut nr %(number)s som utbetalt") % {"number": batch.pk},
            doing=_(
                "Du är på väg att registrera utbetalningsbeslut nr %(number)s som utbetalt den %(paid_on)s: "
                "%(who)s, %(total)s."
            ),
            paid_on=paid_on,
            button=_("Registrera som utbetalt"),
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": batch.programme})
    if form.is_valid():
        try:
            services.payout_batch_mark_paid(actor=request.user, batch=batch, paid_on=form.cleaned_data["paid_on"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # not about the date: already paid, not approved, closed
                messages.error(request, " ".join(error.messages))
                return redirect("office:batch_detail", pk=pk)
            form.add_error(None, error)
        else:
            messages.success(request, _("Utbetalningen är registrerad."))
            return redirect("office:batch_detail", pk=pk)
    return _batch_page(request, batch, paid_form=form)


@staff_required
@require_POST
def batch_discard(request, pk):
    batch = _batch_or_404(pk)
    if not may_discard(request.user, batch):
        raise PermissionDenied
    if not is_confirmed(request) and batch.status == PayoutBatch.Status.DRAFT:
        confirmation = _batch_confirmation(
            batch,
            title=_("Ta bort utkastet till utbetalningsbeslut nr %(number)s") % {"number": batch.pk},
            doing=_("Du är på väg att ta bort utkastet till utbetalningsbeslut nr %(number)s: %(who)s, %(total)s."),
            button=_("Ta bort utkastet"),
            danger=True,
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": batch.programme})
    try:
        services.payout_batch_discard(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("office:batch_detail", pk=pk)
    messages.success(request, _("Utkastet till utbetalningsbeslut är borttaget."))
    return redirect("office:programme_detail", code=batch.programme.code)


@staff_required
def batch_export(request, pk):
    batch = _batch_or_404(pk)
    if batch.status == PayoutBatch.Status.DRAFT:
        raise Http404("Bara attesterade utbetalningsbeslut exporteras.")
    return xlsx_response(payout_workbook(batch, list(batch.payouts.all())), f"utbetalningsbeslut-{batch.pk}.xlsx")
