"""Shared helpers for Excel exports, request-free: safe cells, the title block every export starts with, a page
setup for printing, header styling, widths, bytes out.

Every sheet a person may print gets `title_block` (what it is, for which decision, when it was printed) and
`print_setup` (A4, fit to the page width, the header row repeated on every page, page numbers in the footer).
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from grants import l10n

KRONOR_FORMAT = "#,##0"  # Excel shows the user's locale separators: 1 997 500 000 in Swedish Excel
EXACT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"  # the Swedish standard form (SS-ISO 8601), as Swedish Excel shows a date
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31
WIDE_COLUMNS = 6  # a sheet with more columns than this is printed landscape


def set_value(cell: Cell, value) -> Cell:
    """Put a value in a cell: text that Excel would read as a formula stays text, shown as typed.

    The cell is marked as a string with Excel's quote prefix (the hidden apostrophe a person gets by typing one),
    so nothing is added to the text. Aware datetimes are written in Swedish local time, dates with a date format.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write a value to a cell with `set_value` and return the cell."""
    return set_value(sheet.cell(row=row, column=column), value)


def local_moment(moment: datetime) -> str:
    """Return a moment as "1 december 2026 kl. 14:30" in Swedish local time (in English "1 December 2026, 14:30")."""
    return l10n.datetime_text(moment)


def programme_lines(programme, run=None) -> list[str]:
    """Return the lines naming a programme, its decision and (when given) the run a sheet shows."""
    lines = [_("Statsbidrag: %(title)s %(year)s") % {"title": programme.title, "year": programme.budget_year}]
    if programme.decision_reference:
        lines.append(_("Beslut: %(reference)s") % {"reference": programme.decision_reference})
    if run is not None:
        values = {"number": run.number, "moment": local_moment(run.created_at)}
        if run.provisional:
            lines.append(_("Fördelningskörning %(number)s, %(moment)s. Preliminär ställning.") % values)
        else:
            lines.append(_("Fördelningskörning %(number)s, %(moment)s.") % values)
    return lines


def printed_line(printed_at: datetime | None = None) -> str:
    """Return "Utskrivet 1 december 2026 kl. 14:30", the last line of a title block."""
    return _("Utskrivet %(moment)s") % {"moment": local_moment(printed_at or timezone.now())}


def title_block(
    sheet: Worksheet, heading: str, lines: Iterable[str] = (), *, printed_at: datetime | None = None
) -> int:
    """Write the heading, the lines and "Utskrivet <date> kl. <time>" from row 1; return the first row after a gap."""
    write(sheet, 1, 1, heading).font = Font(bold=True, size=13)
    row = 2
    for line in lines:
        write(sheet, row, 1, line)
        row += 1
    write(sheet, row, 1, printed_line(printed_at))
    return row + 2


def print_setup(
    sheet: Worksheet,
    *,
    header_row: int | None = None,
    repeat_first_column: bool = False,
    landscape: bool | None = None,
) -> None:
    """Set the sheet up for printing on A4: landscape when wide, one page wide, header row on every page.

    With `repeat_first_column` the first column (the region) is also repeated and frozen with the header.
    """
    if landscape is None:
        landscape = sheet.max_column > WIDE_COLUMNS
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # a write-only sheet lacks the constants
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.print_options.gridLines = True
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = _("Sida &P av &N")  # &P and &N: Excel's page number and page count
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.freeze_panes = f"{'B' if repeat_first_column else 'A'}{header_row + 1}"
    if repeat_first_column:
        sheet.print_title_cols = "A:A"


def sheet_title(name: str, taken: set[str], fallback: str = "Blad") -> str:
    """Return a sheet name Excel accepts (no : / ? * [ ] \\, at most 31 characters), unique in the workbook.

    `taken` holds the lower-cased titles already used (Excel compares them without case) and gets the new one.
    Excel also refuses a name that begins or ends with an apostrophe.
    """
    base = " ".join(INVALID_TITLE.sub(" ", name).split())[:MAX_TITLE].strip(" '") or fallback
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: MAX_TITLE - len(suffix)].rstrip() + suffix, number + 1
    taken.add(title.lower())
    return title


def write_table(
    sheet: Worksheet,
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    first_row: int = 1,
    money_columns: Iterable[int] = (),
    number_columns: Iterable[int] = (),
) -> int:
    """Write a header row and data rows from first_row; freeze below the header; return the next free row."""
    bold = Font(bold=True)
    for col, header in enumerate(headers, start=1):
        cell = write(sheet, first_row, col, header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    formatted = set(money_columns) | set(number_columns)
    row_number = first_row
    for row_number, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row, start=1):
            cell = write(sheet, row_number, col, value)
            if col in formatted and isinstance(value, int):
                cell.number_format = KRONOR_FORMAT
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    return row_number + 1


def fit_widths(sheet: Worksheet, minimum: int = 10, maximum: int = 60, *, from_row: int = 1) -> None:
    """Set each column's width from its longest value at or below from_row (a title above may spill over)."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=from_row):
        for cell in row:
            if cell.value is not None:
                length = len(f"{cell.value:,}" if isinstance(cell.value, int) else str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, width + 2))


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return the workbook as xlsx bytes."""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Large exports are streamed (openpyxl's write-only mode: rows go to the file as they are written, so memory stays
# flat) with named styles: a styled cell refers to one style defined once in the workbook. Only the cells that need
# a format get one (headings, kronor, exact amounts, dates); rates and counts are plain numbers.
HEADING, COLUMN_HEADING, BOLD = "Rubrik", "Kolumnrubrik", "Fetstil"
KRONOR, EXACT, BOLD_KRONOR = "Kronor", "Exakt belopp", "Summa kronor"
DATE, DATETIME = "Datum", "Datum och tid"


def _named_styles() -> list[NamedStyle]:
    def style(name: str, **attributes) -> NamedStyle:
        named = NamedStyle(name=name)
        for attribute, value in attributes.items():
            setattr(named, attribute, value)
        return named

    return [
        style(HEADING, font=Font(bold=True, size=13)),
        style(COLUMN_HEADING, font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="bottom")),
        style(BOLD, font=Font(bold=True)),
        style(KRONOR, number_format=KRONOR_FORMAT),
        style(EXACT, number_format=EXACT_FORMAT),
        style(BOLD_KRONOR, font=Font(bold=True), number_format=KRONOR_FORMAT),
        style(DATE, number_format=DATE_FORMAT),
        style(DATETIME, number_format=DATETIME_FORMAT),
    ]


def streaming_workbook() -> Workbook:
    """Return an empty write-only workbook with the export styles defined."""
    workbook = Workbook(write_only=True)
    for named in _named_styles():
        workbook.add_named_style(named)
    return workbook


class StreamedSheet:
    """A write-only sheet, written top to bottom: the title block, the header row, then rows.

    Everything that Excel reads before the rows (column widths, the frozen header, print titles, page setup) is set
    when the sheet is opened, so the rows can stream. Text that Excel would read as a formula stays text.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        *,
        heading: str,
        lines: Iterable[str] = (),
        printed_at: datetime | None = None,
        headers: Sequence[str],
        widths: Sequence[int],
        landscape: bool | None = None,
        repeat_first_column: bool = False,
        header_height: int | None = None,
    ):
        self.sheet = workbook.create_sheet(title=title)
        lines = [*lines, printed_line(printed_at)]
        self.header_row = len(lines) + 3  # heading, the lines, a blank row
        for column, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        if header_height:
            self.sheet.row_dimensions[self.header_row].height = header_height
        wide = len(headers) > WIDE_COLUMNS if landscape is None else landscape
        print_setup(self.sheet, header_row=self.header_row, repeat_first_column=repeat_first_column, landscape=wide)
        self.append([self.cell(heading, HEADING)])
        for line in lines:
            self.append([line])
        self.append([])
        self.append([self.cell(header, COLUMN_HEADING) for header in headers])

    def cell(self, value, style: str | None = None):
        """Return a value ready for `append`: plain when it needs nothing, else a cell with its named style."""
        if isinstance(value, datetime):
            value, style = (timezone.make_naive(value) if timezone.is_aware(value) else value), style or DATETIME
        elif isinstance(value, date):
            style = style or DATE
        elif isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
            cell = WriteOnlyCell(self.sheet, value)
            cell.data_type, cell.quotePrefix = "s", True
            if style:
                cell.style = style
            return cell
        if style is None or value is None:
            return value
        cell = WriteOnlyCell(self.sheet, value)
        cell.style = style
        return cell

    def append(self, values: Sequence) -> None:
        """Write one row; plain strings are checked for a leading formula character."""
        self.sheet.append(
            [
                self.cell(value) if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value
                for value in values
            ]
        )

    def rows(self, rows: Iterable[Sequence], styles: Mapping[int, str] | None = None) -> None:
        """Write data rows, giving the 1-based columns in `styles` their named style (None stays empty)."""
        for values in rows:
            if styles:
                values = [self.cell(value, styles.get(column)) for column, value in enumerate(values, start=1)]
            self.append(values)


def fitted_widths(rows: Iterable[Sequence], headers: Sequence[str], minimum: int = 10, maximum: int = 60) -> list[int]:
    """Return column widths from the longest value per column, as `fit_widths` does for a sheet in memory."""
    widths = [len(header) // 2 for header in headers]  # headers wrap
    for row in rows:
        for column, value in enumerate(row):
            if value is not None:
                length = len(f"{value:,}" if isinstance(value, int) else str(value))
                if column >= len(widths):
                    widths.append(length)
                elif length > widths[column]:
                    widths[column] = length
    return [max(minimum, min(maximum, width + 2)) for width in widths]
