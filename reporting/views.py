"""Staff pages for performance-based components: monthly matrix, operations and caps, runs and comparisons."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from grants.exports import XLSX_CONTENT_TYPE
from grants.models import Component, GrantProgramme
from grants.permissions import staff_required
from regions.models import Region

from . import exports, selectors
from .tables import RunTable

PAGES = {
    Component.Rule.PERFORMANCE_POTS: (selectors.performance_matrix, "reporting/performance.html"),
    Component.Rule.OPERATION_TARIFF: (selectors.tariff_overview, "reporting/tariff.html"),
}
WORKBOOKS = {
    Component.Rule.PERFORMANCE_POTS: exports.performance_workbook,
    Component.Rule.OPERATION_TARIFF: exports.tariff_workbook,
}


def _component(code: str, component: str) -> Component:
    found = get_object_or_404(Component.objects.select_related("programme"), programme__code=code, code=component)
    if found.rule not in PAGES:
        raise Http404("Delen fördelas inte efter månadsdata.")
    return found


@staff_required
def component_detail(request, code, component, number=None):
    component = _component(code, component)
    select, template = PAGES[component.rule]
    data = select(component.programme, component, number)
    if number is not None and data.run is None:
        raise Http404
    return render(request, template, {"programme": component.programme, "component": component, "data": data})


@staff_required
def component_export(request, code, component, number):
    component = _component(code, component)
    select, _ = PAGES[component.rule]
    data = select(component.programme, component, number)
    if data.run is None or not data.computed:
        raise Http404("Delen är inte beräknad i den här körningen.")
    response = HttpResponse(WORKBOOKS[component.rule](data), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{code}-{component.code}-korning-{number}.xlsx"'
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
