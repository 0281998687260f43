"""Requisition review: list, page, approve / return / reject."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import history, l10n, selectors_office, services
from ...confirmation import Confirmation, confirmation_page, is_confirmed
from ...dates import swedish_date
from ...filters import RequisitionFilter
from ...forms_office import ReturnForm, ReviewForm
from ...models import (
    Payout,
    Requisition,
)
from ...permissions import staff_required
from ...requisitions import deadline_state
from ...tables_office import RequisitionTable
from .common import CONFIRM, list_page, post_action


@staff_required
def requisition_list(request):
    filterset = RequisitionFilter(request.GET, queryset=selectors_office.requisitions_for_table())
    return list_page(
        request,
        title=_("Rekvisitioner"),
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
    submitted, changes = history.changes_since(
        records, field_name="status", value=Requisition.Status.SUBMITTED, m2m=(("measures", "measure", "name"),)
    )
    deadline = deadline_state(requisition.programme, requisition.region)
    context = {
        "requisition": requisition,
        "form": ReturnForm(initial={"completion_due": services.completion_default()}),
        "reject_form": ReviewForm(),
        "deadline": deadline,
        "deadline_passed": deadline.effective is not None and deadline.effective < timezone.localdate(),
        "entries": history.history_entries(records),
        "submitted": submitted,
        "changes_since": changes,
        "resubmitted": len(history.submissions(records, field_name="status", value=Requisition.Status.SUBMITTED)) > 1,
        "payouts": list(Payout.objects.filter(requisition=requisition).select_related("batch")),
    }
    return render(request, "office/requisition_detail.html", context)


def _review_confirmation(requisition: Requisition, *, texts: dict, message: str, danger: bool):
    region, programme = requisition.region, requisition.programme
    facts = [(_("Statsbidrag"), f"{programme.title} {programme.budget_year}"), (_("Region"), region.name)]
    facts += [
        (_("Rekvirerat: %(part)s") % {"part": line.component.name}, l10n.kr(line.amount))
        for line in requisition.lines.all()
    ]
    facts.append((_("Rekvirerat belopp"), l10n.kr(requisition.amount)))
    if message:
        facts.append((_("Meddelande till regionen"), message))
    return Confirmation(
        title=texts["title"] % {"region": region.short_name},
        summary=texts["summary"] % {"region": region.name, "amount": l10n.kr(requisition.amount)},
        button=str(texts["button"]),
        cancel_url=reverse("office:requisition_detail", args=[requisition.pk]),
        facts=tuple(facts),
        danger=danger,
    )


def _review(service, texts: dict, *, danger=False):
    """Make the view that approves or rejects a requisition; `texts` holds its title, summary, button and done text."""

    @post_action("office:requisition_detail")
    def view(request, pk):
        requisition = get_object_or_404(
            Requisition.objects.select_related("region", "programme").prefetch_related("lines__component"), pk=pk
        )
        form = ReviewForm(request.POST)
        form.is_valid()
        message = form.cleaned_data.get("message", "")
        if not is_confirmed(request):
            confirmation = _review_confirmation(requisition, texts=texts, message=message, danger=danger)
            return confirmation_page(
                request, confirmation, template=CONFIRM, context={"programme": requisition.programme}
            )
        service(actor=request.user, requisition=requisition, message=message)
        return str(texts["done"])

    return view


requisition_approve = _review(
    services.requisition_approve,
    {
        "title": gettext_lazy("Godkänn rekvisitionen från %(region)s"),
        "summary": gettext_lazy("Du är på väg att godkänna rekvisitionen från %(region)s: %(amount)s."),
        "button": gettext_lazy("Godkänn"),
        "done": gettext_lazy("Rekvisitionen är godkänd."),
    },
)
requisition_reject = _review(
    services.requisition_reject,
    {
        "title": gettext_lazy("Avslå rekvisitionen från %(region)s"),
        "summary": gettext_lazy("Du är på väg att avslå rekvisitionen från %(region)s: %(amount)s."),
        "button": gettext_lazy("Avslå"),
        "done": gettext_lazy("Rekvisitionen är avslagen."),
    },
    danger=True,
)


@post_action("office:requisition_detail")
def requisition_return(request, pk):
    requisition = get_object_or_404(Requisition, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Ange ett giltigt datum för kompletteringen."))
    services.requisition_return(
        actor=request.user,
        requisition=requisition,
        message=form.cleaned_data["message"],
        completion_due=form.cleaned_data["completion_due"],
    )
    until = deadline_state(requisition.programme, requisition.region).effective
    return _(
        "Rekvisitionen är skickad tillbaka för komplettering. Regionen kan skicka in den igen till och med %(date)s."
    ) % {"date": swedish_date(until)}
