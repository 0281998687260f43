"""Excel exports of allocations, request-free: rows in, workbook bytes out."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reporting.excel import (
    KRONOR_FORMAT,
    fit_widths,
    print_setup,
    programme_lines,
    sheet_title,
    title_block,
    workbook_bytes,
    write_table,
)

from . import l10n
from .models import AllocationLine, AllocationRun, Component

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bilaga_title(component: Component) -> str:
    amount = l10n.number(component.amount).replace("\u00a0", " ")
    if component.rule == Component.Rule.POPULATION_SHARE:
        when = l10n.date_text(date.fromisoformat(component.parameters["population_date"]))
        return _("Bilaga. Fördelning av %(amount)s kronor efter invånare per region (%(date)s).") % {
            "amount": amount,
            "date": when,
        }
    return _("Bilaga. Fördelning av %(amount)s kronor: %(name)s.") % {"amount": amount, "name": component.name}


def allocation_workbook(
    run: AllocationRun, lines: list[AllocationLine], *, printed_at: datetime | None = None
) -> bytes:
    """Return the run as the decision's bilaga: a sheet per component (Region, Befolkning, Fördelade medel, Summa)."""
    workbook = Workbook()
    about = programme_lines(run.programme, run)
    workbook.remove(workbook.active)
    taken: set[str] = set()
    by_component: dict[int, list[AllocationLine]] = {}
    for line in lines:
        by_component.setdefault(line.component_id, []).append(line)
    for component_lines in by_component.values():
        component = component_lines[0].component
        sheet = workbook.create_sheet(title=sheet_title(component.name, taken, fallback="Bilaga"))
        first = title_block(sheet, _bilaga_title(component), about, printed_at=printed_at)
        basis_label = _("Befolkning") if component.rule == Component.Rule.POPULATION_SHARE else _("Underlag")
        has_basis = any(line.basis is not None for line in component_lines)
        region, distributed = _("Region"), _("Fördelade medel")
        headers = [region, basis_label, distributed] if has_basis else [region, distributed]
        rows = [
            [line.region.short_name, line.basis, line.amount] if has_basis else [line.region.short_name, line.amount]
            for line in component_lines
        ]
        next_row = write_table(
            sheet, headers=headers, rows=rows, first_row=first, money_columns=range(2, len(headers) + 1)
        )
        sums = [_("Summa")]
        if has_basis:
            sums.append(sum(line.basis or 0 for line in component_lines))
        sums.append(sum(line.amount for line in component_lines))
        for col, value in enumerate(sums, start=1):
            cell = sheet.cell(row=next_row, column=col, value=value)
            cell.font = Font(bold=True)
            if col > 1:
                cell.number_format = KRONOR_FORMAT
        fit_widths(sheet, from_row=first)
        sheet.column_dimensions["A"].width = 24
        print_setup(sheet, header_row=first)
    if not workbook.worksheets:  # a workbook must have a sheet to be saved
        sheet = workbook.create_sheet("Bilaga")
        title_block(sheet, _("Bilaga"), [*about, _("Körningen har inga fördelade belopp.")], printed_at=printed_at)
        print_setup(sheet)
    return workbook_bytes(workbook)
