"""The requisition form (rekvisition, seed 001) and its receipt."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from grants import services
from grants.models import Requisition
from grants.requisitions import allowance_for, deadline_state
from regions.access import may_sign

from .. import selectors
from ..access import REGIONAL_ROLES, portal_view
from ..forms import RequisitionForm
from .common import add_service_errors, programme_or_404

EDITABLE = (Requisition.Status.DRAFT, Requisition.Status.RETURNED)


@portal_view(roles=REGIONAL_ROLES)
def requisition_edit(request, region, programme_code):
    programme = programme_or_404(programme_code, "measures")
    requisition = selectors.requisition_for_page(programme, region)
    if requisition is not None and requisition.status not in EDITABLE:
        return redirect("portal:requisition_receipt", region_code=region.code, programme_code=programme.code)
    allowance = allowance_for(programme, region)
    form = RequisitionForm(
        request.POST or None,
        initial=RequisitionForm.initial_from(requisition),
        programme=programme,
        allowance=allowance,
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        service = services.requisition_submit if submit else services.requisition_save_draft
        try:
            service(actor=request.user, programme=programme, region=region, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                return redirect("portal:requisition_receipt", region_code=region.code, programme_code=programme.code)
            messages.success(request, "Utkastet är sparat. Rekvisitionen är inte inskickad ännu.")
            return redirect("portal:requisition_edit", region_code=region.code, programme_code=programme.code)
    context = {
        "region": region,
        "programme": programme,
        "form": form,
        "requisition": requisition,
        "allowance": allowance,
        "deadline": deadline_state(programme, region),
        "can_sign": may_sign(request.user, region),
    }
    return render(request, "portal/requisition_form.html", context)


@portal_view(roles=REGIONAL_ROLES)
def requisition_receipt(request, region, programme_code):
    programme = programme_or_404(programme_code)
    requisition = selectors.requisition_for_page(programme, region)
    if requisition is None or requisition.status in EDITABLE:
        raise Http404
    context = {"region": region, "programme": programme, "requisition": requisition}
    return render(request, "portal/requisition_receipt.html", context)
