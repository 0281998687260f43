"""Every Excel file the service offers is fit to print: a title, plain values, Swedish sheet names, a page setup.

The demo (every programme at its own stage of the money cycle) gives each export something to show; each workbook
is read back with openpyxl and every sheet and cell checked.
"""

import datetime
import re
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from grants.models import AllocationRun, GrantProgramme, PayoutBatch, Requisition
from grants.services import allocation_run_create, requisition_approve
from reporting.models import Survey
from tests.factories import SEED_FILES, StaffFactory
from tests.factories_office import RequisitionFactory, region
from tests.factories_portal import Role, member

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
PRINTED = re.compile(
    r"^Utskrivet \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) "
    r"\d{4} kl\. \d{2}:\d{2}$"
)
ENGLISH = {"sheet", "summary", "total", "totals", "data", "export", "overcrowding", "outlying", "payouts", "table"}
# The list pages that offer "Ladda ner som Excel" (?export=xlsx) besides the routes ending in .xlsx.
LIST_EXPORTS = ["office:requisition_list", "office:batch_list", "office:repayment_list"]


def _xlsx_routes(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _xlsx_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".xlsx"):
            names.add(namespace + pattern.name)
    return names


def faults(name: str, content: bytes, *, usernames: set[str]) -> list[str]:
    """Return what keeps a workbook from being printed and read by a person; empty when it is fit."""
    found = []
    workbook = load_workbook(BytesIO(content))
    for sheet in workbook.worksheets:
        where = f"{name} / {sheet.title}"
        title = sheet.title
        if title.lower() in ENGLISH or not title[0].isupper() or "_" in title or re.fullmatch(r"Sheet\d*", title):
            found.append(f"{where}: sheet name is not Swedish")
        if not sheet.sheet_properties.pageSetUpPr or not sheet.sheet_properties.pageSetUpPr.fitToPage:
            found.append(f"{where}: not fit to the page")
        if sheet.page_setup.fitToWidth != 1 or sheet.page_setup.fitToHeight != 0:
            found.append(f"{where}: not one page wide")
        if sheet.page_setup.orientation not in ("portrait", "landscape") or str(sheet.page_setup.paperSize) != "9":
            found.append(f"{where}: no A4 orientation")
        if sheet.max_column > 6 and sheet.page_setup.orientation != "landscape":
            found.append(f"{where}: wide sheet printed portrait")
        first_column = [sheet.cell(row=row, column=1).value for row in range(1, 12)]
        has_block = bool(first_column[0]) and sheet["A1"].font.b and any(PRINTED.match(str(v)) for v in first_column)
        # The monthly template's data sheet keeps its headers on row 1 for the upload: its title is the page header.
        if not has_block and not (sheet["A1"].value == "Region" and sheet.oddHeader.center.text):
            found.append(f"{where}: no title block")
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    found.append(f"{where} {cell.coordinate}: a formula")
                if not isinstance(value, str):
                    continue
                if MARKUP.search(value):
                    found.append(f"{where} {cell.coordinate}: markup {value!r}")
                if value.startswith("'"):
                    found.append(f"{where} {cell.coordinate}: a visible apostrophe {value!r}")
                if re.search(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?(\+00:00|Z)?$", value):
                    found.append(f"{where} {cell.coordinate}: a timestamp as text {value!r}")
                if value in usernames:
                    found.append(f"{where} {cell.coordinate}: a username instead of a name {value!r}")
    return found


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # the demo loaders refuse to run otherwise
    call_command("load_programme", *SEED_FILES.values(), publish=True, verbosity=0)
    for programme in GrantProgramme.objects.all():
        allocation_run_create(programme=programme)
    for loader in ("load_demo_portal", "load_demo_monthly", "demo_office", "demo_draft"):
        with django_capture_on_commit_callbacks(execute=True):
            call_command(loader, stdout=StringIO())
    return {p.code: p for p in GrantProgramme.objects.all()}


def test_the_exports_checked_here_are_every_export_the_service_offers():
    assert _xlsx_routes() == {
        "grants:allocation_export",
        "office:account_export",
        "office:batch_export",
        "office:survey_answers_export",
        "reporting:component_export",
        "reporting:operations_followup_export",
        "reporting:fulfilment_export",
        "grants:programme_compare_export",
        "portal:monthly_template",
    }


def test_every_export_has_a_title_plain_values_swedish_sheet_names_and_a_page_setup(client, demo, tmp_path):
    usernames = {u.username for u in get_user_model().objects.all() if u.get_full_name()}
    staff = get_user_model().objects.get(username="handlaggare")
    client.force_login(staff)
    exports: dict[str, bytes] = {}

    def fetch(name, url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)
        assert response["Content-Type"].startswith(XLSX), name
        exports[name] = response.content

    routes = set()
    for code, programme in demo.items():
        run = AllocationRun.objects.filter(programme=programme).order_by("-number").first()
        fetch(f"bilaga {code}", reverse("grants:allocation_export", args=[code, run.number]))
        fetch(f"ekonomisk redovisning {code}", reverse("office:account_export", args=[code]))
        routes |= {"grants:allocation_export", "office:account_export"}
    for code, component in (("vardplatser-2024", "prestation"), ("vardkoer-2025", "block-2")):
        run = AllocationRun.objects.filter(programme=demo[code], status="succeeded").order_by("-number").first()
        url = reverse("reporting:component_export", args=[code, component, run.number])
        fetch(f"underlag {code} {component}", url)
        routes.add("reporting:component_export")
    fetch("uppföljning 2025", reverse("reporting:operations_followup_export", args=["vardkoer-2025", "block-2"]))
    fetch("uppfyllnadsgrad 2024", reverse("reporting:fulfilment_export", args=["vardplatser-2024", "prestation"]))
    routes |= {"reporting:operations_followup_export", "reporting:fulfilment_export"}
    fetch("jämförelse", reverse("grants:programme_compare_export", args=["vardplatser-2025", "vardplatser-2024"]))
    routes.add("grants:programme_compare_export")
    for batch in PayoutBatch.objects.exclude(status=PayoutBatch.Status.DRAFT):
        fetch(f"utbetalningsbeslut {batch.pk}", reverse("office:batch_export", args=[batch.pk]))
        routes.add("office:batch_export")
    for survey in Survey.objects.select_related("programme"):
        fetch(
            f"enkätsvar {survey.pk}", reverse("office:survey_answers_export", args=[survey.programme.code, survey.pk])
        )
        routes.add("office:survey_answers_export")
    for name in LIST_EXPORTS:
        fetch(name, reverse(name), export="xlsx")
    client.force_login(member("23", Role.DATA_COORDINATOR, first_name="Dana", last_name="Data"))
    for code in ("vardplatser-2024", "vardkoer-2025"):
        fetch(f"mall {code}", reverse("portal:monthly_template", args=[code]))
        routes.add("portal:monthly_template")
    target = tmp_path / "bilaga.xlsx"
    call_command("allocation", "vardkoer-2025", "--export", str(target), stdout=StringIO())
    exports["bilaga från kommandot"] = target.read_bytes()

    assert routes == _xlsx_routes()
    assert len(exports) >= 15
    found = [fault for name, content in exports.items() for fault in faults(name, content, usernames=usernames)]
    assert found == []


def test_the_requisition_and_payout_lists_hold_text_names_and_local_times(client):
    officer = StaffFactory(username="hhandlaggare", first_name="Hanna", last_name="Handläggare")
    requisition = RequisitionFactory(region=region("01"), contact_name="=HYPERLINK()")
    requisition_approve(actor=officer, requisition=requisition)
    requisition.refresh_from_db()
    client.force_login(officer)
    response = client.get(reverse("office:requisition_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "Rekvisitioner" and sheet["A1"].font.b
    header = next(row for row in sheet.iter_rows() if row[0].value == "Region")[0].row
    values = dict(zip([c.value for c in sheet[header]], [c.value for c in sheet[header + 1]], strict=True))
    assert values["Status"] == "Godkänd"
    assert values["Granskad av"] == "Hanna Handläggare"
    assert values["Rekvirerat"] == requisition.amount
    local = timezone.localtime(requisition.submitted_at).replace(tzinfo=None)  # Swedish time, as Excel shows it
    assert isinstance(values["Inskickad"], datetime.datetime)
    assert abs(values["Inskickad"] - local) < datetime.timedelta(seconds=1)
    assert sheet.cell(row=header + 1, column=5).number_format == "yyyy-mm-dd hh:mm"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert faults("rekvisitioner", response.content, usernames={"hhandlaggare"}) == []


def test_the_payout_decision_prints_one_page_wide_in_landscape_with_its_title(client, payment_details):
    from grants.services import payout_batch_approve, payout_batch_prepare_from_requisitions
    from tests.factories_office import ApproverFactory, ProgrammeFactory

    programme = ProgrammeFactory(decision_reference="S2022/00456")
    for code in ("01", "03", "04"):
        RequisitionFactory(programme=programme, region=region(code), status=Requisition.Status.APPROVED, amount=1)
    officer = StaffFactory(first_name="Hanna", last_name="Handläggare")
    batch = payout_batch_prepare_from_requisitions(
        actor=officer, programme=programme, payout_date=datetime.date(2022, 3, 31)
    )
    payout_batch_approve(actor=ApproverFactory(first_name="Agnes", last_name="Attestant"), batch=batch)
    client.force_login(officer)
    content = client.get(reverse("office:batch_export", args=[batch.pk])).content
    sheet = load_workbook(BytesIO(content)).active
    lines = [sheet.cell(row=row, column=1).value for row in range(1, 6)]
    assert lines[0] == f"Utbetalningsbeslut nr {batch.pk}"
    assert f"Statsbidrag: {programme.title} {programme.budget_year}" in lines
    assert "Beslut: S2022/00456" in lines
    assert any("av Hanna Handläggare, attesterat" in str(line) and "Agnes Attestant" in str(line) for line in lines)
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    header = next(row for row in sheet.iter_rows() if row[0].value == "Region")[0].row
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.freeze_panes == f"A{header + 1}"


def test_a_sheet_with_markup_an_english_name_or_no_page_setup_is_caught():
    """The checks above must be able to fail: a workbook as the exports used to make is refused on each count."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "overcrowding"
    sheet.append(["Region", "Status", "Beslut", "Granskad av"])
    sheet.append(["Stockholm", '<span class="badge badge--success">Godkänd</span>', "'=1", "hhandlaggare"])
    buffer = BytesIO()
    workbook.save(buffer)
    found = faults("gammal", buffer.getvalue(), usernames={"hhandlaggare"})
    assert any("sheet name is not Swedish" in fault for fault in found)
    assert any("not fit to the page" in fault for fault in found)
    assert any("no title block" in fault for fault in found)
    assert any("markup" in fault for fault in found)
    assert any("visible apostrophe" in fault for fault in found)
    assert any("a username" in fault for fault in found)
