"""Staff pages for performance-based components: monthly matrix, operations and caps, runs and comparisons."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.exports import XLSX_CONTENT_TYPE
from grants.models import Component, GrantProgramme
from grants.permissions import staff_required
from regions.models import Region

from . import chart_data, exports, selectors
from .models import ExportFile
from .services import exports as export_service
from .tables import RunTable

PAGES = {
    Component.Rule.PERFORMANCE_POTS: (selectors.performance_matrix, "reporting/performance.html"),
    Component.Rule.OPERATION_TARIFF: (selectors.tariff_overview, "reporting/tariff.html"),
}


def _component(code: str, component: str) -> Component:
    found = get_object_or_404(Component.objects.select_related("programme"), programme__code=code, code=component)
    if found.rule not in PAGES:
        raise Http404(_("Delen fördelas inte efter månadsdata."))
    return found


@staff_required
def component_detail(request, code, component, number=None):
    component = _component(code, component)
    select, template = PAGES[component.rule]
    data = select(component.programme, component, number)
    if number is not None and data.run is None:
        raise Http404
    context = {"programme": component.programme, "component": component, "data": data}
    if component.rule == Component.Rule.OPERATION_TARIFF and data.computed:
        title = _("Intjänat mot maxtak per region, %(part)s") % {"part": component.name}
        context["chart"] = chart_data.earned_cap_chart(title, data.rows)
    return render(request, template, context)


@staff_required
def component_export(request, code, component, number):
    component = _component(code, component)
    run = component.programme.runs.filter(number=number).first()
    if run is None:
        raise Http404(_("Körningen finns inte."))
    if export_service.in_background(component, run):
        export = export_service.export_request(actor=request.user, component=component, number=number)
        return redirect("reporting:export_status", export.pk)
    content = export_service.component_workbook(component, number)
    if content is None:
        raise Http404(_("Delen är inte beräknad i den här körningen."))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_service.component_filename(component, number)}"'
    return response


def _own_export(request, pk: int) -> ExportFile:
    # Only the person who ordered a file sees it: it may hold what another case officer was given to see.
    return get_object_or_404(ExportFile.objects.defer("content"), pk=pk, requested_by=request.user)


@staff_required
def export_status(request, pk):
    return render(request, "reporting/export_status.html", {"export": _own_export(request, pk)})


@staff_required
def export_download(request, pk):
    export = get_object_or_404(ExportFile, pk=pk, requested_by=request.user, status=ExportFile.Status.READY)
    response = HttpResponse(bytes(export.content), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def _component_of_rule(code: str, component: str, rule: str) -> Component:
    found = _component(code, component)
    if found.rule != rule:
        raise Http404
    return found


@staff_required
def operations_followup(request, code, component):
    component = _component_of_rule(code, component, Component.Rule.OPERATION_TARIFF)
    followup = selectors.operations_followup(
        component.programme, component, region_code=request.GET.get("region", ""), area=request.GET.get("omrade", "")
    )
    charts = []
    for area in followup.shown_areas:
        row = followup.row_of(area)
        charts.append((area, chart_data.operations_chart(followup, area, row)))
        charts.append((area, chart_data.operations_year_chart(followup, area, row)))
    context = {"programme": component.programme, "component": component, "data": followup, "charts": charts}
    return render(request, "reporting/operations_followup.html", context)


@staff_required
def operations_followup_export(request, code, component):
    component = _component_of_rule(code, component, Component.Rule.OPERATION_TARIFF)
    followup = selectors.operations_followup(component.programme, component)
    response = HttpResponse(exports.operations_followup_workbook(followup), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{code}-{component.code}-uppfoljning.xlsx"'
    return response


@staff_required
def fulfilment(request, code, component):
    component = _component_of_rule(code, component, Component.Rule.PERFORMANCE_POTS)
    report = selectors.fulfilment_report(component.programme, component)
    region_code = request.GET.get("region", "")
    charts = []
    if report.computed:
        top_n = int(component.parameters.get("top_n", 5))
        for requirement in report.matrix.requirements:
            row = next((r for r in requirement.rows if r.region.code == region_code), None)
            if row is not None:
                threshold = selectors.top_threshold(report.matrix, requirement.code, top_n)
                charts.append(chart_data.rate_chart(report.matrix, requirement, row, threshold))
    regions = [row.region for row in report.matrix.requirements[0].rows] if report.computed else []
    context = {
        "programme": component.programme,
        "component": component,
        "report": report,
        "charts": charts,
        "regions": regions,
        "region_code": region_code,
    }
    return render(request, "reporting/fulfilment.html", context)


@staff_required
def fulfilment_export(request, code, component):
    component = _component_of_rule(code, component, Component.Rule.PERFORMANCE_POTS)
    report = selectors.fulfilment_report(component.programme, component)
    if not report.computed:
        raise Http404(_("Delen är inte beräknad."))
    response = HttpResponse(exports.fulfilment_workbook(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{code}-{component.code}-uppfyllnad.xlsx"'
    return response


@staff_required
def run_history(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    runs = selectors.runs_for_history(programme)
    context = {
        "programme": programme,
        "table": RunTable(runs, programme_code=code),
        "failed": [run for run in runs if run.status == "failed"],
        "example_data": any(run.example_inputs for run in runs),
    }
    return render(request, "reporting/run_history.html", context)


@staff_required
def run_compare(request, code, number):
    programme = get_object_or_404(GrantProgramme, code=code)
    against = request.GET.get("mot")
    comparison = selectors.run_comparison(programme, number, int(against) if against and against.isdigit() else None)
    if comparison is None:
        raise Http404
    return render(request, "reporting/run_compare.html", {"programme": programme, "comparison": comparison})


@staff_required
def region_monthly(request, region):
    region = get_object_or_404(Region, code=region)
    year = request.GET.get("ar", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year - 1
    data = selectors.region_monthly_data(region, year)
    return render(request, "reporting/region_monthly.html", {"data": data, "years": range(year - 2, year + 2)})
