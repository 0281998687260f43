"""Read population figures from an Excel or CSV file: region (any known spelling) and population per row."""

import csv
import io

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from .models import Region
from .selectors import RegionResolver
from .xlsx import NOT_XLSX, check_container, read_rows

HEADER_WORDS = {"region", "län", "befolkning", "folkmängd", "invånare"}


def _rows_from_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t") if text.strip() else csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _rows_from_xlsx(data: bytes):
    check_container(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise ValidationError(NOT_XLSX) from None
    try:
        for row in read_rows(workbook.worksheets[0]):
            yield list(row)
    finally:
        workbook.close()


def parse_population_file(data: bytes, filename: str) -> dict[Region, int]:
    """Return region -> population from the file, or raise ValidationError listing every faulty row."""
    rows = _rows_from_xlsx(data) if filename.lower().endswith(".xlsx") else _rows_from_csv(data)
    resolver = RegionResolver()
    figures: dict[Region, int] = {}
    errors: list[str] = []
    for number, row in enumerate(rows, start=1):
        cells = [c for c in row if c not in (None, "")]
        if not cells:
            continue
        name = str(cells[0]).strip()
        if number == 1 and name.casefold() in HEADER_WORDS:
            continue
        if len(cells) < 2:
            errors.append(f"Rad {number}: befolkning saknas i kolumn B.")
            continue
        region = resolver.resolve(name)
        if region is None:
            errors.append(f"Rad {number}, kolumn A: okänd region {name!r}.")
            continue
        raw = cells[1]
        text = str(raw).replace("\u00a0", "").replace(" ", "")
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        if not text.isdigit() or int(text) <= 0:
            errors.append(f"Rad {number}, kolumn B: {raw!r} är ingen befolkningssiffra (ett positivt heltal).")
            continue
        if region in figures:
            errors.append(f"Rad {number}, kolumn A: {region} står redan på en tidigare rad.")
            continue
        figures[region] = int(text)
    missing = sorted(r.short_name for r in resolver.regions - set(figures))
    if missing and not errors:
        errors.append(f"Filen saknar {len(missing)} regioner: {', '.join(missing)}.")
    if errors:
        raise ValidationError(errors)
    return figures
