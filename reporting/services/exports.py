"""Large Excel exports built by a task: requested from a page, built in the background, downloaded when ready.

A page's export is built during the request while it is small; above EXPORT_IN_BACKGROUND_CELLS (regions × months
× columns) it would hold a web worker for many seconds, so it is ordered instead and built by the worker.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from grants.models import AllocationLine, Component

from .. import exports, selectors
from ..models import ExportFile

logger = logging.getLogger(__name__)

BUILDERS = {
    Component.Rule.PERFORMANCE_POTS: (selectors.performance_matrix, exports.performance_workbook),
    Component.Rule.OPERATION_TARIFF: (selectors.tariff_overview, exports.tariff_workbook),
}
# Columns per region and month in each export (value, last year's value, standing; operations per kind).
COLUMNS_PER_MONTH = {Component.Rule.PERFORMANCE_POTS: 3, Component.Rule.OPERATION_TARIFF: 3}


def component_export_cells(component: Component, run) -> int:
    """Return about how many cells the part's export of the run holds, from one count of its lines."""
    lines = AllocationLine.objects.filter(run=run, component=component).count()
    months = len(component.parameters.get("months", ())) or 12
    sheets = len(component.parameters.get("requirements", ())) or 1
    return lines * months * COLUMNS_PER_MONTH.get(component.rule, 3) * sheets


def in_background(component: Component, run) -> bool:
    return component_export_cells(component, run) > settings.EXPORT_IN_BACKGROUND_CELLS


def component_workbook(component: Component, number: int) -> bytes | None:
    """Return the part's export of run `number`, or None when the part is not computed in that run."""
    select, workbook = BUILDERS[component.rule]
    data = select(component.programme, component, number)
    if data.run is None or not data.computed:
        return None
    return workbook(data)


def component_filename(component: Component, number: int) -> str:
    return f"{component.programme.code}-{component.code}-korning-{number}.xlsx"


@transaction.atomic
def export_request(*, actor, component: Component, number: int) -> ExportFile:
    """Order the part's export of run `number`; the worker builds it after commit."""
    from ..tasks import export_build

    export = ExportFile.objects.create(
        requested_by=actor,
        title=f"{component.programme.title}: {component.name}, körning {number}",  # i18n: stored
        filename=component_filename(component, number),
        # The worker has no request: the file is written in the language of the page it was ordered from.
        params={"component": component.pk, "run": number, "language": translation.get_language()},
    )
    transaction.on_commit(partial(export_build.delay, export.pk), robust=True)
    return export


def export_build(*, export_id: int) -> ExportFile | None:
    """Build an ordered export; safe to run twice (a finished one is left as it is)."""
    export = ExportFile.objects.filter(pk=export_id).first()
    if export is None or export.status != ExportFile.Status.PENDING:
        return export
    component = Component.objects.select_related("programme").get(pk=export.params["component"])
    try:
        with translation.override(export.params.get("language") or settings.LANGUAGE_CODE):
            content = component_workbook(component, int(export.params["run"]))
    except Exception:
        logger.exception("Export %s could not be built.", export_id)
        content = None
    if content is None:
        export.status = ExportFile.Status.FAILED
        export.error = (
            "Filen kunde inte skapas. Försök igen från sidan, "  # i18n: stored
            "eller kontakta förvaltningen om felet står kvar."  # i18n: stored
        )
    else:
        export.status, export.content = ExportFile.Status.READY, content
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "content", "error", "finished_at"])
    return export
