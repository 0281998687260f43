"""Excel exports of the back office, request-free: rows in, workbook bytes out.

Every cell is written through reporting.excel.write (in write_table or here), so nothing a region or a user typed
can become a formula; every sheet starts with a title block and is set up for printing.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

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
from .models import Payout, PayoutBatch

PAYOUT_HEADERS = [
    gettext_lazy("Region"),
    gettext_lazy("Del"),
    gettext_lazy("Organisationsnummer"),
    gettext_lazy("Betalningssätt"),
    gettext_lazy("Bankgiro/plusgiro"),
    gettext_lazy("Belopp (kr)"),
    gettext_lazy("Diarienummer"),
    gettext_lazy("Anslag"),
    gettext_lazy("Anslagspost"),
    gettext_lazy("Utbetalningsdag"),
    gettext_lazy("Upprättad av"),
    gettext_lazy("Attesterad av"),
]

REPAYMENT_HEADERS = [
    gettext_lazy("Statsbidrag"),
    gettext_lazy("Diarienummer"),
    gettext_lazy("Anslag"),
    gettext_lazy("Anslagspost"),
    gettext_lazy("Region"),
    gettext_lazy("Organisationsnummer"),
    gettext_lazy("Orsak"),
    gettext_lazy("Motivering"),
    gettext_lazy("Fakturanummer"),
    gettext_lazy("Förfallodag"),
    gettext_lazy("Återkrävt (kr)"),
    gettext_lazy("Inbetalt (kr)"),
    gettext_lazy("Senast inbetalt"),
    gettext_lazy("Kvar att betala (kr)"),
]


def person(user) -> str:
    """Return a user's full name, or the username when no name is given."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _sum_row(sheet, row: int, values: dict[int, int], label_column: int = 1) -> None:
    sheet.cell(row=row, column=label_column, value=_("Summa")).font = Font(bold=True)
    for column, value in values.items():
        cell = write(sheet, row, column, value)
        cell.font = Font(bold=True)
        cell.number_format = KRONOR_FORMAT


def payout_workbook(batch: PayoutBatch, payouts: list[Payout], *, printed_at: datetime | None = None) -> bytes:
    """Return the payout decision (utbetalningsbeslut): one row per region, a sum, who prepared and approved it."""
    programme = batch.programme
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Utbetalningsbeslut"
    prepared = {"moment": l10n.datetime_text(batch.prepared_at), "person": person(batch.prepared_by)}
    if batch.approved_by:
        approved = {"approved_moment": l10n.datetime_text(batch.approved_at), "approver": person(batch.approved_by)}
        status = _(
            "Status: %(status)s. Upprättat %(moment)s av %(person)s, attesterat %(approved_moment)s av %(approver)s."
        ) % {"status": batch.get_status_display(), **prepared, **approved}
    else:
        status = _("Status: %(status)s. Upprättat %(moment)s av %(person)s.") % {
            "status": batch.get_status_display(),
            **prepared,
        }
    first = title_block(
        sheet,
        _("Utbetalningsbeslut nr %(number)s") % {"number": batch.pk},
        [*programme_lines(programme, batch.run), status],
        printed_at=printed_at,
    )
    rows = [
        [
            payout.region.name,
            payout.component.name,
            payout.organisation_number,
            payout.get_payment_method_display(),
            payout.payment_account,
            payout.amount,
            programme.decision_reference,
            programme.appropriation,
            programme.appropriation_item,
            batch.payout_date,
            person(batch.prepared_by),
            person(batch.approved_by),
        ]
        for payout in payouts
    ]
    next_row = write_table(
        sheet, headers=[str(h) for h in PAYOUT_HEADERS], rows=rows, first_row=first, money_columns=[6]
    )
    _sum_row(sheet, next_row, {6: sum(p.amount for p in payouts)})
    fit_widths(sheet, from_row=first)
    print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)


def repayment_workbook(repayments, *, today: date, printed_at: datetime | None = None) -> bytes:
    """Return repayment claims for the financial account: claimed, paid, outstanding, with a sum row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Återbetalningar"  # i18n: stored (a sheet name stays Swedish)
    first = title_block(
        sheet,
        _("Återbetalningar (återkrav)"),
        [_("Ställning den %(date)s.") % {"date": l10n.date_text(today)}],
        printed_at=printed_at,
    )
    rows = [
        [
            r.programme.title,
            r.programme.decision_reference,
            r.programme.appropriation,
            r.programme.appropriation_item,
            r.region.name,
            r.region.organisation_number,
            r.get_reason_display(),
            r.reason_text,
            r.invoice_number,
            r.due_date,
            r.claimed,
            r.paid_total,
            r.last_paid_on,
            r.outstanding,
        ]
        for r in repayments
    ]
    next_row = write_table(
        sheet, headers=[str(h) for h in REPAYMENT_HEADERS], rows=rows, first_row=first, money_columns=[11, 12, 14]
    )
    _sum_row(
        sheet,
        next_row,
        {
            11: sum(r.claimed for r in repayments),
            12: sum(r.paid_total for r in repayments),
            14: sum(r.outstanding for r in repayments),
        },
    )
    fit_widths(sheet, from_row=first)
    sheet.column_dimensions["H"].width = 50
    print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)


def table_workbook(title: str, values, *, lines: Iterable[str] = (), printed_at: datetime | None = None) -> bytes:
    """Return a list page as a workbook: the table's export values (first row headers), numbers as numbers."""
    rows = list(values)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title, set(), fallback="Lista")
    first = title_block(sheet, title, lines, printed_at=printed_at)
    headers, body = (rows[0], rows[1:]) if rows else ([], [])
    money = [i for i, _ in enumerate(headers, start=1) if body and all(isinstance(r[i - 1], int) for r in body)]
    write_table(sheet, headers=[str(h) for h in headers], rows=body, first_row=first, money_columns=money)
    fit_widths(sheet, from_row=first)
    print_setup(sheet, header_row=first)
    return workbook_bytes(workbook)
