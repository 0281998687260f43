"""Reading an uploaded xlsx file safely, and listing what is wrong with an upload.

Safety checks are made before openpyxl reads the file: size, zip container, unpacked size. Cells are read with
their type, so that a formula is refused instead of read as blank (a file written by a program other than Excel
often holds no computed value for it). It lives in regions, the lowest app, so that both the population import here
and the monthly data upload in reporting can use it without regions importing reporting.
"""

import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from grants import l10n

MAX_FILE_SIZE = 2 * 1024 * 1024  # bytes of the uploaded file
MAX_UNCOMPRESSED = 25 * 1024 * 1024  # bytes of all members unpacked
MAX_RATIO = 100  # uncompressed / compressed, per member
MAX_MEMBERS = 200

NOT_XLSX = _(
    'Filen är inte en Excel-fil i formatet .xlsx. Spara den som "Excel-arbetsbok (*.xlsx)" och ladda upp den igen.'
)
TOO_MUCH = _(
    "Filen kan inte läsas: den packas upp till orimligt mycket data. Ladda upp den ifyllda mallen utan "
    "inbäddade bilder eller andra filer."
)
FORMULA_REFUSED = _("cellen innehåller en formel. Skriv in värdet i stället.")
MAX_LISTED_ERRORS = 100  # faults listed for one upload; the rest are counted, so a page of errors stays readable


class Formula:
    """What `read_rows` gives for a cell holding a formula: its value is not read, the caller refuses the cell."""

    def __repr__(self) -> str:
        return "<formel>"


FORMULA = Formula()


def capped(errors: list[str], limit: int = MAX_LISTED_ERRORS) -> list[str]:
    """Return the first `limit` faults, then one line saying how many more were found."""
    if len(errors) <= limit:
        return errors
    rest = len(errors) - limit
    more = ngettext(
        "… och %(count)s fel till. Rätta de här först.", "… och %(count)s fel till. Rätta de här först.", rest
    ) % {"count": l10n.number(rest)}
    return [*errors[:limit], more]


def check_size(content: bytes) -> None:
    """Refuse a file larger than an upload may be."""
    if len(content) > MAX_FILE_SIZE:
        size = l10n.decimal_places(round(len(content) / 1024 / 1024, 1), 1)
        raise ValidationError(
            gettext("Filen är för stor (%(size)s MB). Högst 2 MB går att ladda upp.") % {"size": size}
        )


def check_container(content: bytes) -> None:
    """Refuse a file that is too large, not a zip-based xlsx, or that unpacks to far more than it weighs."""
    check_size(content)
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


def open_workbook(content: bytes):
    """Return the uploaded file as a read-only workbook that shows formulas, after the container checks.

    The caller closes it. Formulas are kept (data_only=False) so that `read_rows` can tell them from values.
    """
    check_container(content)
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise ValidationError(NOT_XLSX) from None


def read_rows(sheet, **options):
    """Yield the sheet's rows as tuples of values, FORMULA for a cell holding a formula.

    A fault in the sheet's XML, which read-only openpyxl meets only now, refuses the file: openpyxl parses the sheet
    while it is iterated, so a malformed cell (a text in a number cell, say) raises ValueError or another error from
    the middle of the loop, outside the load_workbook guard. Load the workbook with `open_workbook`, or at least
    with data_only=False: otherwise openpyxl gives a formula's stored result (often none) and FORMULA never shows.
    """
    try:
        rows = sheet.iter_rows(**options)
    except Exception:  # not a worksheet at all (a chart sheet, say), or a damaged one
        raise ValidationError(NOT_XLSX) from None
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:  # openpyxl raises many kinds on a damaged sheet; all mean the same to the user
            raise ValidationError(NOT_XLSX) from None
        yield tuple(FORMULA if cell.data_type == "f" else cell.value for cell in row)
