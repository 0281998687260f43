"""Excel exports of the performance pages, request-free: the page's data in, workbook bytes out."""

from fractions import Fraction

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from grants.allocation.formatting import format_decimal_places, format_month

from .excel import KRONOR_FORMAT, fit_widths, safe_text, workbook_bytes, write_table
from .screens import STATUS_BADGES, PerformanceMatrix, TariffOverview

EXACT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0###"
EXAMPLE_NOTE = "Exempeldata: värdena är genererade för demonstration och är inte officiell statistik."


def _exact(value: Fraction | None) -> float | None:
    # Exact shares are shown as decimals in Excel; the krona amounts beside them are the rounded integers.
    return None if value is None else round(float(value), 2)


def _kr_text(value: Fraction) -> str:
    return format_decimal_places(value, 2).replace("\u00a0", " ") + " kr"


def _run_note(run) -> str:
    note = f"Körning {run.number}, {timezone.localtime(run.created_at):%Y-%m-%d %H:%M}."
    return note + (" Preliminär ställning." if run.provisional else "")


def _heading(sheet, text: str, notes: list[str]) -> int:
    sheet.cell(row=1, column=1, value=safe_text(text)).font = Font(bold=True)
    for row, note in enumerate(notes, start=2):
        sheet.cell(row=row, column=1, value=safe_text(note))
    return len(notes) + 3


def _format_column(sheet, column: int, first_row: int, number_format: str) -> None:
    for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
        if isinstance(cell.value, int | float):
            cell.number_format = number_format


def performance_workbook(matrix: PerformanceMatrix) -> bytes:
    """Return the matrix: a sheet per requirement (value, 2023 value, standing per month) and a totals sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    run = matrix.run
    notes = [_run_note(run)]
    if matrix.example_data:
        notes.append(EXAMPLE_NOTE)
    for requirement in matrix.requirements:
        sheet = workbook.create_sheet(title=requirement.code[:31])
        first = _heading(sheet, f"{requirement.name} {matrix.year}", notes)
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
        fit_widths(sheet, maximum=30)
    sheet = workbook.create_sheet(title="Summa per region")
    first = _heading(
        sheet,
        f"{matrix.component.name}: kvalificerat, andel av bonuspotten och summa",
        [
            *notes,
            f"Bonuspott: {_kr_text(matrix.bonus)}; kvalificerat för alla regioner: {_kr_text(matrix.qualified_total)};"
            f" månader utan data ännu: {_kr_text(matrix.pending)}.",
        ],
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
    sheet.cell(row=next_row, column=1, value="Summa").font = Font(bold=True)
    total = sheet.cell(row=next_row, column=4, value=matrix.amount_total)
    total.font, total.number_format = Font(bold=True), KRONOR_FORMAT
    fit_widths(sheet)
    return workbook_bytes(workbook)


def tariff_workbook(overview: TariffOverview) -> bytes:
    """Return operations by kind and provider, earned, cap, paid, remainder share and the top-five lists."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Operationer och tak"
    run = overview.run
    notes = [_run_note(run)]
    if overview.example_data or overview.population_is_example:
        notes.append(EXAMPLE_NOTE)
    if overview.population_missing:
        notes.append(
            f"Befolkning {overview.ranking_date:%Y-%m-%d} saknas för {len(overview.population_missing)} regioner;"
            " rangordningen per invånare görs inte förrän den är inläst."
        )
    period = f"{format_month(overview.months[0])}–{format_month(overview.months[-1])} {overview.year}"
    first = _heading(sheet, f"{overview.component.name}: operationer {period}", notes)
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
        cell = sheet.cell(row=next_row, column=column, value=value)
        cell.font = Font(bold=True)
        if isinstance(value, int) and column > 1:
            cell.number_format = KRONOR_FORMAT
    fit_widths(sheet, maximum=28)
    if overview.top_lists:
        tops = workbook.create_sheet(title="Topplistor")
        row_number = _heading(tops, "Kvarstående medel: topp 5 per invånare", notes)
        for top in overview.top_lists:
            tops.cell(row=row_number, column=1, value=f"{top.name}: pott {_kr_text(top.pot)}").font = Font(bold=True)
            row_number = (
                write_table(
                    tops,
                    headers=["Region", "Operationer per 100 000 invånare", "Andel av potten (kr)"],
                    rows=[
                        [region.short_name, round(float(rate), 1), _exact(share)]
                        for region, rate, share in top.regions
                    ],
                    first_row=row_number + 1,
                )
                + 1
            )
        tops.freeze_panes = None
        fit_widths(tops)
    return workbook_bytes(workbook)
