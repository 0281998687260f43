"""The requisition form (rekvisition, seed 001) and its receipt."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grants import l10n, services
from grants.confirmation import Confirmation, confirmation_page, is_confirmed, rehearse, wants_change
from grants.models import Requisition
from grants.requisitions import allowance_for, deadline_state
from regions.access import may_sign

from .. import selectors
from ..access import REGIONAL_ROLES, portal_view
from ..forms import RequisitionForm
from .common import CONFIRM, add_service_errors, programme_or_404

EDITABLE = (Requisition.Status.DRAFT, Requisition.Status.RETURNED)


@portal_view(roles=REGIONAL_ROLES)
def requisition_edit(request, region, programme_code):
    programme = programme_or_404(programme_code, "measures", region=region)
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
    if request.method == "POST" and form.is_valid() and not wants_change(request):
        submit = request.POST.get("action") == "submit"
        service = services.requisition_submit if submit else services.requisition_save_draft

        def call():
            return service(actor=request.user, programme=programme, region=region, data=form.to_input())

        try:
            if submit and not is_confirmed(request):
                confirmation = rehearse(call, lambda saved: _confirmation(form, saved, request.user))
                return confirmation_page(request, confirmation, template=CONFIRM, context={"region": region})
            call()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                return redirect("portal:requisition_receipt", region_code=region.code, programme_code=programme.code)
            messages.success(request, _("Utkastet är sparat. Rekvisitionen är inte inskickad ännu."))
            return redirect("portal:requisition_edit", region_code=region.code, programme_code=programme.code)
    if request.method == "POST" and form.errors and request.POST.get("action") == "submit":
        _add_remaining_problems(form, programme, region)
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


def _add_remaining_problems(form: RequisitionForm, programme, region) -> None:
    """Name what the service would also refuse, so that a submission shows every problem in one round."""
    problems = services.requisition_problems(programme=programme, region=region, data=form.to_input())
    for name, errors in problems.items():
        # Only problems of fields the form accepted: a total of 0 kr, say, may just be an amount typed wrong.
        if name in form.fields and name not in form.errors:
            form.add_error(name, errors)


def _confirmation(form: RequisitionForm, requisition: Requisition, signer) -> Confirmation:
    """Describe the requisition about to be signed and sent, as the service has checked and summed it."""
    data = form.cleaned_data
    region, programme = requisition.region, requisition.programme
    contact = ", ".join(v for v in (data["contact_name"], data["contact_email"], data["contact_phone"]) if v)
    facts = [(_("Statsbidrag"), f"{programme.title} {programme.budget_year}"), (_("Kontaktperson"), contact)]
    facts.append((_("Utbetalning till"), f"{requisition.get_payment_method_display()} {requisition.payment_account}"))
    for part in form.parts:
        amount = part.allocated if part.fixed else data.get(part.field_name) or 0
        facts.append((_("Rekvirerat: %(part)s") % {"part": part.component.name}, l10n.kr(amount)))
    facts.append((_("Rekvirerat belopp"), l10n.kr(requisition.amount)))
    chosen = set(data.get("measures") or ())
    if form.measure_objects:
        facts.append((_("Insatser"), "\n".join(m.name for m in form.measure_objects if m.pk in chosen)))
    signature = _("%(name)s, behörigt ombud") % {"name": signer.get_full_name() or signer.username}
    facts.append((_("Underskrift"), signature))
    return Confirmation(
        title=_("Skriv under och skicka in rekvisitionen"),
        summary=_("Du är på väg att skriva under och skicka in rekvisitionen för %(region)s: %(amount)s.")
        % {"region": region.name, "amount": l10n.kr(requisition.amount)},
        button=_("Skriv under och skicka in"),
        cancel_url=reverse("portal:requisition_edit", args=[region.code, programme.code]),
        facts=tuple(facts),
        warning=_("När rekvisitionen är inskickad kan den inte ändras."),
        change_label=_("Tillbaka och ändra"),
    )


@portal_view(roles=REGIONAL_ROLES)
def requisition_receipt(request, region, programme_code):
    programme = programme_or_404(programme_code, region=region)
    requisition = selectors.requisition_for_page(programme, region)
    if requisition is None or requisition.status in EDITABLE:
        raise Http404
    context = {"region": region, "programme": programme, "requisition": requisition}
    return render(request, "portal/requisition_receipt.html", context)
