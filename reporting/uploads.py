"""Monthly data as Excel: the prefilled template to download, and the checks of an uploaded file.

An upload is checked whole before anything is saved; every fault is reported with sheet, row and column (the first
hundred listed, the rest counted). The file is opened only after its zip container has been checked (size, member
count, compression ratio), so a zip bomb or a file that is not xlsx is refused before openpyxl reads it. A cell
holding a formula is refused: the file need not carry its result, and read as blank it would pass unnoticed. Only
the template's columns A–F are read: anything the region writes further right (a note, say) is ignored, and a sheet
that declares itself 16 384 columns wide costs no more to read than one that does not.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grants import l10n
from grants.allocation.formatting import MONTHS
from regions.models import Region
from regions.normalize import normalize_name
from regions.selectors import RegionResolver
from regions.xlsx import FORMULA, FORMULA_REFUSED, capped, open_workbook, read_rows

from .delivery import Slot
from .excel import fit_widths, print_setup, title_block, workbook_bytes, write, write_table
from .models import OPERATION_INDICATORS, Indicator, MonthlyValue, Provider, monthly_value_fault
from .services.monthly import MonthlyEntry

SHEET = "Månadsdata"  # i18n: stored (the sheet name in every language: the upload looks for it)
HEADERS = (
    gettext_lazy("Region"),
    gettext_lazy("År"),
    gettext_lazy("Månad"),
    gettext_lazy("Indikator"),
    gettext_lazy("Utförare"),
    gettext_lazy("Värde"),
)
MAX_ROWS = 30_000
MAX_SHOWN = 60  # characters of a faulty cell quoted in a message
MAX_DIGITS = 9  # of a year or month written as text: int() refuses (or takes long over) an endless one
NOT_AVAILABLE = {"saknas", "uppgift saknas", "-", "–", "missing", "not available"}


# --- template -----------------------------------------------------------------------------------------------------


def monthly_template(
    *,
    slots: list[Slot],
    regions: Iterable[Region],
    existing: Iterable[MonthlyValue] = (),
    title: str | None = None,
    printed_at: datetime | None = None,
) -> bytes:
    """Return the xlsx template: one row per region, indicator, month and provider; known values filled in.

    The data sheet keeps its headers on row 1, as the upload reads them there: its title is the printed page's
    header instead of a title block. The instructions sheet starts with the title block.
    """
    title = title or _("Månadsdata")
    known = {(v.region_id, v.indicator, v.year, v.month, v.provider): v.value for v in existing}
    rows = []
    for region in regions:
        for slot in slots:
            for month in slot.months:
                for provider in slot.providers:
                    value = known.get((region.pk, slot.indicator, slot.year, month, provider))
                    rows.append(
                        [
                            region.name,
                            slot.year,
                            month,
                            slot.label,
                            str(Provider(provider).label) if provider else "",
                            _cell_value(value),
                        ]
                    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    write_table(sheet, headers=[str(header) for header in HEADERS], rows=rows)
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "0.0###"
    check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    check.error = _("Värdet ska vara ett tal som är 0 eller större.")
    check.errorTitle = _("Fel värde")
    sheet.add_data_validation(check)
    if rows:
        check.add(f"F2:F{len(rows) + 1}")
    fit_widths(sheet)
    print_setup(sheet, header_row=1)
    sheet.oddHeader.center.text = title.replace("&", "&&")  # & starts a code in Excel's page header
    guide = workbook.create_sheet("Instruktioner")
    first = title_block(guide, title, [_("Så fyller du i mallen")], printed_at=printed_at)
    for row, line in enumerate(
        (
            _('Fyll i kolumnen "Värde" på bladet "Månadsdata". Ändra inte de andra kolumnerna.'),
            _('Lämna rutan tom om du inte lämnar värdet nu. Skriv "saknas" om uppgiften inte finns.'),
            _("Antal (vårdplatser, operationer) skrivs som heltal. Andelar och kvoter får ha decimaler, t.ex. 6,4."),
            _("Operationer räknas för patientens hemregion, uppdelat på vem som utförde dem."),
            _("Ingenting sparas om någon rad är fel; du får veta blad, rad och kolumn för varje fel."),
        ),
        start=first,
    ):
        write(guide, row, 1, line)
    guide.column_dimensions["A"].width = 100
    print_setup(guide)
    return workbook_bytes(workbook)


def _cell_value(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- upload checks ------------------------------------------------------------------------------------------------


@dataclass
class _Lookup:
    slots: dict[tuple[str, int], Slot]
    indicators: dict[str, str]  # normalised label or code -> indicator
    providers: dict[str, str]
    resolver: RegionResolver
    allowed: set[int]  # region ids the uploader may deliver for
    months: dict[str, int]


def _in_both(label) -> list[str]:
    """Return a label in Swedish and in the active language: a file filled in either way is read."""
    with translation.override("sv"):
        swedish = str(label)
    return [swedish, str(label)]


def _lookup(slots: list[Slot], allowed: Iterable[Region], resolver: RegionResolver | None) -> _Lookup:
    indicators = {}
    for slot in slots:
        for label in _in_both(Indicator(slot.indicator).label):
            indicators[normalize_name(label)] = slot.indicator
        indicators[normalize_name(slot.indicator)] = slot.indicator
    providers = {normalize_name(label): p.value for p in Provider if p.value for label in _in_both(p.label)}
    providers.update({normalize_name(p.value): p.value for p in Provider if p.value})
    months = {normalize_name(name): number for number, name in enumerate(l10n.ENGLISH_MONTHS, start=1)}
    months.update({normalize_name(name): number for number, name in enumerate(MONTHS, start=1)})
    return _Lookup(
        slots={(s.indicator, s.year): s for s in slots},
        indicators=indicators,
        providers=providers,
        resolver=resolver or RegionResolver(),
        allowed={r.pk for r in allowed},
        months=months,
    )


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _show(value) -> str:
    text = _text(value)
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    if isinstance(value, str):
        return f'"{text}"'
    return text if l10n.english() else text.replace(".", ",")


class _RowError(Exception):
    def __init__(self, column: int, message: str):
        self.column = column
        self.message = message


def _as_int(value, column: int, fault: str) -> int:
    """Return a whole number; `fault` is the message (with %(value)s) when the cell holds none."""
    if isinstance(value, bool):
        raise _RowError(column, fault % {"value": _show(value)})
    if isinstance(value, int | float | Decimal) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= MAX_DIGITS:
        return int(value.strip())
    raise _RowError(column, fault % {"value": _show(value)})


def _as_value(value, slot: Slot, column: int) -> Decimal | None:
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if text.casefold() in NOT_AVAILABLE:
            return None
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise _RowError(column, _("%(value)s är inget tal.") % {"value": _show(value)}) from None
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _RowError(column, _("%(value)s är inget tal.") % {"value": _show(value)})
    else:
        number = Decimal(str(value))
    if not number.is_finite():
        raise _RowError(column, _("%(value)s är inget tal.") % {"value": _show(value)})
    shown = _text(number) if l10n.english() else _text(number).replace(".", ",")
    if number < 0:
        raise _RowError(column, _("värdet får inte vara negativt (%(value)s).") % {"value": shown})
    if slot.is_count and number != number.to_integral_value():
        if slot.indicator in OPERATION_INDICATORS:
            message = _("antalet operationer ska vara ett heltal (%(value)s).")
        else:
            message = _("antalet vårdplatser ska vara ett heltal (%(value)s).")
        raise _RowError(column, message % {"value": shown})
    fault = monthly_value_fault(number)
    if fault:
        raise _RowError(column, fault)
    return number


def _entry(cells: tuple, look: _Lookup) -> MonthlyEntry | None:
    region_cell, year_cell, month_cell, indicator_cell, provider_cell, value_cell = (list(cells) + [None] * 6)[:6]
    if value_cell is None or (isinstance(value_cell, str) and not value_cell.strip()):
        return None  # not delivered now
    if not isinstance(region_cell, str):
        raise _RowError(
            1,
            _("%(value)s är inget regionnamn. Skriv regionens namn, t.ex. Region Gotland.")
            % {"value": _show(region_cell)},
        )
    region = look.resolver.resolve(region_cell)
    if region is None:
        raise _RowError(1, _("%(value)s är ingen region vi känner till.") % {"value": _show(region_cell)})
    if region.pk not in look.allowed:
        raise _RowError(1, _("du får inte lämna uppgifter för %(region)s.") % {"region": region.name})
    year = _as_int(year_cell, 2, _("%(value)s är inget år."))
    if isinstance(month_cell, str) and normalize_name(month_cell) in look.months:
        month = look.months[normalize_name(month_cell)]
    else:
        month = _as_int(month_cell, 3, _("%(value)s är inget månadsnummer."))
        if not 1 <= month <= 12:
            raise _RowError(3, _("%(month)s är ingen månad (1–12).") % {"month": month})
    if not isinstance(indicator_cell, str) or normalize_name(indicator_cell) not in look.indicators:
        raise _RowError(
            4, _("%(value)s är ingen indikator som statsbidraget följer upp.") % {"value": _show(indicator_cell)}
        )
    indicator = look.indicators[normalize_name(indicator_cell)]
    slot = look.slots.get((indicator, year))
    if slot is None:
        years = sorted(y for (i, y) in look.slots if i == indicator)
        raise _RowError(
            2,
            _("%(year)s ingår inte: %(indicator)s lämnas för %(years)s.")
            % {"year": year, "indicator": Indicator(indicator).label, "years": _years(years)},
        )
    if month not in slot.months:
        raise _RowError(
            3,
            _("%(month)s %(year)s ingår inte i statsbidragets period (%(period)s).")
            % {"month": l10n.month_name(month), "year": year, "period": slot.period},
        )
    provider = ""
    if provider_cell is not None and _text(provider_cell):
        provider = look.providers.get(normalize_name(_text(provider_cell)))
        if provider is None:
            raise _RowError(
                5,
                _("%(value)s är ingen utförare. Skriv Egen regi, Annan region eller Privat vårdgivare.")
                % {"value": _show(provider_cell)},
            )
    if provider not in slot.providers:
        if slot.providers == ("",):
            raise _RowError(5, _("indikatorn delas inte upp på utförare; lämna rutan tom."))
        raise _RowError(5, _("ange utförare: Egen regi, Annan region eller Privat vårdgivare."))
    value = _as_value(value_cell, slot, 6)
    return MonthlyEntry(region=region, indicator=indicator, year=year, month=month, value=value, provider=provider)


def _years(years: list[int]) -> str:
    return l10n.join_words([str(y) for y in years]) if len(years) < 3 else ", ".join(map(str, years))


def parse_monthly_upload(
    *, content: bytes, slots: list[Slot], allowed: Iterable[Region], resolver: RegionResolver | None = None
) -> list[MonthlyEntry]:
    """Return the entries in an uploaded template, or raise ValidationError listing every fault found."""
    workbook = open_workbook(content)
    try:
        if SHEET not in workbook.sheetnames:
            raise ValidationError(_('Filen saknar bladet "%(sheet)s".') % {"sheet": SHEET})
        sheet = workbook[SHEET]
        if sheet not in workbook.worksheets:  # a chart sheet, say
            raise ValidationError(
                _('Bladet "%(sheet)s" har inga rader att läsa. Använd mallen som går att ladda ner.')
                % {"sheet": SHEET}
            )
        return _parse_sheet(sheet, _lookup(slots, allowed, resolver))
    finally:
        workbook.close()


def _parse_sheet(sheet, look: _Lookup) -> list[MonthlyEntry]:
    # The declared dimension is not to be trusted: too wide, and openpyxl pads every row to it; too short, and
    # openpyxl stops reading early, so rows below it would be silently left out.
    sheet.reset_dimensions()
    rows = read_rows(sheet, max_col=len(HEADERS))
    header = next(rows, None) or ()
    found = [normalize_name(_text(c)) if c is not None else "" for c in (list(header) + [None] * 6)[:6]]
    accepted = [[normalize_name(h) for h in headers] for headers in zip(*map(_in_both, HEADERS), strict=True)]
    if found not in accepted:
        raise ValidationError(
            _('Blad "%(sheet)s", rad 1: rubrikerna ska vara %(headers)s. Använd mallen som går att ladda ner.')
            % {"sheet": SHEET, "headers": ", ".join(str(header) for header in HEADERS)}
        )
    errors: list[str] = []
    entries: list[MonthlyEntry] = []
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise ValidationError(
                _('Blad "%(sheet)s" har fler än %(count)s rader.') % {"sheet": SHEET, "count": l10n.number(MAX_ROWS)}
            )
        if not cells or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        formulas = [column for column, cell in enumerate(cells, start=1) if cell is FORMULA]
        if formulas:
            errors.extend(_cell_fault(number, column, str(FORMULA_REFUSED)) for column in formulas)
            continue
        try:
            entry = _entry(cells, look)
        except _RowError as error:
            errors.append(_cell_fault(number, error.column, error.message))
            continue
        if entry is None:
            continue
        key = (entry.region.pk, entry.indicator, entry.year, entry.month, entry.provider)
        if key in seen:
            errors.append(
                _('Blad "%(sheet)s", rad %(row)s: samma region, indikator, månad och utförare som på rad %(first)s.')
                % {"sheet": SHEET, "row": number, "first": seen[key]}
            )
            continue
        seen[key] = number
        entries.append(entry)
    if errors:
        raise ValidationError(capped(errors))
    if not entries:
        raise ValidationError(
            _('Blad "%(sheet)s" har inga ifyllda värden. Fyll i kolumnen "Värde" och försök igen.') % {"sheet": SHEET}
        )
    return entries


def _cell_fault(row: int, column: int, message: str) -> str:
    return _('Blad "%(sheet)s", rad %(row)s, kolumn %(column)s: %(message)s') % {
        "sheet": SHEET,
        "row": row,
        "column": get_column_letter(column),
        "message": message,
    }
