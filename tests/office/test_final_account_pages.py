"""The final account (ekonomisk redovisning): the page, the workbook for Kammarkollegiet, own costs and closing."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import (
    AllocationLine,
    AllocationRun,
    GrantProgramme,
    Payout,
    PayoutBatch,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
    Requisition,
)
from grants.services import (
    allocation_run_create,
    payout_batch_prepare_from_requisitions,
    programme_close,
    programme_own_costs_record,
    repayment_create,
    repayment_payment_record,
    requisition_approve,
)
from regions.models import Region
from tests.factories import StaffFactory, UserFactory
from tests.factories_office import ApproverFactory, RequisitionFactory, region
from tests.factories_portal import programme_with_run
from tests.money import pay_on_requisition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payment_details")]

SEEDS = ["uppdamda-vardbehov-2022", "vardplatser-2024", "vardkoer-2025"]
CLAIM_DAY = datetime.date(2023, 2, 15)  # before every seed's repayment date, so claims fall due on it


def kr(amount: int) -> str:
    """Write an amount as the pages do, with non-breaking spaces: 2\u00a0500\u00a0000\u00a0kr."""
    return f"{amount:,}\u00a0kr".replace(",", "\u00a0")


def allocations(programme: GrantProgramme, part: str) -> dict[str, int]:
    """Return county code -> the region's allocation of the part in the programme's newest successful run."""
    run = programme.runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()
    return dict(AllocationLine.objects.filter(run=run, component__code=part).values_list("region__code", "amount"))


def closer():
    """Return a staff member allowed to close programmes."""
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="close_grantprogramme"))
    return user


@pytest.fixture
def officer():
    return StaffFactory(first_name="Hanna", last_name="Handläggare")


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


def _add_money(programme: GrantProgramme) -> None:
    """Pay three regions their allocation of the part paid on requisition and claim some of it back."""
    part = programme.components.filter(payment_basis="requisition").order_by("position").first()
    shares = allocations(programme, part.code)
    pay_on_requisition(programme, {code: shares[code] for code in ("01", "03", "09")})
    officer = StaffFactory()
    claim = repayment_create(
        actor=officer,
        programme=programme,
        region=region("01"),
        amount=1_000_000,
        reason_text="Medel använda till annat.",
        component=part,
        today=CLAIM_DAY,
    )
    repayment_payment_record(actor=officer, repayment=claim, paid_on=CLAIM_DAY, amount=400_000)
    repayment_create(
        actor=officer,
        programme=programme,
        region=region("09"),
        amount=500_000,
        reason_text="Återrapporteringen kom in för sent.",
        today=CLAIM_DAY,
    )


# --- The page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", SEEDS)
def test_the_final_account_page_is_for_staff_only(client, code):
    programme = programme_with_run(code)
    url = reverse("office:account_detail", args=[programme.code])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(reverse("office:account_export", args=[programme.code])).status_code == 403
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ekonomisk redovisning" in html and "Att återbetala till Kammarkollegiet" in html
    assert "Pågående" in html
    for part in programme.components.all():
        assert part.name in html


@pytest.mark.parametrize("code", SEEDS)
def test_the_final_account_page_runs_the_same_number_of_queries_whatever_the_payouts_and_claims(
    staff_client, django_assert_num_queries, code
):
    programme = programme_with_run(code)
    url = reverse("office:account_detail", args=[programme.code])
    staff_client.get(url)
    # 1 user, 2 programme, 3 programme as stored (the account reads it afresh), 4 parts, 5 newest run per part,
    # 6 those runs, 7 their lines, 8 paid per part and region, 9 claimed and repaid per part and region,
    # 10 requisitioned lines, 11 the parts' recipients, 12 regions, 13 claims with region and part,
    # 14 open payout decisions, 15 open requisitions, 16 paid out in paid decisions, 17 received on claims (both
    # summed for R5), 18 user's permissions, 19 group permissions (may close), 20 deadlines (template)
    with django_assert_num_queries(20):
        staff_client.get(url)
    _add_money(programme)
    with django_assert_num_queries(20):
        response = staff_client.get(url)
    account = response.context["account"]
    assert len(account.receivables) == 2
    assert account.totals.claimed == 1_500_000 and account.totals.repaid == 400_000


def test_the_excel_export_runs_the_same_number_of_queries_whatever_the_payouts_and_claims(
    staff_client, django_assert_num_queries
):
    programme = programme_with_run("vardplatser-2024")
    url = reverse("office:account_export", args=[programme.code])
    # 1 user, 2 programme, then the account's 15: programme as stored, parts, newest run per part, runs, lines,
    # paid, claims per part and region, requisitioned lines, the parts' recipients, regions, claims with region and
    # part, open decisions, open requisitions, paid out and received on claims (for R5)
    with django_assert_num_queries(17):
        staff_client.get(url)
    _add_money(programme)
    with django_assert_num_queries(17):
        staff_client.get(url)


# --- The workbook for Kammarkollegiet -------------------------------------------------------------------------


@pytest.fixture
def settled_2024(officer):
    """The 2024 grant: Stockholm and Gotland paid their basic part, two claims, own costs of 1 200 000 kr.

    Stockholm 174 464 006 kr and Gotland 4 339 944 kr are their shares of the 750 000 000 kr basic part (seed 002,
    bilaga 2). Gotland's claim is repaid in full; Stockholm still owes 750 000 kr of its 1 000 000 kr claim.
    """
    programme = programme_with_run("vardplatser-2024")
    pay_on_requisition(programme, {"01": 174_464_006, "09": 4_339_944}, payout_date=datetime.date(2024, 6, 1))
    basic = programme.components.get(code="grundlaggande")
    stockholm = repayment_create(
        actor=officer,
        programme=programme,
        region=region("01"),
        amount=1_000_000,
        reason_text="Medel använda till annat.",
        component=basic,
        invoice_number="F-2025-001",
        today=datetime.date(2025, 1, 10),
    )
    repayment_payment_record(actor=officer, repayment=stockholm, paid_on=datetime.date(2025, 2, 1), amount=250_000)
    gotland = repayment_create(
        actor=officer,
        programme=programme,
        region=region("09"),
        amount=4_339_944,
        reason_text="Vårdplatsdata för 2023 kom aldrig in.",
        component=basic,
        today=datetime.date(2025, 1, 10),
    )
    repayment_payment_record(actor=officer, repayment=gotland, paid_on=datetime.date(2025, 2, 1), amount=4_339_944)
    programme_own_costs_record(actor=officer, programme=programme, amount=1_200_000, reason="Verifikation 2025-17")
    return programme


def _workbook(client, programme):
    response = client.get(reverse("office:account_export", args=[programme.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="ekonomisk-redovisning-{programme.code}.xlsx"' in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content))


def _pairs(sheet) -> dict[str, object]:
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], str) and len(row) > 1}


def test_the_workbook_has_swedish_sheet_names_excel_accepts_one_per_part(staff_client, settled_2024):
    workbook = _workbook(staff_client, settled_2024)
    assert workbook.sheetnames == [
        "Sammanställning",
        "Grundläggande krav rapportera v",  # "Grundläggande krav: rapportera vårdplatsdata", cut at 31
        "Krav på prestation överbeläggni",  # "Krav på prestation: överbeläggningar och utlokaliseringar"
        "Fordringar",
    ]
    for name in workbook.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_the_2025_parts_with_colons_get_distinct_sheet_names(staff_client):
    workbook = _workbook(staff_client, programme_with_run("vardkoer-2025"))
    assert workbook.sheetnames == [
        "Sammanställning",
        "Block 1 Stärka förutsättningarn",
        "Block 2 Medel för att stimulera",
        "Fordringar",
    ]


def test_the_summary_sheet_has_the_frame_and_what_goes_back_to_kammarkollegiet(staff_client, settled_2024):
    summary = _workbook(staff_client, settled_2024)["Sammanställning"]
    assert summary["A1"].value == (
        "Ekonomisk redovisning: Prestationsbaserade medel för att öka antalet disponibla vårdplatser"
    )
    values = _pairs(summary)
    assert values["Diarienummer"] == "anges inte i beslutet"
    assert values["Budgetår"] == 2024
    assert values["Status"] == "Pågående"
    paid = 174_464_006 + 4_339_944
    repaid = 250_000 + 4_339_944
    assert values["Ram"] == 1_993_200_000
    assert values["Fördelat till regionerna"] == 750_000_000  # the performance part's run is still provisional: 0
    assert values["Tak för egna kostnader enligt beslutet"] == 3_200_000
    assert values["Använda förvaltningsmedel"] == 1_200_000
    # Not used: 2 000 000 kr of the ceiling, and the 1 240 000 000 kr performance part not yet allocated
    assert values["Ej använt av ramen"] == 1_242_000_000
    assert values["  varav ramen utöver delar och tak"] == 0
    assert values["  varav förvaltningsmedel som inte använts"] == 2_000_000
    assert values["  varav ofördelat i delarna"] == 1_240_000_000
    assert values["Rekvirerat av regionerna"] == paid
    assert values["Utbetalt till regionerna"] == paid
    assert values["Ej utbetalt av det fördelade"] == 750_000_000 - paid
    assert values["Utbetalt utöver fördelningen"] == 0
    assert values["Återkrävt"] == 5_339_944
    assert values["Återbetalt av regionerna"] == repaid
    assert values["Utestående fordringar"] == 750_000
    # The frame less what the regions keep (paid less repaid) less own costs: 1 817 785 994 kr
    assert values["Att återbetala till Kammarkollegiet"] == 1_993_200_000 - (paid - repaid) - 1_200_000
    assert values["Att återbetala till Kammarkollegiet"] == 1_817_785_994
    assert summary.cell(row=_row_of(summary, "Ram"), column=2).number_format == "#,##0"


def _row_of(sheet, label: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == label)


def test_the_summary_sheet_shows_each_rule_met_or_not(staff_client, settled_2024):
    summary = _workbook(staff_client, settled_2024)["Sammanställning"]
    header = _row_of(summary, "Regel")
    assert [c.value for c in summary[header]][:5] == ["Regel", "Vad som stäms av", "Uppfylld", "Belopp", "Avvikelser"]
    rules = {
        row[0]: (row[2], row[4]) for row in summary.iter_rows(min_row=header + 1, max_row=header + 5, values_only=True)
    }
    assert {code: met for code, (met, _) in rules.items()} == {
        "R1": "Ja",
        "R2": "Nej",  # the performance part's run is provisional
        "R3": "Ja",
        "R4": "Ja",
        "R5": "Ja",
    }
    assert rules["R2"][1] == (
        "Krav på prestation: överbeläggningar och utlokaliseringar: körning 1 är preliminär, inte slutlig."
    )


def test_each_part_sheet_has_the_21_regions_and_a_sum_row(staff_client, settled_2024):
    sheet = _workbook(staff_client, settled_2024)["Grundläggande krav rapportera v"]
    assert sheet["A1"].value == "Grundläggande krav: rapportera vårdplatsdata"
    header_row = _row_of(sheet, "Region")
    assert [c.value for c in sheet[header_row]] == [
        "Region",
        "Fördelat (kr)",
        "Rekvirerat (kr)",
        "Utbetalt (kr)",
        "Ej utbetalt (kr)",
        "Återkrävt (kr)",
        "Återbetalt (kr)",
        "Utestående (kr)",
    ]
    rows = list(sheet.iter_rows(min_row=header_row + 1, values_only=True))
    assert len(rows) == 22
    regions = rows[:21]
    assert [r[0] for r in regions] == list(Region.objects.order_by("code").values_list("name", flat=True))
    assert regions[0][1:] == (174_464_006, 174_464_006, 174_464_006, 0, 1_000_000, 250_000, 750_000)
    gotland = next(r for r in regions if r[0] == region("09").name)
    assert gotland[1:] == (4_339_944, 4_339_944, 4_339_944, 0, 4_339_944, 4_339_944, 0)
    paid = 174_464_006 + 4_339_944
    assert rows[21] == ("Summa", 750_000_000, paid, paid, 750_000_000 - paid, 5_339_944, 4_589_944, 750_000)
    assert sum(r[1] for r in regions) == 750_000_000


def test_the_claims_sheet_lists_only_what_is_still_owed(staff_client, settled_2024):
    sheet = _workbook(staff_client, settled_2024)["Fordringar"]
    header_row = _row_of(sheet, "Region")
    assert [c.value for c in sheet[header_row]] == [
        "Region",
        "Del",
        "Fakturanummer",
        "Förfallodag",
        "Återkrävt (kr)",
        "Inbetalt (kr)",
        "Kvar (kr)",
    ]
    rows = list(sheet.iter_rows(min_row=header_row + 1, values_only=True))
    assert rows == [
        (
            region("01").name,
            "Grundläggande krav: rapportera vårdplatsdata",
            "F-2025-001",
            datetime.datetime(2025, 3, 31),  # the decision's repayment date, still ahead on 10 January 2025
            1_000_000,
            250_000,
            750_000,
        )
    ]


def test_no_cell_of_the_workbook_is_a_formula(staff_client, settled_2024):
    Repayment.objects.filter(region=region("01")).update(invoice_number='=HYPERLINK("http://x")')
    workbook = _workbook(staff_client, settled_2024)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    claims = workbook["Fordringar"]
    invoice = claims.cell(row=_row_of(claims, "Region") + 1, column=3)
    assert invoice.value == '=HYPERLINK("http://x")' and invoice.data_type == "s" and invoice.quotePrefix


def test_the_budget_year_is_a_plain_year_not_formatted_as_kronor(staff_client, settled_2024):
    """Issue: every integer in the summary's header gets the kronor format, so Excel shows the year as "2 024"."""
    summary = _workbook(staff_client, settled_2024)["Sammanställning"]
    cell = summary.cell(row=_row_of(summary, "Budgetår"), column=2)
    assert cell.value == 2024
    assert cell.number_format != "#,##0"


