"""Shared helpers for Excel exports: safe text, header styling, widths, bytes out. Request-free."""

import re
from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

KRONOR_FORMAT = "#,##0"  # Excel shows the user's locale separators: 1 997 500 000 in Swedish Excel
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31


def safe_text(value):
    """Return a value fit for a cell: text that Excel would read as a formula is prefixed to stay text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


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
        cell = sheet.cell(row=first_row, column=col, value=safe_text(header))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    formatted = set(money_columns) | set(number_columns)
    row_number = first_row
    for row_number, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=col, value=safe_text(value))
            if col in formatted and isinstance(value, int):
                cell.number_format = KRONOR_FORMAT
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    return row_number + 1


def fit_widths(sheet: Worksheet, minimum: int = 10, maximum: int = 60) -> None:
    """Set each column's width from its longest value."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
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
