"""Excel exports of the performance pages, request-free: the page's data in, workbook bytes out."""

from datetime import datetime
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from grants.allocation.formatting import format_date, format_decimal_places, format_month

from .excel import (
    EXACT_FORMAT,
    KRONOR_FORMAT,
    fit_widths,
    print_setup,
    programme_lines,
    sheet_title,
    title_block,
    workbook_bytes,
    write,
    write_table,
)
from .screens import STATUS_BADGES, PerformanceMatrix, TariffOverview

RATE_FORMAT = "0.0###"
PER_CAPITA_FORMAT = "#,##0.0"
EXAMPLE_NOTE = "Exempeldata: värdena är genererade för demonstration och är inte officiell statistik."


def _exact(value: Fraction | None) -> float | None:
    # Exact shares are shown as decimals in Excel; the krona amounts beside them are the rounded integers.
    return None if value is None else round(float(value), 2)


def _kr_text(value: Fraction) -> str:
    return format_decimal_places(value, 2).replace("\u00a0", " ") + " kr"


def _about(screen, example: bool) -> list[str]:
    lines = [*programme_lines(screen.programme, screen.run), f"Del: {screen.component.name}"]
    return lines + ([EXAMPLE_NOTE] if example else [])


def _requirement_sheet_name(name: str, taken: set[str]) -> str:
    # "Överbeläggningar per 100 disponibla vårdplatser" names its sheet "Överbeläggningar": the measure, not the
    # unit, which the sheet's heading gives in full.
    return sheet_title(name.split(" per ")[0], taken, fallback="Krav")


def _format_column(sheet, column: int, first_row: int, number_format: str) -> None:
    for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
        if isinstance(cell.value, int | float):
            cell.number_format = number_format


