"""Staff pages for programmes and their allocations. Views adapt: check, call a service or selector, render."""

import functools

from django.contrib import messages
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from regions.imports import parse_population_file
from regions.models import Region
from regions.xlsx import capped
from reporting.freshness import freshness
from reporting.models import Indicator

from .. import l10n, selectors, services
from ..definitions import DefinitionError
from ..exports import XLSX_CONTENT_TYPE, allocation_workbook
from ..forms import DefinitionUploadForm, PopulationImportForm
from ..models import Component, Deadline, GrantProgramme
from ..permissions import staff_required
from ..tables import ProgrammeTable
from .authoring import load_summary


@staff_required
def programme_list(request):
    table = ProgrammeTable(selectors.programmes_for_list())
    return render(request, "grants/programme_list.html", {"table": table})


@staff_required
def programme_detail(request, code, number=None):
    programme = get_object_or_404(
        GrantProgramme.objects.prefetch_related("deadlines", "measures", "components"), code=code
    )
    run = selectors.run_for_page(programme, number, explanations=lambda run: not _tables_rendered(run))
    if number is not None and run is None:
        raise Http404
    context = {"programme": programme, "run": run, "sections": selectors.allocation_sections(run)}
    if context["sections"]:
        from reporting.chart_data import allocation_chart

        title = _("Fördelning per region och del, körning %(number)s") % {"number": run.number}
        # Built only when the template's cached fragment is missing (the template calls it, at most once).
        context["allocation_chart"] = functools.cache(lambda: allocation_chart(title, context["sections"]))
    context["recent_runs"] = selectors.recent_runs(programme)
    context["versions"] = list(programme.versions.select_related("created_by")[:10])
    codes = programme.recipient_codes()
    context["recipients"] = (
        list(Region.objects.filter(code__in=codes).values_list("short_name", flat=True)) if codes else []
    )
    context["freshness"] = freshness(programme)
    return render(request, "grants/programme_detail.html", context)


def _tables_rendered(run) -> bool:
    """Return whether the run's tables are in the template's fragment cache (see programme_detail.html).

    The fragment is cached per language.
    """
    vary_on = [run.pk, run.status, translation.get_language() or "sv"]
    return caches["runs"].get(make_template_fragment_key("allocation_sections", vary_on)) is not None


@staff_required
@require_POST
def allocation_compute(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    try:
        run = services.allocation_run_create(programme=programme, actor=request.user, force=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grants:programme_detail", code=code)
    if run.status == run.Status.FAILED:
        messages.error(request, _("Fördelningen kunde inte beräknas. %(error)s") % {"error": run.error})
    else:
        messages.success(request, _("Fördelningen är beräknad (körning %(number)s).") % {"number": run.number})
    return redirect("grants:run_detail", code=code, number=run.number)


@staff_required
def allocation_export(request, code, number):
    programme = get_object_or_404(GrantProgramme, code=code)
    run = selectors.run_for_page(programme, number)
    if run is None or run.status != run.Status.SUCCEEDED:
        raise Http404
    response = HttpResponse(allocation_workbook(run, list(run.lines.all())), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{code}-korning-{number}-bilaga.xlsx"'
    return response


@staff_required
def population_import(request):
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            figures = parse_population_file(upload.read(), upload.name)
            summary = services.population_import(
                actor=request.user,
                reference_date=form.cleaned_data["reference_date"],
                figures=figures,
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:  # the file's faults come already capped at the first hundred
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _("Befolkningen är sparad: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade.")
                % {
                    "created": l10n.number(summary.created),
                    "updated": l10n.number(summary.updated),
                    "unchanged": l10n.number(summary.unchanged),
                },
            )
            left_out = sorted(r.short_name for r in Region.objects.exclude(pk__in=[r.pk for r in figures]))
            if left_out:
                messages.warning(
                    request,
                    ngettext(
                        "Filen saknar %(count)s region: %(regions)s. Det räcker om den inte får något statsbidrag "
                        "som läser befolkningen per detta datum; annars anger fördelningen vad som saknas.",
                        "Filen saknar %(count)s regioner: %(regions)s. Det räcker om de inte får något statsbidrag "
                        "som läser befolkningen per detta datum; annars anger fördelningen vad som saknas.",
                        len(left_out),
                    )
                    % {"count": len(left_out), "regions": ", ".join(left_out)},
                )
            return redirect("grants:programme_list")
    return render(request, "grants/population_import.html", {"form": form})


@staff_required
def definition_upload(request):
    form = DefinitionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, text = form.cleaned_data["file"]
        try:
            report = services.programme_load_definition(
                actor=request.user, text=text, filename=filename, reason=form.cleaned_data["reason"]
            )
        except (DefinitionError, ValidationError) as error:
            for message in capped(error.messages):
                form.add_error("file", message)
        else:
            if report.programme.is_draft:
                text = _("Definitionen av %(programme)s är inläst som utkast (%(summary)s).")
            else:
                text = _("Definitionen av %(programme)s är inläst (%(summary)s).")
            messages.success(request, text % {"programme": report.programme.title, "summary": load_summary(report)})
            return redirect("grants:programme_detail", code=report.programme.code)
    return render(request, "grants/definition_upload.html", {"form": form})


@staff_required
def definition_help(request):
    context = {
        "deadline_kinds": Deadline.Kind.choices,
        "rules": Component.Rule.choices,
        "rounding_methods": Component.RoundingMethod.choices,
        "indicators": Indicator.choices,
    }
    return render(request, "grants/definition_help.html", context)
