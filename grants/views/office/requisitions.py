"""Requisition review: list, page, approve / return / reject."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from ... import history, selectors_office, services
from ...allocation.formatting import format_kr
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


def _review_confirmation(requisition: Requisition, *, verb: str, button: str, message: str, danger: bool):
    region, programme = requisition.region, requisition.programme
    facts = [("Statsbidrag", f"{programme.title} {programme.budget_year}"), ("Region", region.name)]
    facts += [(f"Rekvirerat: {line.component.name}", format_kr(line.amount)) for line in requisition.lines.all()]
    facts.append(("Rekvirerat belopp", format_kr(requisition.amount)))
    if message:
        facts.append(("Meddelande till regionen", message))
    return Confirmation(
        title=f"{button} rekvisitionen från {region.short_name}",
        summary=f"Du är på väg att {verb} rekvisitionen från {region.name}: {format_kr(requisition.amount)}.",
        button=button,
        cancel_url=reverse("office:requisition_detail", args=[requisition.pk]),
        facts=tuple(facts),
        danger=danger,
    )


def _review(service, done_text, *, verb, button, danger=False):
    @post_action("office:requisition_detail")
    def view(request, pk):
        requisition = get_object_or_404(
            Requisition.objects.select_related("region", "programme").prefetch_related("lines__component"), pk=pk
        )
        form = ReviewForm(request.POST)
        form.is_valid()
        message = form.cleaned_data.get("message", "")
        if not is_confirmed(request):
            confirmation = _review_confirmation(requisition, verb=verb, button=button, message=message, danger=danger)
            return confirmation_page(
                request, confirmation, template=CONFIRM, context={"programme": requisition.programme}
            )
        service(actor=request.user, requisition=requisition, message=message)
        return done_text

    return view


requisition_approve = _review(
    services.requisition_approve, "Rekvisitionen är godkänd.", verb="godkänna", button="Godkänn"
)
requisition_reject = _review(
    services.requisition_reject, "Rekvisitionen är avslagen.", verb="avslå", button="Avslå", danger=True
)


@post_action("office:requisition_detail")
def requisition_return(request, pk):
    requisition = get_object_or_404(Requisition, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Ange ett giltigt datum för kompletteringen.")
    services.requisition_return(
        actor=request.user,
        requisition=requisition,
        message=form.cleaned_data["message"],
        completion_due=form.cleaned_data["completion_due"],
    )
    until = deadline_state(requisition.programme, requisition.region).effective
    return (
        "Rekvisitionen är skickad tillbaka för komplettering. Regionen kan skicka in den igen till och med "
        f"{swedish_date(until)}."
    )
