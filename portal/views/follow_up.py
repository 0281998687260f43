"""The follow-up report (återrapportering): amount used per measure or activity, results, unused amount."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from grants.models import Deadline
from grants.requisitions import deadline_state
from regions.access import may_submit
from reporting import services
from reporting.models import FollowUpReport

from ..access import REGIONAL_ROLES, portal_view
from ..forms import FollowUpForm, FollowUpLineFormSet
from .common import add_service_errors, lock, programme_or_404

LOCKED = (FollowUpReport.Status.SUBMITTED, FollowUpReport.Status.ACCEPTED)


def _line_inputs(formset) -> list[services.FollowUpLineInput]:
    return [
        services.FollowUpLineInput(
            measure_id=form.cleaned_data.get("measure"),
            activity=form.cleaned_data.get("activity") or "",
            amount_used=form.cleaned_data.get("amount_used") or 0,
        )
        for form in formset
        if form.cleaned_data.get("measure")
        or form.cleaned_data.get("activity")
        or form.cleaned_data.get("amount_used")
    ]


@portal_view(roles=REGIONAL_ROLES)
def follow_up_edit(request, region, programme_code):
    programme = programme_or_404(programme_code, "measures")
    report = (
        FollowUpReport.objects.filter(programme=programme, region=region).prefetch_related("lines__measure").first()
    )
    measures = list(programme.measures.all())
    lines = list(report.lines.all()) if report else []
    initial = {"results": report.results, "relation_to_purpose": report.relation_to_purpose} if report else {}
    form = FollowUpForm(request.POST or None, initial=initial)
    formset = FollowUpLineFormSet(
        request.POST or None,
        prefix="rad",
        form_kwargs={"measures": measures},
        initial=[{"measure": li.measure_id, "activity": li.activity, "amount_used": li.amount_used} for li in lines],
    )
    locked = report is not None and report.status in LOCKED
    if locked:
        lock(form, formset)
    if request.method == "POST" and not locked and form.is_valid() and formset.is_valid():
        submit = request.POST.get("action") == "submit"
        service = services.follow_up_submit if submit else services.follow_up_save
        try:
            service(
                actor=request.user,
                programme=programme,
                region=region,
                lines=_line_inputs(formset),
                results=form.cleaned_data["results"],
                relation_to_purpose=form.cleaned_data["relation_to_purpose"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Återrapporteringen är inskickad." if submit else "Utkastet är sparat.")
            return redirect("portal:follow_up_edit", region_code=region.code, programme_code=programme.code)
    received = services.follow_up_amount_received(programme, region)
    components = list(programme.components.all())
    # Name the parts the report covers when the programme also has parts paid for performance.
    reported_parts = (
        [c.name for c in components if c.paid_on_requisition]
        if any(not c.paid_on_requisition for c in components)
        else []
    )
    used = report.amount_used if report else 0
    context = {
        "region": region,
        "programme": programme,
        "report": report,
        "form": form,
        "formset": formset,
        "locked": locked,
        "received": received,
        "reported_parts": reported_parts,
        "used": used,
        "unused": max(received - used, 0),
        "deadline": deadline_state(programme, region, Deadline.Kind.FOLLOW_UP_REPORT),
        "can_submit": may_submit(request.user, region),
    }
    return render(request, "portal/follow_up_form.html", context)
