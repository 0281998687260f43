"""The deadline matrix and a region's calendar feed (signed link, no login, rotated by staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regions.models import Region

from ... import calendar, services
from ...deadlines import deadline_matrices, region_deadlines
from ...forms_office import ExtensionForm, MatrixFilterForm
from ...models import GrantProgramme, ReminderLog
from ...permissions import staff_required


@staff_required
def deadlines(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    matrix = deadline_matrices([programme])[programme.pk]
    regions = [row.region for row in matrix.rows]
    form = MatrixFilterForm(request.GET or None, regions=regions)
    matrix = filter_matrix(matrix, form.cleaned_data if form.is_valid() else {})
    reminders = ReminderLog.objects.filter(programme=programme).select_related("region")[:50]
    context = {
        "programme": programme,
        "matrix": matrix,
        "form": form,
        "reminders": reminders,
        "extension_form": ExtensionForm(regions=regions),
    }
    return render(request, "office/deadlines.html", context)


def filter_matrix(matrix, wanted: dict):
    """Keep the rows and columns the filter form asks for."""
    if wanted.get("kind"):
        keep = [c for c in matrix.columns if c.kind == wanted["kind"]]
        matrix.columns = keep
        for row in matrix.rows:
            row.cells = [cell for cell in row.cells if cell.column in keep]
    if wanted.get("region"):
        matrix.rows = [row for row in matrix.rows if row.region.code == wanted["region"]]
    if wanted.get("state"):
        matrix.rows = [row for row in matrix.rows if any(cell.state == wanted["state"] for cell in row.cells)]
    return matrix


@staff_required
def region_calendar_link(request, code):
    region = get_object_or_404(Region, code=code)
    if request.method == "POST":
        try:
            services.region_calendar_rotate(actor=request.user, region=region)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kalenderlänken är bytt. Den gamla länken fungerar inte längre."))
        return redirect("office:region_calendar_link", code=code)
    url = request.build_absolute_uri(reverse_calendar(region))
    return render(
        request, "office/calendar_link.html", {"region": region, "url": url, "deadlines": region_deadlines(region)}
    )


def reverse_calendar(region) -> str:
    return reverse("office:region_calendar", args=[calendar.calendar_token(region)])


def region_calendar(request, token):
    region = calendar.region_for_token(token)
    if region is None:
        raise Http404
    events = [
        {
            "uid": f"{programme.code}-{column.key}-{region.code}@statsbidrag.socialstyrelsen.se",
            "day": day,
            "summary": f"{column.label}: {programme.title}",
            "description": (
                _("Tidsfrist för %(region)s.") % {"region": region.name} + f" {programme.decision_reference}"
            ).strip(),
        }
        for programme, column, day in region_deadlines(region)
    ]
    name = _("Statsbidrag – %(region)s") % {"region": region.short_name}
    body = calendar.ical(name=name, events=events, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="tidsfrister-{region.code}.ics"'
    return response


@staff_required
@require_POST
def extension_grant(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    form = ExtensionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Ange region, slag, datum och skäl."))
        services.deadline_extension_grant(actor=request.user, programme=programme, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tidsfristen är förlängd för regionen."))
    return redirect("office:deadlines", code=code)
