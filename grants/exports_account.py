"""The final account as a workbook for Kammarkollegiet (ekonomisk redovisning), request-free.

Sheets: "Sammanställning" (the decision, frame, own costs, parts, what goes back, rules R1–R5), one sheet per part
with each region's money, and "Fordringar" with the claims still outstanding.
"""

from datetime import datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from reporting.excel import KRONOR_FORMAT, fit_widths, safe_text, sheet_title, workbook_bytes, write_table

from .account import FinalAccount

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
        sheet.cell(row=first + offset, column=1, value=safe_text(label))
        cell = sheet.cell(row=first + offset, column=2, value=safe_text(value))
        if isinstance(value, int):
            cell.number_format = KRONOR_FORMAT if money else "0"
    return first + len(pairs) + 1


def _heading(sheet: Worksheet, row: int, text: str) -> int:
    sheet.cell(row=row, column=1, value=text).font = Font(bold=True, size=12)
    return row + 1


def final_account_workbook(account: FinalAccount, *, made_at: datetime | None = None) -> bytes:
    """Return the final account laid out for Kammarkollegiet."""
    programme = account.programme
    made_at = timezone.localtime(made_at or timezone.now())
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanställning"
    summary.cell(row=1, column=1, value=safe_text(f"Ekonomisk redovisning: {programme.title}")).font = Font(
        bold=True, size=13
    )
    row = _pairs(
        summary,
        3,
        [
            ("Diarienummer", programme.decision_reference or "anges inte i beslutet"),
            ("Budgetår", programme.budget_year),
            ("Utgiftsområde", programme.expenditure_area),
            ("Anslag", programme.appropriation),
            ("Anslagspost", programme.appropriation_item),
            ("Status", programme.get_status_display()),
            ("Uttag", f"{made_at:%Y-%m-%d %H:%M}"),
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
    summary.freeze_panes = None
    fit_widths(summary, maximum=70)

    taken = {"sammanställning", "fordringar"}
    for part in account.parts:
        sheet = workbook.create_sheet(sheet_title(part.component.name, taken, fallback="Del"))
        sheet.cell(row=1, column=1, value=safe_text(part.component.name)).font = Font(bold=True, size=13)
        run = f"körning {part.part.run_number}" if part.part.computed else "ingen körning"
        sheet.cell(
            row=2,
            column=1,
            value=safe_text(
                f"{programme.title} {programme.budget_year}, {run}. Delens belopp {part.component.amount:,} kr, "
                f"ofördelat {part.unallocated:,} kr.".replace(",", " ")
            ),
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
        next_row = write_table(sheet, headers=PART_HEADERS, rows=rows, first_row=4, money_columns=range(2, 9))
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
            cell = sheet.cell(row=next_row, column=column, value=value)
            cell.font = Font(bold=True)
            cell.number_format = KRONOR_FORMAT
        fit_widths(sheet)

    receivables = workbook.create_sheet("Fordringar")
    receivables.cell(row=1, column=1, value="Utestående återkrav (fordringar på regionerna)").font = Font(
        bold=True, size=13
    )
    next_row = write_table(
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
        first_row=3,
        money_columns=[5, 6, 7],
    )
    for number in range(4, next_row):
        receivables.cell(row=number, column=4).number_format = "yyyy-mm-dd"
    fit_widths(receivables)
    return workbook_bytes(workbook)
