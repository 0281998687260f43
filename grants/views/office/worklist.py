"""The work list and a programme's back-office page."""

from django.shortcuts import get_object_or_404, render

from ... import selectors_office, services
from ...forms_office import (
    ConditionRepaymentForm,
    PayoutPrepareForm,
)
from ...models import (
    GrantProgramme,
)
from ...permissions import staff_required


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
