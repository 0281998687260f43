"""Excel exports of the performance pages, request-free: the page's data in, workbook bytes out."""

from datetime import datetime
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.styles import Font

from grants import l10n

from .excel import (
    BOLD,
    BOLD_KRONOR,
    EXACT,
    EXACT_FORMAT,
    KRONOR,
    KRONOR_FORMAT,
    StreamedSheet,
    fit_widths,
    fitted_widths,
    print_setup,
    programme_lines,
    sheet_title,
    streaming_workbook,
    title_block,
    workbook_bytes,
    write,
    write_table,
)
from .screens import STATUS_BADGES, PerformanceMatrix, TariffOverview
from .screens.common import PROVIDERS

PER_CAPITA_FORMAT = "#,##0.0"
EXAMPLE_NOTE = gettext_lazy("Exempeldata: värdena är genererade för demonstration och är inte officiell statistik.")


def _exact(value: Fraction | None) -> float | None:
    # Exact shares are shown as decimals in Excel; the krona amounts beside them are the rounded integers.
    return None if value is None else round(float(value), 2)


def _kr_text(value: Fraction) -> str:
    return l10n.exact_kr(value).replace("\u00a0", " ")


def _part(component) -> str:
    return _("Del: %(part)s") % {"part": component.name}


def _about(screen, example: bool) -> list[str]:
    lines = [*programme_lines(screen.programme, screen.run), _part(screen.component)]
    return lines + ([str(EXAMPLE_NOTE)] if example else [])


def _requirement_sheet_name(name: str, taken: set[str]) -> str:
    # "Överbeläggningar per 100 disponibla vårdplatser" names its sheet "Överbeläggningar": the measure, not the
    # unit, which the sheet's heading gives in full.
    return sheet_title(name.split(" per ")[0], taken, fallback="Krav")


def _format_column(sheet, column: int, first_row: int, number_format: str) -> None:
    for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
        if isinstance(cell.value, int | float):
            cell.number_format = number_format


def performance_workbook(matrix: PerformanceMatrix, *, printed_at: datetime | None = None) -> bytes:
    """Return the matrix: a sheet per requirement (value, 2023 value, standing per month) and a totals sheet.

    Streamed (write-only, named styles), so that 2 900 recipients × 12 months export within the request.
    """
    workbook = streaming_workbook()
    notes = _about(matrix, matrix.example_data)
    taken = {"summa per region"}
    months = len(matrix.months)
    statuses = {status: str(label) for status, (_badge, label) in STATUS_BADGES.items()}
    for requirement in matrix.requirements:
        headers = [_("Region"), _("Reserverat per månad (kr)")]
        for month in matrix.months:
            label = l10n.month_name(month)
            headers += [
                f"{label} {matrix.year}",
                f"{label} {matrix.baseline_year}",
                _("%(month)s ställning") % {"month": label},
            ]
        headers += [_("Kvalificerade månader"), _("Kvalificerat (kr)")]
        sheet = StreamedSheet(
            workbook,
            _requirement_sheet_name(requirement.name, taken),
            heading=f"{requirement.name} {matrix.year}",
            lines=notes,
            printed_at=printed_at,
            headers=headers,
            # Narrow value columns under wrapped headers, so that a year of months prints across one landscape page.
            widths=[14, 13] + [7, 7, 12] * months + [11, 13],
            landscape=True,
            repeat_first_column=True,
            header_height=45,
        )
        exact_styles = {2: EXACT, len(headers): EXACT}
        rows = []
        for row in requirement.rows:
            values = [row.region.short_name, _exact(row.reserved)]
            for cell in row.cells:
                values += [
                    None if cell.value is None else float(cell.value),
                    None if cell.baseline is None else float(cell.baseline),
                    statuses[cell.status],
                ]
            values += [row.qualified_months, _exact(row.qualified)]
            rows.append(values)
        sheet.rows(rows, exact_styles)
    rows = [[t.region.short_name, _exact(t.qualified), _exact(t.bonus_share), t.amount] for t in matrix.totals]
    headers = [_("Region"), _("Kvalificerat (kr)"), _("Andel av bonuspotten (kr)"), _("Summa (kr)")]
    sheet = StreamedSheet(
        workbook,
        "Summa per region",
        heading=_("%(part)s: kvalificerat, andel av bonuspotten och summa") % {"part": matrix.component.name},
        lines=[
            *notes,
            _(
                "Bonuspott: %(bonus)s; kvalificerat för alla regioner: %(qualified)s; "
                "månader utan data ännu: %(pending)s."
            )
            % {
                "bonus": _kr_text(matrix.bonus),
                "qualified": _kr_text(matrix.qualified_total),
                "pending": _kr_text(matrix.pending),
            },
        ],
        printed_at=printed_at,
        headers=headers,
        widths=fitted_widths(rows, headers),
    )
    sheet.rows(rows, {2: EXACT, 3: EXACT, 4: KRONOR})
    sheet.append([sheet.cell(_("Summa"), BOLD), None, None, sheet.cell(matrix.amount_total, BOLD_KRONOR)])
    return workbook_bytes(workbook)


