"""Requisition review: list, page, approve / return / reject."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ... import history, selectors_office, services
from ...filters import RequisitionFilter
from ...forms_office import (
    ReviewForm,
)
from ...models import (
    Payout,
    Requisition,
)
from ...permissions import staff_required
from ...tables_office import RequisitionTable
from .common import list_page, post_action


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
    @post_action("office:requisition_detail")
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
