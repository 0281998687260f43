"""Read population figures from an Excel or CSV file: region (any known spelling) and population per row.

Every faulty row is reported with its row and column, the first hundred of them listed; nothing is returned unless
the whole file is right, so the caller saves all figures or none.
"""

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from .models import Region
from .selectors import RegionResolver
from .xlsx import FORMULA, FORMULA_REFUSED, capped, check_size, open_workbook, read_rows

HEADER_WORDS = {"region", "län", "befolkning", "folkmängd", "invånare"}  # i18n: stored (file header words)
DELIMITERS = ";,\t"
MAX_COLUMNS = 26  # columns A–Z are read; a sheet declaring thousands of columns costs no more
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (xlsx), OLE (the old xls, refused as not xlsx)
MAX_DIGITS = 9  # a region has fewer than a billion inhabitants
SPACES = str.maketrans("", "", " \u00a0\u202f")  # Swedish thousands separators: space, no-break and thin space
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_TEXT = _(
    "Filen är varken en CSV-fil (text) eller en Excel-arbetsbok. Spara den som CSV med semikolon som avgränsare "
    'eller som "Excel-arbetsbok (*.xlsx)" och ladda upp den igen.'
)
NO_DELIMITER = _(
    "Filen har ingen avgränsare mellan kolumnerna. Skriv region och befolkning på varje rad, åtskilda av "
    "semikolon (;), komma eller tabb, t.ex. Region Gotland;61 001."
)
BROKEN_CSV = _(
    'Rad %(row)s: raden går inte att läsa som CSV: ett citattecken (") saknar sitt par eller en cell är för lång.'
)


def _shown(value, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decoded(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ValidationError(NOT_TEXT) from None
    if CONTROL.search(text):  # binary data, or UTF-16 ("Unicode text" from Excel) with a zero byte in every pair
        raise ValidationError(NOT_TEXT)
    return text


def _dialect(text: str):
    sample = text[:2048]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:  # the sniffer gives up on rows of unequal length; take the most common delimiter
        counts = {delimiter: sample.count(delimiter) for delimiter in DELIMITERS}
        delimiter = max(counts, key=counts.get)
        if not counts[delimiter]:
            raise ValidationError(NO_DELIMITER) from None
        return type("Dialect", (csv.excel,), {"delimiter": delimiter})


def _rows_from_csv(data: bytes):
    text = _decoded(data)
    if not text.strip():
        return
    reader = csv.reader(io.StringIO(text), _dialect(text))
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:  # numbered like the other faults: by row, not by line (a quoted cell may span lines)
            raise ValidationError(BROKEN_CSV % {"row": rows + 1}) from None
        rows += 1
        yield row


def _rows_from_xlsx(data: bytes):
    workbook = open_workbook(data)
    try:
        if not workbook.worksheets:
            raise ValidationError(gettext("Arbetsboken har inget blad med rader att läsa."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size is not to be trusted; read what is there
        yield from read_rows(sheet, max_col=MAX_COLUMNS)
    finally:
        workbook.close()


def _is_excel(data: bytes, filename: str) -> bool:
    return filename.lower().endswith(EXCEL_SUFFIXES) or data.startswith(EXCEL_MAGIC)


def _population(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).translate(SPACES)
    if not text.isdecimal() or len(text) > MAX_DIGITS or int(text) <= 0:
        return None
    return int(text)


def parse_population_file(data: bytes, filename: str) -> dict[Region, int]:
    """Return region -> population from the file, or raise ValidationError listing the faulty rows.

    A file may hold only some regions (a grant to some of them); the caller says which regions are left out.
    """
    check_size(data)
    rows = _rows_from_xlsx(data) if _is_excel(data, filename) else _rows_from_csv(data)
    resolver = RegionResolver()
    figures: dict[Region, int] = {}
    errors: list[str] = []
    for number, row in enumerate(rows, start=1):
        formulas = [column for column, cell in enumerate(row, start=1) if cell is FORMULA]
        if formulas:
            errors.extend(
                gettext("Rad %(row)s, kolumn %(column)s: %(fault)s")
                % {"row": number, "column": get_column_letter(c), "fault": FORMULA_REFUSED}
                for c in formulas
            )
            continue
        cells = [c for c in row if c is not None and str(c).strip()]
        if not cells:
            continue
        name = str(cells[0]).strip()
        if number == 1 and name.casefold() in HEADER_WORDS:
            continue
        if len(cells) < 2:
            errors.append(gettext("Rad %(row)s: befolkning saknas i kolumn B.") % {"row": number})
            continue
        region = resolver.resolve(name)
        if region is None:
            errors.append(
                gettext("Rad %(row)s, kolumn A: okänd region %(name)s.") % {"row": number, "name": _shown(name)}
            )
            continue
        population = _population(cells[1])
        if population is None:
            errors.append(
                gettext("Rad %(row)s, kolumn B: %(value)s är ingen befolkningssiffra (ett positivt heltal).")
                % {"row": number, "value": _shown(cells[1])}
            )
            continue
        if region in figures:
            errors.append(
                gettext("Rad %(row)s, kolumn A: %(region)s står redan på en tidigare rad.")
                % {"row": number, "region": region}
            )
            continue
        figures[region] = population
    if not figures and not errors:
        errors.append(gettext("Filen innehåller ingen region med befolkning."))
    if errors:
        raise ValidationError(capped(errors))
    return figures