def tariff_workbook(overview: TariffOverview, *, printed_at: datetime | None = None) -> bytes:
    """Return operations by kind and provider, earned, cap, paid, remainder share and the top-five lists."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Operationer och tak"
    notes = _about(overview, overview.example_data or overview.population_is_example)
    if overview.population_missing:
        notes.append(
            ngettext(
                "Befolkning %(date)s saknas för %(count)s region; rangordningen per invånare görs inte förrän den "
                "är inläst.",
                "Befolkning %(date)s saknas för %(count)s regioner; rangordningen per invånare görs inte förrän den "
                "är inläst.",
                len(overview.population_missing),
            )
            % {"date": l10n.date_text(overview.ranking_date), "count": len(overview.population_missing)}
        )
    period = f"{l10n.month_name(overview.months[0])}–{l10n.month_name(overview.months[-1])} {overview.year}"
    first = title_block(
        sheet,
        _("%(part)s: operationer %(period)s") % {"part": overview.component.name, "period": period},
        notes,
        printed_at=printed_at,
    )
    headers = [_("Region")]
    for _kind, name, _tariff in overview.kinds:
        headers += [f"{name}: {label.lower()}" for _code, label in overview.providers]
    headers += [
        _("Intjänat (kr)"),
        _("Maxtak (kr)"),
        _("Ersättning upp till taket (kr)"),
        _("Andel av kvarstående (kr)"),
        _("Summa (kr)"),
    ]
    rows = [
        [
            row.region.short_name,
            *[count for _kind, _provider, count in row.cells],
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
        _("Summa"),
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
            tops, _("Kvarstående medel: topp 5 per invånare"), notes, printed_at=printed_at
        )
        for top in overview.top_lists:
            pot = _("%(area)s: pott %(amount)s") % {"area": top.name, "amount": _kr_text(top.pot)}
            write(tops, row_number, 1, pot).font = Font(bold=True)
            header_row = row_number + 1
            row_number = (
                write_table(
                    tops,
                    headers=[_("Region"), _("Operationer per 100 000 invånare"), _("Andel av potten (kr)")],
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


PERCENT_FORMAT = "0.0"
SHARE_FORMAT = "0.0%"


def _percent(value) -> float | None:
    return None if value is None else float(value)


def operations_followup_workbook(followup, *, printed_at: datetime | None = None) -> bytes:
    """Return operations against the year before, laid out for the report to the ministry.

    One sheet per area: the period per region and for the country (this year, last year, change in per cent, by
    who performed them), then the country month by month; and a sheet with every area, region and month in rows,
    for pivoting.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    period = _("%(months)s %(year)s jämfört med samma månader %(last_year)s") % {
        "months": followup.period_label,
        "year": followup.year,
        "last_year": followup.last_year,
    }
    about = [
        *programme_lines(followup.programme),
        _part(followup.component),
        _("Period: %(period)s") % {"period": period},
    ]
    if followup.example_data:
        about.append(str(EXAMPLE_NOTE))
    providers = [str(label) for _code, label in PROVIDERS]
    taken: set[str] = {"per månad"}  # i18n: stored (sheet names)
    for area in followup.areas:
        sheet = workbook.create_sheet(title=sheet_title(area.name, taken, fallback="Område"))  # i18n: stored
        heading = _("%(area)s: operationer %(period)s") % {"area": area.name, "period": period}
        first = title_block(sheet, heading, about, printed_at=printed_at)
        headers = [_("Region"), str(followup.year), str(followup.last_year), _("Förändring (%)"), *providers]
        rows = [
            [
                row.name,
                row.period.this_year,
                row.period.last_year,
                _percent(row.period.change),
                *row.period.provider_values,
            ]
            for row in [*area.rows, area.national]
        ]
        next_row = write_table(sheet, headers=headers, rows=rows, first_row=first, number_columns=[2, 3, 5, 6, 7])
        for cell in sheet[next_row - 1]:
            cell.font = Font(bold=True)
        _format_column(sheet, 4, first + 1, PERCENT_FORMAT)
        month_first = next_row + 2
        nation = _("Riket per månad, %(area)s") % {"area": area.name.lower()}
        write(sheet, month_first - 1, 1, nation).font = Font(bold=True)
        headers = [_("Månad"), str(followup.year), str(followup.last_year), _("Förändring (%)"), *providers]
        rows = [
            _followup_cells(f"{figures.label} {followup.year}", figures)
            for figures in [*area.national.months, area.national.period]
        ]
        write_table(sheet, headers=headers, rows=rows, first_row=month_first, number_columns=[2, 3, 5, 6, 7])
        sheet.freeze_panes = sheet.cell(row=first + 1, column=2)
        _format_column(sheet, 4, month_first + 1, PERCENT_FORMAT)
        fit_widths(sheet, from_row=first)
        print_setup(sheet, header_row=first)
    sheet = workbook.create_sheet(title="Per månad")  # i18n: stored
    heading = _("Operationer per område, region och månad: %(period)s") % {"period": period}
    first = title_block(sheet, heading, about, printed_at=printed_at)
    headers = [
        _("Område"),
        _("Region"),
        _("Månad"),
        str(followup.year),
        str(followup.last_year),
        _("Förändring (%)"),
        *providers,
    ]
    rows = [
        [area.name, row.name, *_followup_cells(figures.month, figures)]
        for area in followup.areas
        for row in [*area.rows, area.national]
        for figures in row.months
    ]
    write_table(sheet, headers=headers, rows=rows, first_row=first, number_columns=[4, 5, 7, 8, 9])
    _format_column(sheet, 6, first + 1, PERCENT_FORMAT)
    fit_widths(sheet, from_row=first)
    print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)


