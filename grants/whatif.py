"""What-if for staff: a draft against the published programme or another draft, computed without storing anything.

The engine (`allocation.whatif`) does the arithmetic; this module gathers both versions' parts and one set of inputs
that covers both, and writes the comparison as a workbook.
"""

from datetime import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reporting.excel import (
    KRONOR_FORMAT,
    fit_widths,
    print_setup,
    programme_lines,
    title_block,
    workbook_bytes,
    write_table,
)

from .allocation.whatif import ORDER_TEXT, Comparison, compare
from .models import GrantProgramme
from .selectors import component_specs, engine_inputs


def programmes_to_compare_with(programme: GrantProgramme):
    """Return the programmes a draft can be compared with: every other draft or published programme."""
    return (
        GrantProgramme.objects.exclude(pk=programme.pk)
        .exclude(status=GrantProgramme.Status.CLOSED)
        .order_by("-budget_year", "title")
    )


def whatif_comparison(old: GrantProgramme, new: GrantProgramme) -> Comparison:
    """Return old against new, region by region, with the difference attributed; parts lacking data are named."""
    old_specs = component_specs(list(old.components.select_related("programme").order_by("position", "code")))
    new_specs = component_specs(list(new.components.select_related("programme").order_by("position", "code")))
    inputs = engine_inputs(new, old_specs + new_specs)
    return compare(old_specs, new_specs, inputs)


def whatif_workbook(
    old: GrantProgramme, new: GrantProgramme, comparison: Comparison, *, printed_at: datetime | None = None
) -> bytes:
    """Return the comparison as a workbook: one sheet per region, one per part, with the order of attribution."""
    workbook = Workbook()
    about = [
        _("Jämförelse: %(new)s (%(new_status)s) mot %(old)s (%(old_status)s)")
        % {
            "new": new.title,
            "new_status": new.get_status_display().lower(),
            "old": old.title,
            "old_status": old.get_status_display().lower(),
        },
        *programme_lines(new)[1:],
        ORDER_TEXT,
    ]
    headers = [_("Region"), _("Före"), _("Efter"), _("Skillnad"), _("Av underlag"), _("Av parametrar"), _("Av regler")]
    sheets = (
        ("Per region", _("Vad händer om – per region"), comparison.regions),
        ("Per del", _("Vad händer om – per del"), comparison.components),
    )
    for index, (title, heading, changes) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title  # sheet names stay as they are: users' macros refer to them
        first = title_block(sheet, heading, about, printed_at=printed_at)
        rows = [[c.name, c.old, c.new, c.difference, c.data, c.parameters, c.rules] for c in changes]
        next_row = write_table(
            sheet,
            headers=[_("Del"), *headers[1:]] if index else headers,
            rows=rows,
            first_row=first,
            money_columns=range(2, 8),
        )
        total = comparison.total
        for col, value in enumerate(
            [_("Summa"), total.old, total.new, total.difference, total.data, total.parameters, total.rules], start=1
        ):
            cell = sheet.cell(row=next_row, column=col, value=value)
            cell.font = Font(bold=True)
            if col > 1:
                cell.number_format = KRONOR_FORMAT
        for offset, note in enumerate([*comparison.notes, *_missing(comparison)], start=2):
            sheet.cell(row=next_row + offset, column=1, value=note)
        fit_widths(sheet, from_row=first)
        sheet.column_dimensions["A"].width = 30
        print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)


def _missing(comparison: Comparison) -> list[str]:
    return [_("Ingår inte, underlag saknas: %(gap)s") % {"gap": gap} for gap in comparison.missing]
