"""Back-office pages: access, actions, exports read back, and query counts that do not grow with rows."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.calendar import calendar_token
from grants.models import Deadline, PayoutBatch, Requisition
from grants.services import payout_batch_approve, payout_batch_prepare_from_requisitions, repayment_payment_record
from tests.factories import StaffFactory, UserFactory
from tests.factories_office import (
    ApproverFactory,
    DeadlineFactory,
    FollowUpReportFactory,
    PayoutBatchFactory,
    PayoutFactory,
    ProgrammeFactory,
    RepaymentFactory,
    RequisitionFactory,
    region,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payment_details")]


@pytest.fixture
def officer():
    return StaffFactory(first_name="Hanna", last_name="Handläggare")


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


def _count(client, url) -> int:
    client.get(url)  # a first request: the count is of a repeated one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def test_the_back_office_is_for_staff_only(client):
    url = reverse("office:work_list")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_the_nav_shows_handlaggning_to_staff(staff_client):
    html = staff_client.get(reverse("office:work_list")).content.decode()
    assert 'href="/handlaggning/"' in html and "Handläggning" in html


def test_the_work_list_shows_what_needs_action_in_the_same_number_of_queries_whatever_the_rows(
    staff_client, django_assert_num_queries
):
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.FOLLOW_UP_REPORT, date=datetime.date(2023, 1, 30))
    RequisitionFactory(programme=programme)
    RequisitionFactory(programme=programme, status=Requisition.Status.APPROVED)  # its follow-up report is late
    PayoutFactory(batch__programme=programme)
    RepaymentFactory(programme=programme)
    url = reverse("office:work_list")
    staff_client.get(url)
    # The work list is cached until the data is written (grants.readcache): a repeated request reads the user only.
    with django_assert_num_queries(1):
        response = staff_client.get(url)
    html = response.content.decode()
    assert "Rekvisitioner att granska" in html and "Återrapportering" in html
    RequisitionFactory.create_batch(5, programme=programme)
    PayoutFactory.create_batch(3)
    RepaymentFactory.create_batch(4, programme=programme)
    # The writes forgot it; it is read again in the same queries whatever the rows: 1 user, 2 batches to approve or
    # pay with totals, 3 programmes, 4 the programmes' parts, 5 extensions, 6 deadlines, 7 surveys, 8 parts with
    # monthly data, 9 regions, 10 requisitions' statuses, 11 survey responses, 12 follow-up reports, 13 repayments
    # owed, 14 requisitions to review, 15 unpaid repayments.
    with django_assert_num_queries(15):
        response = staff_client.get(url)
    assert response.content.decode().count("Återrapportering") == html.count("Återrapportering")
    with django_assert_num_queries(1):
        staff_client.get(url)


# Each list: 1 user, 2 count for the pager, then the filter's choices and the page's rows.
LIST_PAGES = [
    # 3 programme choices, 4 region choices, 5 requisitions with programme, region and reviewer
    ("office:requisition_list", 5, lambda n: RequisitionFactory.create_batch(n, programme=ProgrammeFactory())),
    # 3 programme choices, 4 batches with programme, people, total and number of regions
    ("office:batch_list", 4, lambda n: [PayoutFactory() for _ in range(n)]),
    # 3 programme choices, 4 region choices, 5 repayments with programme, region, paid and outstanding
    ("office:repayment_list", 5, lambda n: RepaymentFactory.create_batch(n)),
]


@pytest.mark.parametrize(("name", "queries", "make"), LIST_PAGES)
def test_list_pages_run_a_fixed_number_of_queries_whatever_the_rows(
    staff_client, django_assert_num_queries, name, queries, make
):
    url = reverse(name)
    make(1)
    staff_client.get(url)
    with django_assert_num_queries(queries):
        staff_client.get(url)
    make(6)
    with django_assert_num_queries(queries):
        response = staff_client.get(url)
    assert len(response.context["table"].rows) == 7


def test_the_follow_up_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    programme = ProgrammeFactory()
    FollowUpReportFactory(programme=programme, region=region("01"))
    url = reverse("office:follow_up_list", args=[programme.code])
    staff_client.get(url)
    # 1 user, 2 programme, 3 count, 4 reports with region, 5 their repayments (prefetched)
    with django_assert_num_queries(5):
        staff_client.get(url)
    for code in ("03", "04", "05"):
        FollowUpReportFactory(programme=programme, region=region(code), amount_used=1)
    with django_assert_num_queries(5):
        staff_client.get(url)


def test_the_requisition_list_filters_and_exports(staff_client):
    RequisitionFactory(region=region("01"), contact_name="=HYPERLINK()")
    RequisitionFactory(region=region("03"), status=Requisition.Status.APPROVED)
    response = staff_client.get(reverse("office:requisition_list"), {"status": "approved"})
    assert response.context["table"].paginator.count == 1
    response = staff_client.get(reverse("office:requisition_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "Rekvisitioner"
    header_row = next(r for r in sheet.iter_rows() if r[0].value == "Region")[0].row
    assert {row[0] for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)} == {"Stockholm", "Uppsala"}


def test_reviewing_a_requisition_from_its_page(staff_client):
    requisition = RequisitionFactory()
    url = reverse("office:requisition_detail", args=[requisition.pk])
    assert "Skicka tillbaka för komplettering" in staff_client.get(url).content.decode()
    staff_client.post(reverse("office:requisition_return", args=[requisition.pk]), {"message": "Bankgiro saknas."})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.RETURNED
    Requisition.objects.filter(pk=requisition.pk).update(amount=1_000)
    requisition.refresh_from_db()
    requisition.status = Requisition.Status.SUBMITTED
    requisition.save()  # the region corrects the amount and resubmits: a history entry
    html = staff_client.get(url).content.decode()
    assert "Ändringshistorik" in html and "Bankgiro saknas." in html
    assert "Ändrat sedan förra inskickningen" in html  # compared with what was sent in before the return
    assert "→ 1\u00a0000</li>" in html


def test_requisition_page_queries_do_not_grow_with_its_history(staff_client):
    requisition = RequisitionFactory()
    url = reverse("office:requisition_detail", args=[requisition.pk])
    few = _count(staff_client, url)
    for amount in range(1, 6):
        requisition.amount = amount
        requisition._history_user = StaffFactory()
        requisition.save()
    assert _count(staff_client, url) == few


def test_the_preparer_is_refused_and_another_approver_approves_from_the_page(client, officer):
    programme = ProgrammeFactory()
    RequisitionFactory.create_batch(3, programme=programme, status=Requisition.Status.APPROVED)
    officer.user_permissions.add(*ApproverFactory().user_permissions.all())
    batch = payout_batch_prepare_from_requisitions(
        actor=officer, programme=programme, payout_date=datetime.date(2022, 3, 31)
    )
    client.force_login(officer)
    response = client.post(reverse("office:batch_approve", args=[batch.pk]), follow=True)
    assert "En annan person måste attestera" in response.content.decode()
    client.force_login(ApproverFactory())
    client.post(reverse("office:batch_approve", args=[batch.pk]), {"confirmation": "1"})
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.APPROVED
    page = client.get(reverse("office:batch_detail", args=[batch.pk])).content.decode()
    assert "Registrera som utbetalt" in page and "Attesterat" in page


def test_the_payout_decision_excel_is_formatted_for_people_and_never_a_formula(officer):
    programme = ProgrammeFactory(appropriation="=cmd|' /C calc'!A0", decision_reference="S2022/00456")
    for code in ("01", "03", "04"):
        RequisitionFactory(programme=programme, region=region(code), status="approved", amount=1_234_567)
    officer.first_name = "+Hanna"
    officer.save()
    batch = payout_batch_prepare_from_requisitions(
        actor=officer, programme=programme, payout_date=datetime.date(2022, 3, 31)
    )
    payout_batch_approve(actor=ApproverFactory(first_name="Agnes", last_name="Attestant"), batch=batch)
    client_ = __import__("django.test", fromlist=["Client"]).Client()
    client_.force_login(StaffFactory())
    response = client_.get(reverse("office:batch_export", args=[batch.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    header_row = next(r for r in sheet.iter_rows() if r[0].value == "Region")[0].row
    headers = [c.value for c in sheet[header_row]]
    assert headers == [
        "Region", "Del", "Organisationsnummer", "Betalningssätt", "Bankgiro/plusgiro", "Belopp (kr)",
        "Diarienummer", "Anslag", "Anslagspost", "Utbetalningsdag", "Upprättad av", "Attesterad av",
    ]  # fmt: skip
    first = sheet[header_row + 1]
    assert (first[0].value, first[1].value) == ("Region Stockholm", "Lika fördelning")
    assert (first[2].value, first[4].value) == ("999001-0002", "9999-0012")  # the registered, fictional details
    assert first[5].value == 1_234_567 and first[5].number_format == "#,##0"
    assert first[6].value == "S2022/00456"
    assert first[9].value.date() == datetime.date(2022, 3, 31)
    assert first[11].value == "Agnes Attestant"
    for cell in (first[7], first[10]):  # texts starting with =, +, @ and - stay text, shown as typed
        assert cell.data_type == "s" and cell.quotePrefix
    assert (first[7].value, first[10].value) == ("=cmd|' /C calc'!A0", "+Hanna Handläggare")
    total = sheet[header_row + 4]
    assert (total[0].value, total[5].value) == ("Summa", 3 * 1_234_567)
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_draft_is_not_exported(staff_client):
    batch = PayoutFactory().batch
    assert staff_client.get(reverse("office:batch_export", args=[batch.pk])).status_code == 404


def test_the_repayment_excel_has_paid_and_outstanding_with_a_sum(staff_client, officer):
    repayment = RepaymentFactory(amount=100_000, invoice_number="-1")
    RepaymentFactory(amount=50_000)
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 1), amount=30_000)
    response = staff_client.get(reverse("office:repayment_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    header_row = next(r for r in sheet.iter_rows() if r[0].value == "Statsbidrag")[0].row
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    assert rows[0][10:14] == ("Återkrävt (kr)", "Inbetalt (kr)", "Senast inbetalt", "Kvar att betala (kr)")
    assert rows[-1][0] == "Summa" and rows[-1][10] == 150_000 and rows[-1][11] == 30_000 and rows[-1][13] == 120_000
    invoice = next(row[8] for row in sheet.iter_rows(min_row=header_row + 1) if row[8].value == "-1")
    assert invoice.data_type == "s" and invoice.quotePrefix  # text as typed, no apostrophe shown


def test_repayment_from_a_follow_up_report_via_the_report_list(staff_client):
    report = FollowUpReportFactory(amount_received=1_000, amount_used=600)
    paid = PayoutBatchFactory(
        programme=report.programme, status=PayoutBatch.Status.PAID, approved_by=ApproverFactory()
    )
    PayoutFactory(batch=paid, region=report.region, amount=1_000)
    url = reverse("office:follow_up_list", args=[report.programme.code])
    assert "Kräv tillbaka" in staff_client.get(url).content.decode()
    staff_client.post(reverse("office:repayment_from_follow_up", args=[report.pk]), {"confirmation": "1"})
    assert report.repayments.get().amount == 400


def test_the_deadline_matrix_filters_and_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.REQUISITION)
    DeadlineFactory(programme=programme, kind=Deadline.Kind.FOLLOW_UP_REPORT, date=datetime.date(2023, 1, 30))
    url = reverse("office:deadlines", args=[programme.code])
    staff_client.get(url)
    # The deadline states are cached until a write changes them: 1 user, 2 programme, 3 reminders sent (the forms
    # list the matrix's regions).
    with django_assert_num_queries(3):
        staff_client.get(url)
    RequisitionFactory.create_batch(5, programme=programme)
    FollowUpReportFactory(programme=programme)
    # The writes forgot the states, which are worked out again: 4 the programme's parts, 5 extensions, 6 deadlines,
    # 7 surveys, 8 parts with monthly data, 9 regions, 10 requisitions' statuses, 11 survey responses, 12 follow-up
    # reports, 13 repayments owed (no monthly values: no data months measured).
    with django_assert_num_queries(13):
        staff_client.get(url)
    with django_assert_num_queries(3):
        staff_client.get(url)
    response = staff_client.get(url, {"kind": "requisition", "state": "overdue"})
    matrix = response.context["matrix"]
    assert len(matrix.columns) == 1 and len(matrix.rows) == 21 - 5


def test_the_calendar_feed_needs_no_login_but_a_valid_token(client):
    programme = ProgrammeFactory(title="Uppdämda vårdbehov, 2022; riktade insatser")
    DeadlineFactory(programme=programme, kind=Deadline.Kind.REQUISITION, date=datetime.date(2022, 3, 15))
    stockholm = region("01")
    response = client.get(reverse("office:region_calendar", args=[calendar_token(stockholm)]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20220315" in body
    assert "Uppdämda vårdbehov\\, 2022\\; riktade insatser" in body.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(reverse("office:region_calendar", args=["forged"])).status_code == 404


def test_history_pages_render(staff_client):
    programme = ProgrammeFactory()
    programme.title = "Nytt namn"
    programme._history_user = StaffFactory()
    programme.save()
    html = staff_client.get(reverse("office:programme_history", args=[programme.code])).content.decode()
    assert "Nytt namn" in html
    assert staff_client.get(reverse("office:monthly_history", args=["01"])).status_code == 200
    assert staff_client.get(reverse("office:region_calendar_link", args=["01"])).status_code == 200
    assert staff_client.get(reverse("office:programme_detail", args=[programme.code])).status_code == 200


def test_batch_and_repayment_pages_do_not_grow_with_their_rows(staff_client, officer):
    batch = PayoutFactory().batch
    batch_url = reverse("office:batch_detail", args=[batch.pk])
    repayment = RepaymentFactory(amount=1_000)
    repayment_url = reverse("office:repayment_detail", args=[repayment.pk])
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 2, 1), amount=10)
    few = (_count(staff_client, batch_url), _count(staff_client, repayment_url))
    PayoutFactory.create_batch(5, batch=batch)
    for day in range(1, 6):
        repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, day), amount=10)
    assert (_count(staff_client, batch_url), _count(staff_client, repayment_url)) == few


def test_the_repayment_list_filters_unpaid(staff_client, officer):
    paid = RepaymentFactory(amount=10)
    RepaymentFactory(amount=20)
    repayment_payment_record(actor=officer, repayment=paid, paid_on=datetime.date(2023, 3, 1), amount=10)
    response = staff_client.get(reverse("office:repayment_list"), {"unpaid": "true"})
    assert [row.record.amount for row in response.context["table"].rows] == [20]


def test_staff_see_what_a_region_reported_and_what_changed_since(staff_client):
    report = FollowUpReportFactory(amount_received=1_000, amount_used=600, results="Fler operationer")
    report.amount_used = 700
    report._history_user = StaffFactory()
    report.save()
    html = staff_client.get(reverse("office:follow_up_detail", args=[report.pk])).content.decode()
    assert "Fler operationer" in html and "Kräv tillbaka outnyttjade medel" in html
    assert "<del>600</del> → 700" in html


def test_the_calendar_link_is_stable_so_it_can_be_subscribed_to():
    assert calendar_token(region("01")) == calendar_token(region("01")) != calendar_token(region("03"))


def test_staff_extend_a_deadline_for_one_region_from_the_matrix(staff_client):
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.REQUISITION, date=datetime.date(2022, 3, 15))
    url = reverse("office:extension_grant", args=[programme.code])
    data = {"region": region("01").pk, "kind": "requisition", "until": "2022-03-10", "reason": "Sjukdom"}
    response = staff_client.post(url, data, follow=True)
    assert "ska vara efter tidsfristen" in response.content.decode()
    staff_client.post(url, {**data, "until": "2022-03-31"})
    extension = programme.extensions.get()
    assert (extension.until, extension.history.count()) == (datetime.date(2022, 3, 31), 1)
    matrix = staff_client.get(reverse("office:deadlines", args=[programme.code])).context["matrix"]
    assert matrix.rows[0].cells[0].date == datetime.date(2022, 3, 31)
