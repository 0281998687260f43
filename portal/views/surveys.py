"""Survey answers: save a draft, submit once, then read-only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from regions.access import may_submit
from reporting import services
from reporting.models import Survey, SurveyResponse

from ..access import REGIONAL_ROLES, portal_view
from ..forms import SurveyForm
from .common import add_service_errors


@portal_view(roles=REGIONAL_ROLES)
def survey_answer(request, region, survey_id):
    survey = get_object_or_404(
        Survey.objects.select_related("programme").prefetch_related("questions", "programme__measures"),
        pk=survey_id,
    )
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
    if request.method == "POST" and not locked and form.is_valid():
        submit = request.POST.get("action") == "submit"
        service = services.survey_response_submit if submit else services.survey_response_save
        try:
            service(actor=request.user, survey=survey, region=region, answers=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Svaren är inskickade. Tack!" if submit else "Utkastet är sparat.")
            return redirect("portal:survey_answer", region_code=region.code, survey_id=survey.pk)
    context = {
        "region": region,
        "survey": survey,
        "response": response,
        "form": form,
        "locked": locked,
        "is_open": is_open,
        "closes": closes,
        "can_submit": may_submit(request.user, region),
    }
    return render(request, "portal/survey_form.html", context)
