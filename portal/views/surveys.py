"""Survey answers: save a draft, submit once, then read-only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.confirmation import Confirmation, confirmation_page, is_confirmed, rehearse, wants_change
from grants.models import GrantProgramme
from regions.access import may_submit
from reporting import services
from reporting.models import Survey, SurveyResponse

from ..access import REGIONAL_ROLES, portal_view
from ..forms import SurveyForm
from .common import CONFIRM, add_service_errors


def _answer_text(field, value) -> str:
    choices = {str(key): label for key, label in getattr(field, "choices", ())}
    values = value if isinstance(value, list) else [value]
    return "\n".join(str(choices.get(str(v), v)) for v in values if v not in (None, "")) or _("Inget svar")


def _confirmation(form: SurveyForm, survey: Survey, region) -> Confirmation:
    """Describe the answers about to be sent: each question with the answer as the region gave it."""
    answers = form.cleaned_data
    facts = tuple((field.label, _answer_text(field, answers.get(name))) for name, field in form.fields.items())
    return Confirmation(
        title=_("Skicka in svaren: %(survey)s") % {"survey": survey.title},
        summary=_("Du är på väg att skicka in %(region)ss svar på enkäten %(survey)s.")
        % {"region": region.name, "survey": survey.title},
        button=_("Skicka in svaren"),
        cancel_url=reverse("portal:survey_answer", args=[region.code, survey.pk]),
        facts=facts,
        warning=_("När svaren är inskickade är de låsta och kan inte ändras."),
        change_label=_("Tillbaka och ändra"),
    )


@portal_view(roles=REGIONAL_ROLES)
def survey_answer(request, region, survey_id):
    survey = get_object_or_404(
        Survey.objects.select_related("programme")
        .prefetch_related("questions", "programme__measures", "programme__components")
        .exclude(programme__status=GrantProgramme.Status.DRAFT),
        pk=survey_id,
    )
    if not survey.programme.receives(region):
        raise Http404
    response = SurveyResponse.objects.filter(survey=survey, region=region).select_related("submitted_by").first()
    is_open, closes = services.survey_window(survey, region)
    locked = not is_open or (response is not None and response.status == SurveyResponse.Status.SUBMITTED)
    form = SurveyForm(
        request.POST or None,
        initial=SurveyForm.initial_from(response),
        survey=survey,
        measures=survey.programme.measures.all(),
        disabled=locked,
    )
    if request.method == "POST" and not locked and form.is_valid() and not wants_change(request):
        submit = request.POST.get("action") == "submit"
        service = services.survey_response_submit if submit else services.survey_response_save

        def call():
            return service(actor=request.user, survey=survey, region=region, answers=form.cleaned_data)

        try:
            if submit and not is_confirmed(request):
                confirmation = rehearse(call, lambda _response: _confirmation(form, survey, region))
                return confirmation_page(request, confirmation, template=CONFIRM, context={"region": region})
            call()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Svaren är inskickade. Tack!") if submit else _("Utkastet är sparat."))
            return redirect("portal:survey_answer", region_code=region.code, survey_id=survey.pk)
    receipt = None
    if locked and response is not None:  # what was sent (or saved before the survey closed), as text to read
        receipt = [(field.label, _answer_text(field, form.initial.get(name))) for name, field in form.fields.items()]
    context = {
        "region": region,
        "survey": survey,
        "response": response,
        "form": form,
        "receipt": receipt,
        "locked": locked,
        "is_open": is_open,
        "closes": closes,
        "can_submit": may_submit(request.user, region),
    }
    return render(request, "portal/survey_form.html", context)
