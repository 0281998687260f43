"""Excel exports of allocations, request-free: rows in, workbook bytes out."""

from datetime import date, datetime

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

from .allocation.formatting import format_date, format_int
from .models import AllocationLine, AllocationRun, Component

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bilaga_title(component: Component) -> str:
    amount = format_int(component.amount).replace("\u00a0", " ")
    if component.rule == Component.Rule.POPULATION_SHARE:
        when = format_date(date.fromisoformat(component.parameters["population_date"]))
        return f"Bilaga. Fördelning av {amount} kronor efter invånare per region ({when})."
    return f"Bilaga. Fördelning av {amount} kronor: {component.name}."


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
        basis_label = "Befolkning" if component.rule == Component.Rule.POPULATION_SHARE else "Underlag"
        has_basis = any(line.basis is not None for line in component_lines)
        headers = ["Region", basis_label, "Fördelade medel"] if has_basis else ["Region", "Fördelade medel"]
        rows = [
            [line.region.short_name, line.basis, line.amount] if has_basis else [line.region.short_name, line.amount]
            for line in component_lines
        ]
        next_row = write_table(
            sheet, headers=headers, rows=rows, first_row=first, money_columns=range(2, len(headers) + 1)
        )
        sums = ["Summa"]
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
        title_block(sheet, "Bilaga", [*about, "Körningen har inga fördelade belopp."], printed_at=printed_at)
        print_setup(sheet)
    return workbook_bytes(workbook)
