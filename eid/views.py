"""The ombud application: the applicant's page (after e-identification) and staff's review."""

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from grants.permissions import staff_required

from . import services
from .backends import APPLICANT, APPLICANT_SECONDS
from .forms import ApplicationForm, DecisionForm
from .models import OmbudApplication


def _applicant(request) -> dict | None:
    found = request.session.get(APPLICANT)
    if not found or time.time() - found.get("at", 0) > APPLICANT_SECONDS:
        return None
    return found


@never_cache
def application(request):
    applicant = _applicant(request)
    if applicant is None:
        return render(request, "eid/application_expired.html", status=403)
    latest = OmbudApplication.objects.filter(identity_digest=applicant["digest"]).select_related("region").first()
    may_apply = latest is None or latest.status in (
        OmbudApplication.Status.COMPLETION,
        OmbudApplication.Status.REJECTED,
    )
    initial = {"email": applicant.get("mail", "")}
    if latest is not None:
        initial = {field: getattr(latest, field) for field in ("region", "first_name", "last_name", "email", "phone")}
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and may_apply and form.is_valid():
        try:
            latest = services.application_submit(digest=applicant["digest"], **form.cleaned_data)
        except ValidationError as error:
            for field, problems in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Ansökan är inskickad. Du får besked via e-post."))
            return redirect("eid:application")
    return render(request, "eid/application.html", {"form": form, "latest": latest, "may_apply": may_apply})


@staff_required
def review_list(request):
    applications = OmbudApplication.objects.select_related("region", "decided_by").defer("document")
    return render(request, "eid/review_list.html", {"applications": applications})


@staff_required
def review(request, pk):
    found = get_object_or_404(OmbudApplication.objects.select_related("region").defer("document"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["message"]
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.application_approve(actor=request.user, application=found)
                messages.success(
                    request,
                    _("%(name)s är nu ombud för %(region)s.")
                    % {"name": f"{found.first_name} {found.last_name}", "region": found.region},
                )
            elif action == "completion":
                services.application_request_completion(actor=request.user, application=found, message=text)
                messages.success(request, _("Sökanden har ombetts att komplettera."))
            elif action == "reject":
                services.application_reject(actor=request.user, application=found, reason=text)
                messages.success(request, _("Ansökan är avslagen."))
            return redirect("ombud:review", pk=found.pk)
        except ValidationError as error:
            for problem in error.messages:
                form.add_error("message" if action != "approve" else None, problem)
    return render(request, "eid/review.html", {"application": found, "form": form})


@staff_required
def document(request, pk):
    found = get_object_or_404(OmbudApplication, pk=pk)
    response = HttpResponse(bytes(found.document), content_type=found.document_type)
    response["Content-Disposition"] = f'attachment; filename="{found.document_name}"'
    return response
