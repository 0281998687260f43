"""Repayment claims and the follow-up reports they come from."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from reporting.models import FollowUpReport

from ... import history, l10n, selectors_office, services
from ...confirmation import Confirmation, confirmation_page, is_confirmed, wants_change
from ...dates import swedish_date
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
from .common import CONFIRM, list_page, post_action, xlsx_response


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
        title=_("Återbetalningar"),
        table_class=RepaymentTable,
        filterset=filterset,
        export_name="aterbetalningar.xlsx",
        extra={"new_url": "office:repayment_create"},
    )


def _claim_confirmation(*, programme, region, amount: int, what: str, reason: str, cancel_url: str, **extra):
    """Describe a claim about to be made: from whom, how much and why."""
    return Confirmation(
        title=_("Återkrav från %(region)s") % {"region": region.short_name},
        summary=_("Du är på väg att kräva tillbaka %(amount)s från %(region)s.")
        % {"amount": l10n.kr(amount), "region": region.name},
        button=_("Besluta om återkrav"),
        cancel_url=cancel_url,
        facts=(
            (_("Statsbidrag"), f"{programme.title} {programme.budget_year}"),
            (_("Gäller"), what),
            (_("Belopp"), l10n.kr(amount)),
            (_("Skäl"), reason),
        ),
        warning=_("Ett återkrav kan inte tas bort, bara sänkas eller skrivas av med ett eget beslut."),
        **extra,
    )


@staff_required
def repayment_create(request):
    form = RepaymentForm(request.POST or None, programme_id=request.GET.get("programme"))
    if request.method == "POST" and form.is_valid() and not wants_change(request):
        data = form.cleaned_data
        if not is_confirmed(request):
            component = data["component"]
            confirmation = _claim_confirmation(
                programme=data["programme"],
                region=data["region"],
                amount=data["amount"],
                what=component.name if component else _("Hela statsbidraget"),
                reason=data["reason_text"],
                cancel_url=reverse("office:repayment_list"),
                change_label=_("Tillbaka och ändra"),
            )
            return confirmation_page(request, confirmation, template=CONFIRM)
        try:
            repayment = services.repayment_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Återbetalningen är registrerad."))
            return redirect("office:repayment_detail", pk=repayment.pk)
    return render(request, "office/form.html", {"form": form, "title": _("Nytt återkrav")})


@post_action(
    lambda pk: redirect(
        "office:follow_up_list",
        code=get_object_or_404(FollowUpReport.objects.select_related("programme"), pk=pk).programme.code,
    )
)
def repayment_from_follow_up(request, pk):
    report = get_object_or_404(FollowUpReport.objects.select_related("programme", "region"), pk=pk)
    if not is_confirmed(request):
        confirmation = _claim_confirmation(
            programme=report.programme,
            region=report.region,
            amount=report.unused,
            what=_("Medel som inte har använts enligt återrapporteringen"),
            reason=_("Mottaget %(received)s, använt %(used)s.")
            % {"received": l10n.kr(report.amount_received), "used": l10n.kr(report.amount_used)},
            cancel_url=reverse("office:follow_up_list", args=[report.programme.code]),
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": report.programme})
    services.repayment_create_from_follow_up(actor=request.user, report=report)
    return _("Återbetalningen av outnyttjade medel är registrerad.")


@staff_required
@require_POST
def repayment_for_condition(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    form = ConditionRepaymentForm(request.POST, programme=programme)
    try:
        if not form.is_valid():
            raise ValidationError(_("Välj del och region och ange skälet."))
        if not is_confirmed(request):
            data = form.cleaned_data
            amount = data["amount"]
            if amount is None:
                amount = services.claimable(programme, data["region"], data["component"]).remaining
            confirmation = _claim_confirmation(
                programme=programme,
                region=data["region"],
                amount=amount,
                what=data["component"].name,
                reason=data["reason_text"],
                cancel_url=reverse("office:programme_detail", args=[code]),
            )
            return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": programme})
        repayment = services.repayment_create_for_missed_condition(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("office:programme_detail", code=code)
    messages.success(request, _("Återkravet är registrerat."))
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
        raise ValidationError(_("Ange betalningsdag och belopp."))
    repayment = _repayment_or_404(pk)
    if not is_confirmed(request):
        amount, paid_on = form.cleaned_data["amount"], form.cleaned_data["paid_on"]
        confirmation = _repayment_confirmation(
            repayment,
            title=_("Registrera inbetalning"),
            summary=_("Du är på väg att registrera en inbetalning på %(amount)s från %(region)s, betald %(paid_on)s.")
            % {"amount": l10n.kr(amount), "region": repayment.region.name, "paid_on": swedish_date(paid_on)},
            button=_("Registrera inbetalningen"),
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": repayment.programme})
    services.repayment_payment_record(actor=request.user, repayment=repayment, **form.cleaned_data)
    return _("Inbetalningen är registrerad.")


def _repayment_or_404(pk) -> Repayment:
    """Return the claim with what it claims now, what is paid and what is outstanding, or answer 404."""
    return get_object_or_404(selectors_office.repayments_for_table(), pk=pk)


def _repayment_confirmation(repayment: Repayment, *, title: str, summary: str, button: str, **extra):
    return Confirmation(
        title=_("%(action)s: återkrav från %(region)s") % {"action": title, "region": repayment.region.short_name},
        summary=summary,
        button=button,
        cancel_url=reverse("office:repayment_detail", args=[repayment.pk]),
        facts=(
            (_("Statsbidrag"), f"{repayment.programme.title} {repayment.programme.budget_year}"),
            (_("Återkrävt"), l10n.kr(repayment.claimed)),
            (_("Inbetalt"), l10n.kr(repayment.paid_total)),
            (_("Kvar att betala"), l10n.kr(repayment.outstanding)),
        ),
        **extra,
    )


@post_action("office:repayment_detail")
def repayment_adjust(request, pk):
    form = RepaymentAdjustForm(request.POST)
    repayment = _repayment_or_404(pk)
    region = repayment.region.name
    if request.POST.get("action") == "cancel":
        if not is_confirmed(request):
            confirmation = _repayment_confirmation(
                repayment,
                title=_("Skriv av"),
                summary=_("Du är på väg att skriva av %(amount)s av återkravet från %(region)s.")
                % {"amount": l10n.kr(repayment.outstanding), "region": region},
                button=_("Skriv av det som är kvar"),
                danger=True,
            )
            return confirmation_page(
                request, confirmation, template=CONFIRM, context={"programme": repayment.programme}
            )
        services.repayment_cancel(actor=request.user, repayment=repayment, reason=request.POST.get("reason", ""))
        return _("Det som var kvar av återkravet är avskrivet.")
    if not form.is_valid():
        raise ValidationError(_("Ange det nya beloppet och skälet."))
    if not is_confirmed(request) and form.cleaned_data["claimed_after"] >= 0:
        confirmation = _repayment_confirmation(
            repayment,
            title=_("Sänk"),
            summary=_("Du är på väg att sänka återkravet från %(region)s från %(before)s till %(after)s.")
            % {
                "region": region,
                "before": l10n.kr(repayment.claimed),
                "after": l10n.kr(form.cleaned_data["claimed_after"]),
            },
            button=_("Sänk återkravet"),
        )
        return confirmation_page(request, confirmation, template=CONFIRM, context={"programme": repayment.programme})
    services.repayment_adjust(actor=request.user, repayment=repayment, **form.cleaned_data)
    return _("Återkravet är sänkt.")


@post_action("office:repayment_detail")
def repayment_invoice(request, pk):
    form = InvoiceForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Ange fakturanummer och förfallodag."))
    services.repayment_update_invoice(
        actor=request.user, repayment=get_object_or_404(Repayment, pk=pk), **form.cleaned_data
    )
    return _("Fakturauppgifterna är sparade.")


@staff_required
def follow_up_list(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    table = FollowUpReportTable(selectors_office.follow_up_reports_for_table(programme))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "office/list.html",
        {
            "title": _("Återrapporteringar – %(programme)s") % {"programme": programme.title},
            "table": table,
            "programme": programme,
        },
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
