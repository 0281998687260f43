"""Change history pages: a programme with its parts, a region's monthly data."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from regions.models import Region
from reporting.models import MonthlyValue

from ... import history
from ...models import (
    Component,
    Deadline,
    DeadlineExtension,
    GrantProgramme,
)
from ...permissions import staff_required
from .common import history_subject


@staff_required
def programme_history(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    records = [
        *GrantProgramme.history.filter(id=programme.pk).select_related("history_user"),
        *Component.history.filter(programme_id=programme.pk).select_related("history_user"),
        *Deadline.history.filter(programme_id=programme.pk).select_related("history_user"),
        *DeadlineExtension.history.filter(programme_id=programme.pk).select_related("history_user"),
    ]
    context = {
        "title": _("Ändringshistorik – %(programme)s") % {"programme": programme.title},
        "entries": history.history_entries(records, subject=history_subject),
        "programme": programme,
        "runs": programme.runs.select_related("created_by").order_by("-number"),
    }
    return render(request, "office/history.html", context)


@staff_required
def monthly_history(request, code):
    region = get_object_or_404(Region, code=code)
    records = (
        MonthlyValue.history.filter(region_id=region.pk).select_related("history_user").order_by("-history_date")[:500]
    )
    entries = history.history_entries(
        records,
        subject=lambda r: (
            f"{r.get_indicator_display()} {r.year}-{r.month:02d}{' ' + r.provider if r.provider else ''}"
        ),
    )
    title = _("Månadsdata – ändringar för %(region)s") % {"region": region.name}
    return render(request, "office/history.html", {"title": title, "entries": entries})