def performance_workbook(matrix: PerformanceMatrix, *, printed_at: datetime | None = None) -> bytes:
    """Return the matrix: a sheet per requirement (value, 2023 value, standing per month) and a totals sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    notes = _about(matrix, matrix.example_data)
    taken = {"summa per region"}
    for requirement in matrix.requirements:
        sheet = workbook.create_sheet(title=_requirement_sheet_name(requirement.name, taken))
        first = title_block(sheet, f"{requirement.name} {matrix.year}", notes, printed_at=printed_at)
        headers = ["Region", "Reserverat per månad (kr)"]
        for month in matrix.months:
            label = format_month(month)
            headers += [f"{label} {matrix.year}", f"{label} {matrix.baseline_year}", f"{label} ställning"]
        headers += ["Kvalificerade månader", "Kvalificerat (kr)"]
        rows = []
        for row in requirement.rows:
            values = [row.region.short_name, _exact(row.reserved)]
            for cell in row.cells:
                values += [
                    None if cell.value is None else float(cell.value),
                    None if cell.baseline is None else float(cell.baseline),
                    STATUS_BADGES[cell.status][1],
                ]
            values += [row.qualified_months, _exact(row.qualified)]
            rows.append(values)
        write_table(sheet, headers=headers, rows=rows, first_row=first)
        _format_column(sheet, 2, first + 1, EXACT_FORMAT)
        for offset in range(len(matrix.months)):
            _format_column(sheet, 3 + 3 * offset, first + 1, RATE_FORMAT)
            _format_column(sheet, 4 + 3 * offset, first + 1, RATE_FORMAT)
        _format_column(sheet, len(headers), first + 1, EXACT_FORMAT)
        _matrix_widths(sheet, len(matrix.months), first)
        print_setup(sheet, header_row=first, repeat_first_column=True, landscape=True)
    sheet = workbook.create_sheet(title="Summa per region")
    first = title_block(
        sheet,
        f"{matrix.component.name}: kvalificerat, andel av bonuspotten och summa",
        [
            *notes,
            f"Bonuspott: {_kr_text(matrix.bonus)}; kvalificerat för alla regioner: {_kr_text(matrix.qualified_total)};"
            f" månader utan data ännu: {_kr_text(matrix.pending)}.",
        ],
        printed_at=printed_at,
    )
    rows = [[t.region.short_name, _exact(t.qualified), _exact(t.bonus_share), t.amount] for t in matrix.totals]
    next_row = write_table(
        sheet,
        headers=["Region", "Kvalificerat (kr)", "Andel av bonuspotten (kr)", "Summa (kr)"],
        rows=rows,
        first_row=first,
        money_columns=[4],
    )
    _format_column(sheet, 2, first + 1, EXACT_FORMAT)
    _format_column(sheet, 3, first + 1, EXACT_FORMAT)
    write(sheet, next_row, 1, "Summa").font = Font(bold=True)
    total = write(sheet, next_row, 4, matrix.amount_total)
    total.font, total.number_format = Font(bold=True), KRONOR_FORMAT
    fit_widths(sheet, from_row=first)
    print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)


def _matrix_widths(sheet, months: int, header_row: int) -> None:
    # Narrow value columns under wrapped headers, so that a year of months prints across one landscape page.
    widths = [14, 13] + [7, 7, 12] * months + [11, 13]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[header_row].height = 45


def tariff_workbook(overview: TariffOverview, *, printed_at: datetime | None = None) -> bytes:
    """Return operations by kind and provider, earned, cap, paid, remainder share and the top-five lists."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Operationer och tak"
    notes = _about(overview, overview.example_data or overview.population_is_example)
    if overview.population_missing:
        notes.append(
            f"Befolkning {format_date(overview.ranking_date)} saknas för {len(overview.population_missing)} "
            "regioner; rangordningen per invånare görs inte förrän den är inläst."
        )
    period = f"{format_month(overview.months[0])}–{format_month(overview.months[-1])} {overview.year}"
    first = title_block(sheet, f"{overview.component.name}: operationer {period}", notes, printed_at=printed_at)
    headers = ["Region"]
    for _kind, name, _tariff in overview.kinds:
        headers += [f"{name}: {label.lower()}" for _, label in overview.providers]
    headers += [
        "Intjänat (kr)",
        "Maxtak (kr)",
        "Ersättning upp till taket (kr)",
        "Andel av kvarstående (kr)",
        "Summa (kr)",
    ]
    rows = [
        [
            row.region.short_name,
            *[count for _, _, count in row.cells],
            row.earned,
            row.cap,
            row.paid,
            _exact(row.remainder),
            row.amount,
        ]
        for row in overview.rows
    ]
    money = range(len(headers) - 4, len(headers) + 1)
    next_row = write_table(
        sheet,
        headers=headers,
        rows=rows,
        first_row=first,
        money_columns=money,
        number_columns=range(2, len(headers) - 4),
    )
    _format_column(sheet, len(headers) - 1, first + 1, EXACT_FORMAT)
    totals = overview.totals
    sums = [
        "Summa",
        *overview.operation_totals,
        totals["earned"],
        totals["cap"],
        totals["paid"],
        _exact(totals["remainder"]),
        totals["amount"],
    ]
    for column, value in enumerate(sums, start=1):
        cell = write(sheet, next_row, column, value)
        cell.font = Font(bold=True)
        if isinstance(value, int) and column > 1:
            cell.number_format = KRONOR_FORMAT
    _format_column(sheet, len(headers) - 1, next_row, EXACT_FORMAT)
    fit_widths(sheet, maximum=28, from_row=first + 1)
    sheet.row_dimensions[first].height = 45
    print_setup(sheet, header_row=first, repeat_first_column=True)
    if overview.top_lists:
        tops = workbook.create_sheet(title="Topplistor")
        top_first = row_number = title_block(
            tops, "Kvarstående medel: topp 5 per invånare", notes, printed_at=printed_at
        )
        for top in overview.top_lists:
            write(tops, row_number, 1, f"{top.name}: pott {_kr_text(top.pot)}").font = Font(bold=True)
            header_row = row_number + 1
            row_number = (
                write_table(
                    tops,
                    headers=["Region", "Operationer per 100 000 invånare", "Andel av potten (kr)"],
                    rows=[
                        [region.short_name, round(float(rate), 1), _exact(share)]
                        for region, rate, share in top.regions
                    ],
                    first_row=header_row,
                )
                + 1
            )
            _format_column(tops, 2, header_row + 1, PER_CAPITA_FORMAT)
            _format_column(tops, 3, header_row + 1, EXACT_FORMAT)
        fit_widths(tops, from_row=top_first)
        print_setup(tops)
        tops.freeze_panes = None  # several lists, one below the other: nothing to hold in place
    return workbook_bytes(workbook)
