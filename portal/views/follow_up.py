"""The follow-up report (återrapportering): amount used per measure or activity, results, unused amount."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grants import l10n
from grants.confirmation import Confirmation, confirmation_page, is_confirmed, rehearse, wants_change
from grants.models import Deadline
from grants.requisitions import deadline_state
from regions.access import may_submit
from reporting import services
from reporting.models import FollowUpReport

from ..access import REGIONAL_ROLES, portal_view
from ..forms import FollowUpForm, FollowUpLineFormSet
from .common import CONFIRM, add_service_errors, lock, programme_or_404

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


def _confirmation(report: FollowUpReport) -> Confirmation:
    """Describe the report about to be sent, with the amounts the service computed from its lines."""
    region, programme = report.region, report.programme
    lines = "\n".join(
        f"{line.measure.name if line.measure else line.activity}: {l10n.kr(line.amount_used)}"
        for line in report.lines.select_related("measure")
    )
    return Confirmation(
        title=_("Skicka in återrapporteringen"),
        summary=_(
            "Du är på väg att skicka in %(region)ss återrapportering: använt %(used)s av mottagna %(received)s; "
            "%(unused)s ska betalas tillbaka."
        )
        % {
            "region": region.name,
            "used": l10n.kr(report.amount_used),
            "received": l10n.kr(report.amount_received),
            "unused": l10n.kr(report.unused),
        },
        button=_("Skicka in återrapporteringen"),
        cancel_url=reverse("portal:follow_up_edit", args=[region.code, programme.code]),
        facts=(
            (_("Statsbidrag"), f"{programme.title} {programme.budget_year}"),
            (_("Mottaget"), l10n.kr(report.amount_received)),
            (_("Använt"), l10n.kr(report.amount_used)),
            (_("Ej använt – ska betalas tillbaka"), l10n.kr(report.unused)),
            (_("Använda medel"), lines),
            (_("Resultat"), report.results),
            (_("Förhållande till syftet"), report.relation_to_purpose),
        ),
        warning=_("När återrapporteringen är inskickad kan den inte ändras."),
        change_label=_("Tillbaka och ändra"),
    )


@portal_view(roles=REGIONAL_ROLES)
def follow_up_edit(request, region, programme_code):
    programme = programme_or_404(programme_code, "measures", region=region)
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
    valid = not locked and form.is_valid() and formset.is_valid()
    if request.method == "POST" and valid and not wants_change(request):
        submit = request.POST.get("action") == "submit"
        service = services.follow_up_submit if submit else services.follow_up_save

        def call():
            return service(
                actor=request.user,
                programme=programme,
                region=region,
                lines=_line_inputs(formset),
                results=form.cleaned_data["results"],
                relation_to_purpose=form.cleaned_data["relation_to_purpose"],
            )

        try:
            if submit and not is_confirmed(request):
                confirmation = rehearse(call, _confirmation)
                return confirmation_page(request, confirmation, template=CONFIRM, context={"region": region})
            call()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Återrapporteringen är inskickad.") if submit else _("Utkastet är sparat."))
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
