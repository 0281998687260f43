"""The final account as a workbook for Kammarkollegiet (ekonomisk redovisning), request-free.

Sheets: "Sammanställning" (the decision, frame, own costs, parts, what goes back, rules R1–R5), one sheet per part
with each region's money, and "Fordringar" with the claims still outstanding.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from reporting.excel import (
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

from . import l10n
from .account import FinalAccount

PART_HEADERS = [
    gettext_lazy("Region"),
    gettext_lazy("Fördelat (kr)"),
    gettext_lazy("Rekvirerat (kr)"),
    gettext_lazy("Utbetalt (kr)"),
    gettext_lazy("Ej utbetalt (kr)"),
    gettext_lazy("Återkrävt (kr)"),
    gettext_lazy("Återbetalt (kr)"),
    gettext_lazy("Utestående (kr)"),
]
RECEIVABLE_HEADERS = [
    gettext_lazy("Region"),
    gettext_lazy("Del"),
    gettext_lazy("Fakturanummer"),
    gettext_lazy("Förfallodag"),
    gettext_lazy("Återkrävt (kr)"),
    gettext_lazy("Inbetalt (kr)"),
    gettext_lazy("Kvar (kr)"),
]


def _pairs(sheet: Worksheet, first: int, pairs: list[tuple[str, object]], *, money: bool = True) -> int:
    for offset, (label, value) in enumerate(pairs):
        write(sheet, first + offset, 1, label)
        cell = write(sheet, first + offset, 2, value)
        if isinstance(value, int):
            cell.number_format = KRONOR_FORMAT if money else "0"
    return first + len(pairs) + 1


def _heading(sheet: Worksheet, row: int, text: str) -> int:
    sheet.cell(row=row, column=1, value=text).font = Font(bold=True, size=12)
    return row + 1


def final_account_workbook(account: FinalAccount, *, made_at: datetime | None = None) -> bytes:
    """Return the final account laid out for Kammarkollegiet."""
    programme = account.programme
    made_at = made_at or timezone.now()
    about = programme_lines(programme)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanställning"  # i18n: stored (a sheet name stays Swedish)
    heading = _("Ekonomisk redovisning: %(title)s") % {"title": programme.title}
    first = title_block(summary, heading, about, printed_at=made_at)
    row = _pairs(
        summary,
        first,
        [
            (_("Diarienummer"), programme.decision_reference or _("anges inte i beslutet")),
            (_("Budgetår"), programme.budget_year),
            (_("Utgiftsområde"), programme.expenditure_area),
            (_("Anslag"), programme.appropriation),
            (_("Anslagspost"), programme.appropriation_item),
            (_("Status"), str(programme.get_status_display())),
        ],
        money=False,
    )
    row = _heading(summary, row, _("Ram och användning"))
    ceiling_label = (
        _("Tak för egna kostnader enligt beslutet")
        if account.own_costs_ceiling_stated
        else _("Tak för egna kostnader (beslutet anger inget; ramen minus delarna)")
    )
    row = _pairs(
        summary,
        row,
        [
            (_("Ram"), account.frame),
            (_("Fördelat till regionerna"), account.totals.allocated),
            (ceiling_label, account.own_costs_ceiling),
            (_("Använda förvaltningsmedel"), account.own_costs_used),
            (_("Ej använt av ramen"), account.not_used),
            ("  " + _("varav ramen utöver delar och tak"), account.frame_not_assigned),
            ("  " + _("varav förvaltningsmedel som inte använts"), account.own_costs_not_used),
            ("  " + _("varav ofördelat i delarna"), account.unallocated),
            (_("Rekvirerat av regionerna"), account.totals.requisitioned),
            (_("Utbetalt till regionerna"), account.totals.paid),
            (_("Ej utbetalt av det fördelade"), account.not_paid_out),
            (_("Utbetalt utöver fördelningen"), account.overpaid),
            (_("Återkrävt"), account.totals.claimed),
            (_("Återbetalt av regionerna"), account.totals.repaid),
            (_("Utestående fordringar"), account.totals.outstanding),
            (_("Att återbetala till Kammarkollegiet"), account.to_return),
        ],
    )
    row = _heading(summary, row, _("Delar"))
    parts_rows = [
        [
            part.component.name,
            part.component.amount,
            part.totals.allocated,
            part.unallocated,
            part.totals.paid,
            part.totals.not_paid,
            part.totals.claimed,
            part.totals.repaid,
        ]
        for part in account.parts
    ]
    row = write_table(
        summary,
        headers=[
            _("Del"),
            _("Belopp (kr)"),
            _("Fördelat (kr)"),
            _("Ofördelat (kr)"),
            _("Utbetalt (kr)"),
            _("Ej utbetalt (kr)"),
            _("Återkrävt (kr)"),
            _("Återbetalt (kr)"),
        ],
        rows=parts_rows,
        first_row=row,
        money_columns=range(2, 9),
    )
    summary.freeze_panes = None
    row = _heading(summary, row + 1, _("Avstämning"))
    row = write_table(
        summary,
        headers=[_("Regel"), _("Vad som stäms av"), _("Uppfylld"), _("Belopp"), _("Avvikelser")],
        rows=[
            [
                rule.code,
                str(rule.title),
                _("Ja") if rule.met else _("Nej"),
                str(rule.detail),
                " ".join(str(failure) for failure in rule.failures),
            ]
            for rule in account.rules
        ],
        first_row=row,
    )
    fit_widths(summary, maximum=70, from_row=first)
    print_setup(summary, landscape=True)
    summary.freeze_panes = None  # several tables, one below the other: nothing to hold in place

    taken = {"sammanställning", "fordringar"}  # i18n: stored (sheet names)
    for part in account.parts:
        sheet = workbook.create_sheet(sheet_title(part.component.name, taken, fallback="Del"))
        run = (
            _("Fördelningskörning %(number)s.") % {"number": part.part.run_number}
            if part.part.computed
            else _("Ingen fördelningskörning.")
        )
        first = title_block(
            sheet,
            part.component.name,
            [
                *about,
                run,
                _("Delens belopp %(amount)s, ofördelat %(unallocated)s.")
                % {"amount": l10n.kr(part.component.amount), "unallocated": l10n.kr(part.unallocated)},
            ],
            printed_at=made_at,
        )
        rows = [
            [
                line.region.name,
                line.figures.allocated,
                line.figures.requisitioned,
                line.figures.paid,
                line.figures.not_paid,
                line.figures.claimed,
                line.figures.repaid,
                line.figures.outstanding,
            ]
            for line in part.regions
        ]
        next_row = write_table(
            sheet, headers=[str(h) for h in PART_HEADERS], rows=rows, first_row=first, money_columns=range(2, 9)
        )
        totals = part.totals
        sums = [
            totals.allocated,
            totals.requisitioned,
            totals.paid,
            totals.not_paid,
            totals.claimed,
            totals.repaid,
            totals.outstanding,
        ]
        sheet.cell(row=next_row, column=1, value=_("Summa")).font = Font(bold=True)
        for column, value in enumerate(sums, start=2):
            cell = write(sheet, next_row, column, value)
            cell.font = Font(bold=True)
            cell.number_format = KRONOR_FORMAT
        fit_widths(sheet, from_row=first)
        print_setup(sheet, header_row=first, landscape=True)

    receivables = workbook.create_sheet("Fordringar")
    first = title_block(receivables, _("Utestående återkrav (fordringar på regionerna)"), about, printed_at=made_at)
    write_table(
        receivables,
        headers=[str(h) for h in RECEIVABLE_HEADERS],
        rows=[
            [
                claim.region.name,
                claim.component.name if claim.component else _("Hela statsbidraget"),
                claim.invoice_number,
                claim.due_date,
                claim.claimed,
                claim.paid_total,
                claim.outstanding,
            ]
            for claim in account.receivables
        ],
        first_row=first,
        money_columns=[5, 6, 7],
    )
    fit_widths(receivables, from_row=first)
    print_setup(receivables, header_row=first, landscape=True)
    return workbook_bytes(workbook)
