"""The final account as a workbook for Kammarkollegiet (ekonomisk redovisning), request-free.

Sheets: "Sammanställning" (the decision, frame, own costs, parts, what goes back, rules R1–R5), one sheet per part
with each region's money, and "Fordringar" with the claims still outstanding.
"""

from datetime import datetime

from django.utils import timezone
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

from .account import FinalAccount
from .allocation.formatting import format_kr

PART_HEADERS = [
    "Region",
    "Fördelat (kr)",
    "Rekvirerat (kr)",
    "Utbetalt (kr)",
    "Ej utbetalt (kr)",
    "Återkrävt (kr)",
    "Återbetalt (kr)",
    "Utestående (kr)",
]
RECEIVABLE_HEADERS = ["Region", "Del", "Fakturanummer", "Förfallodag", "Återkrävt (kr)", "Inbetalt (kr)", "Kvar (kr)"]


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
    summary.title = "Sammanställning"
    first = title_block(summary, f"Ekonomisk redovisning: {programme.title}", about, printed_at=made_at)
    row = _pairs(
        summary,
        first,
        [
            ("Diarienummer", programme.decision_reference or "anges inte i beslutet"),
            ("Budgetår", programme.budget_year),
            ("Utgiftsområde", programme.expenditure_area),
            ("Anslag", programme.appropriation),
            ("Anslagspost", programme.appropriation_item),
            ("Status", programme.get_status_display()),
        ],
        money=False,
    )
    row = _heading(summary, row, "Ram och användning")
    ceiling_label = (
        "Tak för egna kostnader enligt beslutet"
        if account.own_costs_ceiling_stated
        else "Tak för egna kostnader (beslutet anger inget; ramen minus delarna)"
    )
    row = _pairs(
        summary,
        row,
        [
            ("Ram", account.frame),
            ("Fördelat till regionerna", account.totals.allocated),
            (ceiling_label, account.own_costs_ceiling),
            ("Använda förvaltningsmedel", account.own_costs_used),
            ("Ej använt av ramen", account.not_used),
            ("  varav ramen utöver delar och tak", account.frame_not_assigned),
            ("  varav förvaltningsmedel som inte använts", account.own_costs_not_used),
            ("  varav ofördelat i delarna", account.unallocated),
            ("Rekvirerat av regionerna", account.totals.requisitioned),
            ("Utbetalt till regionerna", account.totals.paid),
            ("Ej utbetalt av det fördelade", account.not_paid_out),
            ("Utbetalt utöver fördelningen", account.overpaid),
            ("Återkrävt", account.totals.claimed),
            ("Återbetalt av regionerna", account.totals.repaid),
            ("Utestående fordringar", account.totals.outstanding),
            ("Att återbetala till Kammarkollegiet", account.to_return),
        ],
    )
    row = _heading(summary, row, "Delar")
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
            "Del",
            "Belopp (kr)",
            "Fördelat (kr)",
            "Ofördelat (kr)",
            "Utbetalt (kr)",
            "Ej utbetalt (kr)",
            "Återkrävt (kr)",
            "Återbetalt (kr)",
        ],
        rows=parts_rows,
        first_row=row,
        money_columns=range(2, 9),
    )
    summary.freeze_panes = None
    row = _heading(summary, row + 1, "Avstämning")
    row = write_table(
        summary,
        headers=["Regel", "Vad som stäms av", "Uppfylld", "Belopp", "Avvikelser"],
        rows=[
            [rule.code, rule.title, "Ja" if rule.met else "Nej", rule.detail, " ".join(rule.failures)]
            for rule in account.rules
        ],
        first_row=row,
    )
    fit_widths(summary, maximum=70, from_row=first)
    print_setup(summary, landscape=True)
    summary.freeze_panes = None  # several tables, one below the other: nothing to hold in place

    taken = {"sammanställning", "fordringar"}
    for part in account.parts:
        sheet = workbook.create_sheet(sheet_title(part.component.name, taken, fallback="Del"))
        run = f"Fördelningskörning {part.part.run_number}." if part.part.computed else "Ingen fördelningskörning."
        first = title_block(
            sheet,
            part.component.name,
            [
                *about,
                run,
                f"Delens belopp {format_kr(part.component.amount)}, ofördelat {format_kr(part.unallocated)}.",
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
        next_row = write_table(sheet, headers=PART_HEADERS, rows=rows, first_row=first, money_columns=range(2, 9))
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
        sheet.cell(row=next_row, column=1, value="Summa").font = Font(bold=True)
        for column, value in enumerate(sums, start=2):
            cell = write(sheet, next_row, column, value)
            cell.font = Font(bold=True)
            cell.number_format = KRONOR_FORMAT
        fit_widths(sheet, from_row=first)
        print_setup(sheet, header_row=first, landscape=True)

    receivables = workbook.create_sheet("Fordringar")
    first = title_block(receivables, "Utestående återkrav (fordringar på regionerna)", about, printed_at=made_at)
    write_table(
        receivables,
        headers=RECEIVABLE_HEADERS,
        rows=[
            [
                claim.region.name,
                claim.component.name if claim.component else "Hela statsbidraget",
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
