"""The work list and a programme's back-office page."""

from django.shortcuts import get_object_or_404, render

from ... import selectors_office
from ...forms_office import (
    ConditionRepaymentForm,
    PayoutPrepareForm,
)
from ...models import GrantProgramme
from ...money import part_allocations
from ...permissions import staff_required


@staff_required
def work_list(request):
    return render(request, "office/work_list.html", selectors_office.work_list())


@staff_required
def programme_detail(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    parts = list(part_allocations(programme).values())
    context = {
        "programme": programme,
        "parts": parts,
        "on_requisition": any(p.component.paid_on_requisition for p in parts),
        "from_final_run": any(not p.component.paid_on_requisition for p in parts),
        "prepare_form": PayoutPrepareForm(),
        "condition_form": ConditionRepaymentForm(programme=programme),
    }
    return render(request, "office/programme_detail.html", context)
