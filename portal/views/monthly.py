"""Monthly data delivery: per month in a form, or many months and regions in one Excel file."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants.dates import month_name
from reporting import services
from reporting.delivery import delivery_slots, months_asked
from reporting.services import MonthlyEntry
from reporting.uploads import monthly_template

from .. import selectors
from ..access import DATA_ROLES, portal_view
from ..forms import MonthlyValuesForm, UploadForm
from .common import add_service_errors, programme_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _slots_or_404(programme):
    slots = delivery_slots(programme)
    if not slots:
        raise Http404
    return slots


@portal_view(roles=DATA_ROLES)
def monthly_overview(request, region, programme_code):
    programme = programme_or_404(programme_code, "components", region=region)
    slots = _slots_or_404(programme)
    context = {
        "region": region,
        "programme": programme,
        "slots": slots,
        "months": selectors.monthly_status(region, slots, months_asked(slots)),
        "upload_form": UploadForm(),
    }
    return render(request, "portal/monthly_overview.html", context)


@portal_view(roles=DATA_ROLES)
def monthly_month(request, region, programme_code, year, month):
    programme = programme_or_404(programme_code, "components", region=region)
    slots = _slots_or_404(programme)
    if (year, month) not in months_asked(slots):
        raise Http404
    existing = selectors.monthly_values_for_month(region, slots, year, month)
    form = MonthlyValuesForm(request.POST or None, slots=slots, year=year, month=month, existing=existing)
    if request.method == "POST" and form.is_valid():
        entries = [
            MonthlyEntry(
                region=region, indicator=indicator, year=year, month=month, provider=provider, value=Decimal(value)
            )
            for indicator, provider, value in form.values()
        ]
        try:
            summary = services.monthly_values_record(
                actor=request.user, entries=entries, organisation=request.membership.organisation
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Värdena för %(month)s %(year)s är sparade: %(created)s nya, %(updated)s ändrade.")
                % {"month": month_name(month), "year": year, "created": summary.created, "updated": summary.updated},
            )
            return redirect("portal:monthly_overview", region_code=region.code, programme_code=programme.code)
    context = {"region": region, "programme": programme, "form": form, "year": year, "month_label": month_name(month)}
    return render(request, "portal/monthly_month.html", context)


@portal_view(roles=DATA_ROLES)
def monthly_template_download(request, programme_code):
    programme = programme_or_404(programme_code, "components")
    slots = _slots_or_404(programme)
    regions, existing = selectors.template_rows(request.user, slots)
    title = _("Månadsdata: %(programme)s %(year)s") % {"programme": programme.title, "year": programme.budget_year}
    content = monthly_template(slots=slots, regions=regions, existing=existing, title=title)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="manadsdata-{programme.code}.xlsx"'
    return response


@portal_view(roles=DATA_ROLES)
def monthly_upload(request, programme_code):
    programme = programme_or_404(programme_code, "components")
    _slots_or_404(programme)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved, summary = services.data_upload_record(
                actor=request.user, programme=programme, filename=upload.name, content=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _(
                    "Filen %(file)s är inläst: %(created)s nya värden, %(updated)s ändrade och "
                    "%(unchanged)s oförändrade."
                )
                % {
                    "file": saved.filename,
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                },
            )
            return redirect("portal:monthly_upload", programme_code=programme.code)
    context = {
        "programme": programme,
        "form": form,
        "membership": request.membership,
        "regions": selectors.regions_for_chooser(request.user),
    }
    return render(request, "portal/monthly_upload.html", context)
