"""Safety checks for an uploaded xlsx file, made before openpyxl reads it: size, zip container, unpacked size.

It lives in regions, the lowest app, so that both the population import here and the monthly data upload in
reporting can use it without regions importing reporting.
"""

import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError

MAX_FILE_SIZE = 2 * 1024 * 1024  # bytes of the uploaded file
MAX_UNCOMPRESSED = 25 * 1024 * 1024  # bytes of all members unpacked
MAX_RATIO = 100  # uncompressed / compressed, per member
MAX_MEMBERS = 200

NOT_XLSX = (
    'Filen är inte en Excel-fil i formatet .xlsx. Spara den som "Excel-arbetsbok (*.xlsx)" och ladda upp den igen.'
)
TOO_MUCH = (
    "Filen kan inte läsas: den packas upp till orimligt mycket data. Ladda upp den ifyllda mallen utan "
    "inbäddade bilder eller andra filer."
)


def check_container(content: bytes) -> None:
    """Refuse a file that is too large, not a zip-based xlsx, or that unpacks to far more than it weighs."""
    if len(content) > MAX_FILE_SIZE:
        size = f"{len(content) / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(f"Filen är för stor ({size} MB). Högst 2 MB går att ladda upp.")
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(NOT_XLSX) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ValidationError(TOO_MUCH)
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > 1024 * 1024:
                raise ValidationError(TOO_MUCH)
        if total > MAX_UNCOMPRESSED:
            raise ValidationError(TOO_MUCH)
        if "xl/workbook.xml" not in archive.namelist():
            raise ValidationError(NOT_XLSX)


def read_rows(sheet, **options):
    """Yield the sheet's rows; a fault in its XML, which read-only openpyxl meets only now, refuses the file.

    In read-only mode openpyxl parses the sheet while it is iterated, so a malformed cell (a text in a number
    cell, say) raises ValueError or another error from the middle of the loop, outside the load_workbook guard.
    """
    rows = sheet.iter_rows(values_only=True, **options)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:  # openpyxl raises many kinds on a damaged sheet; all mean the same to the user
            raise ValidationError(NOT_XLSX) from None
        yield row