# --- Own costs ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "ceiling"),
    [
        # Seed 000 states no ceiling: the frame less the part, 2 000 000 000 − 1 997 500 000
        ("uppdamda-vardbehov-2022", 2_500_000),
        # Seed 002: "högst 3 200 000 kronor för egna kostnader"
        ("vardplatser-2024", 3_200_000),
    ],
)
def test_own_costs_above_the_ceiling_are_refused_and_change_nothing(staff_client, code, ceiling):
    programme = programme_with_run(code)
    versions = programme.history.count()
    response = staff_client.post(
        reverse("office:own_costs_record", args=[programme.code]),
        {"amount": ceiling + 1, "reason": "Verifikation 2023-0457"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("office:account_detail", args=[programme.code])
    assert (
        f"Socialstyrelsen får använda högst {kr(ceiling)} för egna kostnader inom statsbidraget; "
        f"{kr(ceiling + 1)} är mer än så."
    ) in response.content.decode()
    programme.refresh_from_db()
    assert programme.own_costs_used is None
    assert programme.history.count() == versions


def test_own_costs_without_a_reason_are_refused(staff_client):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    response = staff_client.post(
        reverse("office:own_costs_record", args=[programme.code]), {"amount": 1_000, "reason": ""}, follow=True
    )
    assert "Ange beloppet i hela kronor och underlaget." in response.content.decode()
    programme.refresh_from_db()
    assert programme.own_costs_used is None


def test_own_costs_are_recorded_with_the_reason_in_the_programmes_history(staff_client, officer):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    response = staff_client.post(
        reverse("office:own_costs_record", args=[programme.code]),
        {"amount": 1_234_567, "reason": "  Verifikation 2023-0457 "},
        follow=True,
    )
    html = response.content.decode()
    assert "De använda förvaltningsmedlen är registrerade." in html
    assert f"<dt>Använda förvaltningsmedel</dt><dd>{kr(1_234_567)}</dd>" in html
    programme.refresh_from_db()
    assert programme.own_costs_used == 1_234_567
    record = programme.history.order_by("-history_date", "-history_id").first()
    assert record.history_change_reason == "Använda förvaltningsmedel: Verifikation 2023-0457"
    assert record.history_user == officer
    page = staff_client.get(reverse("office:programme_history", args=[programme.code])).content.decode()
    assert "Skäl: Använda förvaltningsmedel: Verifikation 2023-0457" in page
    assert "Använda förvaltningsmedel (kr): <del>–</del> → 1\u00a0234\u00a0567" in page


def test_a_non_staff_user_cannot_record_own_costs_or_close(client):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    client.force_login(UserFactory())
    data = {"amount": 1_000, "reason": "Försök"}
    assert client.post(reverse("office:own_costs_record", args=[programme.code]), data).status_code == 403
    assert client.post(reverse("office:programme_close", args=[programme.code])).status_code == 403
    programme.refresh_from_db()
    assert programme.own_costs_used is None and not programme.is_closed


# --- Closing --------------------------------------------------------------------------------------------------


@pytest.fixture
def settled_2022(officer):
    """The 2022 grant with every region paid its whole share, own costs of 2 000 000 kr and one open claim.

    Stockholm was claimed 1 000 000 kr and has repaid 400 000 kr: the rest is a receivable when the grant closes.
    """
    programme = programme_with_run("uppdamda-vardbehov-2022")
    pay_on_requisition(programme, allocations(programme, "invanare"))
    claim = repayment_create(
        actor=officer,
        programme=programme,
        region=region("01"),
        amount=1_000_000,
        reason_text="Medel använda till annat.",
        component=programme.components.get(),
        today=CLAIM_DAY,
    )
    repayment_payment_record(actor=officer, repayment=claim, paid_on=CLAIM_DAY, amount=400_000)
    programme_own_costs_record(actor=officer, programme=programme, amount=2_000_000, reason="Verifikation 2023-12")
    return programme


def _close(client, programme):
    response = client.post(
        reverse("office:programme_close", args=[programme.code]), {"confirmation": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("office:account_detail", args=[programme.code])
    programme.refresh_from_db()
    return response.content.decode()


def test_closing_is_refused_without_the_permission(staff_client, settled_2022):
    page = staff_client.get(reverse("office:account_detail", args=[settled_2022.code])).content.decode()
    assert "Alla avstämningsregler är uppfyllda." in page
    assert "Du har inte behörighet att avsluta statsbidrag." in page
    assert reverse("office:programme_close", args=[settled_2022.code]) not in page
    html = _close(staff_client, settled_2022)
    assert "Du har inte behörighet att avsluta statsbidrag." in html
    assert settled_2022.status == GrantProgramme.Status.PUBLISHED
    assert settled_2022.closed_at is None and settled_2022.closing_account == {}


def test_closing_is_refused_naming_the_own_costs_not_recorded(client):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    pay_on_requisition(programme, allocations(programme, "invanare"))
    client.force_login(closer())
    page = client.get(reverse("office:account_detail", args=[programme.code])).content.decode()
    assert "Statsbidraget kan avslutas när alla regler är uppfyllda och följande är klart:" in page
    assert "<li>R1 är inte uppfylld.</li>" in page
    html = _close(client, programme)
    assert (
        "Statsbidraget kan inte avslutas: Socialstyrelsens använda förvaltningsmedel (egna kostnader) är inte "
        "registrerade. R1: Använda förvaltningsmedel är inte registrerade."
    ) in html
    assert not programme.is_closed


def test_closing_is_refused_while_a_decision_or_a_requisition_is_open(client, officer):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=1_000)
    RequisitionFactory(programme=programme, region=region("03"), status=Requisition.Status.SUBMITTED, amount=1_000)
    payout_batch_prepare_from_requisitions(actor=officer, programme=programme, payout_date=datetime.date(2022, 3, 31))
    programme_own_costs_record(actor=officer, programme=programme, amount=0, reason="Inga egna kostnader")
    client.force_login(closer())
    page = client.get(reverse("office:account_detail", args=[programme.code])).content.decode()
    assert "<li>1 utbetalningsbeslut är inte attesterat och utbetalt.</li>" in page
    html = _close(client, programme)
    assert (
        "Statsbidraget kan inte avslutas: 1 utbetalningsbeslut är inte attesterat och utbetalt. "
        "1 rekvisition väntar på granskning eller komplettering."
    ) in html
    assert not programme.is_closed


def test_closing_is_refused_while_a_rule_is_not_met(client, officer):
    programme = programme_with_run("vardplatser-2024")
    programme_own_costs_record(actor=officer, programme=programme, amount=0, reason="Inga egna kostnader")
    client.force_login(closer())
    html = _close(client, programme)
    assert (
        "Statsbidraget kan inte avslutas: R2: Krav på prestation: överbeläggningar och utlokaliseringar: "
        "körning 1 är preliminär, inte slutlig."
    ) in html
    assert not programme.is_closed


def test_closing_a_settled_programme_keeps_its_account_and_lists_the_receivables(client, settled_2022):
    user = closer()
    client.force_login(user)
    html = _close(client, settled_2022)
    assert "Statsbidraget är avslutat. Dess ekonomi är nu låst." in html
    assert settled_2022.status == GrantProgramme.Status.CLOSED
    assert settled_2022.closed_by == user and settled_2022.closed_at is not None
    snapshot = settled_2022.closing_account
    assert snapshot["frame"] == 2_000_000_000
    assert snapshot["totals"]["paid"] == 1_997_500_000
    # 2 000 000 000 − (1 997 500 000 paid − 400 000 repaid) − 2 000 000 own costs
    assert snapshot["to_return"] == 900_000
    assert [(r["region"], r["outstanding"]) for r in snapshot["receivables"]] == [("01", 600_000)]
    assert all(rule["met"] for rule in snapshot["rules"])


def test_the_closed_programmes_page_shows_avslutat_and_no_forms(client, django_assert_num_queries, settled_2022):
    client.force_login(closer())
    _close(client, settled_2022)
    url = reverse("office:account_detail", args=[settled_2022.code])
    # The 20 of an open programme and 21 the person who closed it
    with django_assert_num_queries(21):
        html = client.get(url).content.decode()
    assert "Avslutat" in html and "Pågående" not in html
    assert "Statsbidraget avslutades" in html
    assert "de utestående återkraven är fordringar på regionerna" in html
    assert reverse("office:own_costs_record", args=[settled_2022.code]) not in html
    assert reverse("office:programme_close", args=[settled_2022.code]) not in html
    assert 'name="amount"' not in html


def _money(programme: GrantProgramme) -> dict:
    """Return everything about the programme's money that closing freezes."""
    return {
        "programme": GrantProgramme.objects.filter(pk=programme.pk).values().get(),
        "programme_versions": programme.history.count(),
        "requisitions": list(Requisition.objects.filter(programme=programme).values_list("pk", "status")),
        "requisition_versions": Requisition.history.filter(programme_id=programme.pk).count(),
        "batches": list(PayoutBatch.objects.filter(programme=programme).values_list("pk", "status")),
        "payouts": Payout.objects.filter(batch__programme=programme).count(),
        "claims": list(Repayment.objects.filter(programme=programme).values_list("pk", "amount")),
        "claim_payments": RepaymentPayment.objects.filter(repayment__programme=programme).count(),
        "adjustments": RepaymentAdjustment.objects.filter(repayment__programme=programme).count(),
        "runs": AllocationRun.objects.filter(programme=programme).count(),
    }


def every_permission():
    """Return a staff member who may approve payouts and close programmes, so only the closed state can refuse."""
    user = ApproverFactory()
    user.user_permissions.add(Permission.objects.get(codename="close_grantprogramme"))
    return user


FROZEN = {
    "requisition_approve": lambda p, actor: requisition_approve(
        actor=actor, requisition=Requisition.objects.get(programme=p, status=Requisition.Status.SUBMITTED)
    ),
    "payout_batch_prepare_from_requisitions": lambda p, actor: payout_batch_prepare_from_requisitions(
        actor=actor, programme=p, payout_date=datetime.date(2023, 4, 1)
    ),
    "repayment_create": lambda p, actor: repayment_create(
        actor=actor, programme=p, region=region("03"), amount=1_000, reason_text="Efter avslut"
    ),
    "repayment_payment_record": lambda p, actor: repayment_payment_record(
        actor=actor, repayment=Repayment.objects.get(programme=p), paid_on=datetime.date(2023, 4, 1), amount=1_000
    ),
    "programme_own_costs_record": lambda p, actor: programme_own_costs_record(
        actor=actor, programme=p, amount=1_000, reason="Efter avslut"
    ),
    "allocation_run_create": lambda p, actor: allocation_run_create(programme=p, actor=actor, force=True),
}


@pytest.mark.parametrize("service", FROZEN)
def test_after_closing_every_money_service_is_refused_and_nothing_changes(settled_2022, service):
    stale = GrantProgramme.objects.get(pk=settled_2022.pk)  # a copy read before closing: the guard reads the database
    programme_close(actor=closer(), programme=settled_2022)
    # A requisition to approve, as if one had been left in review: the guard, not the status, must refuse it
    Requisition.objects.filter(programme=settled_2022, region=region("09")).update(status=Requisition.Status.SUBMITTED)
    before = _money(settled_2022)
    with pytest.raises(ValidationError) as refused:
        FROZEN[service](stale, every_permission())
    assert refused.value.messages == [
        "Riktade insatser för att omhänderta de uppdämda vårdbehoven (2022) är avslutat. Statsbidragets ekonomi "
        "är låst och kan inte ändras."
    ]
    assert _money(settled_2022) == before