def _followup_cells(label, figures) -> list:
    return [label, figures.this_year, figures.last_year, _percent(figures.change), *figures.provider_values]


def fulfilment_workbook(report, *, printed_at: datetime | None = None) -> bytes:
    """Return the fulfilment of each requirement per region, the national summary and the bonus pot's spread."""
    matrix = report.matrix
    workbook = Workbook()
    workbook.remove(workbook.active)
    about = _about(matrix, matrix.example_data)
    months = f"{l10n.month_name(matrix.months[0])}–{l10n.month_name(matrix.months[-1])} {matrix.year}"
    headers = [
        _("Region"),
        _("Förbättring (månader)"),
        _("Topp 5 (månader)"),
        _("Ej uppfyllt (månader)"),
        _("Inget värde eller inväntar (månader)"),
        _("Uppfyllnadsgrad"),
        _("Reserverat (kr)"),
        _("Intjänat (kr)"),
        _("Andel intjänad"),
    ]
    taken = {"bonuspotten"}
    for requirement in report.requirements:
        sheet = workbook.create_sheet(title=_requirement_sheet_name(requirement.name, taken))
        values = {"months": months, "requirement": requirement.name}
        heading = _("Uppfyllnadsgrad %(months)s: %(requirement)s") % values
        first = title_block(sheet, heading, about, printed_at=printed_at)
        rows = [_fulfilment_row(item) for _region, item in requirement.rows] + [_fulfilment_row(requirement.national)]
        next_row = write_table(sheet, headers=headers, rows=rows, first_row=first, number_columns=[2, 3, 4, 5])
        for cell in sheet[next_row - 1]:
            cell.font = Font(bold=True)
        _format_column(sheet, 6, first + 1, SHARE_FORMAT)
        _format_column(sheet, 7, first + 1, EXACT_FORMAT)
        _format_column(sheet, 8, first + 1, EXACT_FORMAT)
        _format_column(sheet, 9, first + 1, SHARE_FORMAT)
        fit_widths(sheet, from_row=first)
        print_setup(sheet, header_row=first)
    sheet = workbook.create_sheet(title="Bonuspotten")
    notes = [*about, _("Bonuspott (medel som inte intjänats): %(amount)s") % {"amount": _kr_text(matrix.bonus)}]
    first = title_block(sheet, _("Bonuspotten och hur den fördelades"), notes, printed_at=printed_at)
    rows = [
        [item.region.short_name, _exact(item.qualified), _exact(item.bonus), item.amount] for item in report.bonus_rows
    ]
    rows.append(
        [
            _("Riket"),
            _exact(sum((i.qualified for i in report.bonus_rows), Fraction(0))),
            _exact(sum((i.bonus for i in report.bonus_rows), Fraction(0))),
            sum(item.amount for item in report.bonus_rows),
        ]
    )
    headers = [_("Region"), _("Kvalificerat (kr)"), _("Andel av bonuspotten (kr)"), _("Fördelat (kr)")]
    next_row = write_table(sheet, headers=headers, rows=rows, first_row=first, money_columns=[4])
    for cell in sheet[next_row - 1]:
        cell.font = Font(bold=True)
    _format_column(sheet, 2, first + 1, EXACT_FORMAT)
    _format_column(sheet, 3, first + 1, EXACT_FORMAT)
    fit_widths(sheet, from_row=first)
    print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)


def _fulfilment_row(item) -> list:
    return [
        item.name,
        item.improvement,
        item.top,
        item.not_met,
        item.no_data + item.pending,
        _percent(item.rate),
        _exact(item.reserved),
        _exact(item.earned),
        _percent(item.earned_share),
    ]
