"""Monthly data in Excel: the template, and every kind of bad file refused whole with an exact message."""

import re
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from reporting.models import DataUpload, MonthlyValue
from reporting.services import MonthlyEntry, data_upload_record, monthly_values_record
from tests.factories_portal import Role, intermediary, member, programme_with_run, region

pytestmark = pytest.mark.django_db

HEADERS = ["Region", "År", "Månad", "Indikator", "Utförare", "Värde"]
HIP = "Operationer av höftledsprotes"
TOO_LARGE = "värdet är för stort, det ska vara mindre än 10\u00a0000\u00a0000\u00a0000."


@pytest.fixture
def vardkoer():
    return programme_with_run("vardkoer-2025")


def xlsx(rows, *, sheet="Månadsdata", headers=HEADERS) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(actor, programme, content) -> list[str]:
    with pytest.raises(ValidationError) as error:
        data_upload_record(actor=actor, programme=programme, filename="data.xlsx", content=content)
    assert not MonthlyValue.objects.exists()
    assert not DataUpload.objects.exists()
    return error.value.messages


def test_a_valid_file_is_saved_whole_with_its_upload_record(vardkoer):
    actor = member("23", Role.DATA_COORDINATOR)
    content = xlsx(
        [
            ["Region Jämtland Härjedalen", 2025, 2, HIP, "Egen regi", 3],
            ["Jämtland", 2025, 2, HIP, "Privat vårdgivare", 1],
            ["Jämtland Härjedalen", 2025, "mars", "Operationer av grå starr", "Annan region", "5"],
            ["Jämtland Härjedalen", 2025, 4, HIP, "Egen regi", None],  # left blank: not delivered now
            ["Jämtland Härjedalen", 2025, 5, HIP, "Egen regi", "saknas"],  # reported as not available
        ]
    )
    upload, summary = data_upload_record(actor=actor, programme=vardkoer, filename="jh.xlsx", content=content)
    assert summary.created == 4
    assert upload.values_saved == 4 and upload.region.code == "23"
    values = {(v.month, v.indicator, v.provider): v.value for v in MonthlyValue.objects.all()}
    assert values == {
        (2, "hip_operations", "own"): Decimal(3),
        (2, "hip_operations", "private"): Decimal(1),
        (3, "cataract_operations", "other_region"): Decimal(5),
        (5, "hip_operations", "own"): None,
    }
    assert MonthlyValue.objects.filter(channel="upload", upload=upload, delivered_by=actor).count() == 4


def test_wrong_sheet_is_refused(vardkoer):
    messages = refused(member("23"), vardkoer, xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3]], sheet="Blad1"))
    assert messages == ['Filen saknar bladet "Månadsdata".']


def test_unknown_region_spelling_is_refused_with_row_and_column(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Jämtlan", 2025, 3, HIP, "Egen regi", 3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 3, kolumn A: "Jämtlan" är ingen region vi känner till.'
    ]


def test_a_number_where_a_text_is_expected_is_refused(vardkoer):
    content = xlsx([[23, 2025, 2, HIP, "Egen regi", 3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn A: 23 är inget regionnamn. Skriv regionens namn, t.ex. Region Gotland.'
    ]


def test_a_text_where_a_number_is_expected_is_refused(vardkoer):
    content = xlsx(
        [["Jämtland", 2025, 2, HIP, "Egen regi", 3]] * 0
        + [["Jämtland", 2025, m, HIP, "Egen regi", 1] for m in (2, 3, 4, 5, 6)]
        + [["Jämtland", "tjugo", 7, HIP, "Egen regi", 3], ["Jämtland", 2025, 8, HIP, "Egen regi", "många"]]
    )
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 7, kolumn B: "tjugo" är inget år.',
        'Blad "Månadsdata", rad 8, kolumn F: "många" är inget tal.',
    ]


def test_a_negative_count_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", -3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn F: värdet får inte vara negativt (-3).'
    ]


def test_a_fractional_operation_count_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 2.5]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn F: antalet operationer ska vara ett heltal (2,5).'
    ]


def test_a_value_too_large_for_the_database_is_refused_and_nothing_is_saved(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Jämtland", 2025, 3, HIP, "Egen regi", 10**20]])
    assert refused(member("23"), vardkoer, content) == [f'Blad "Månadsdata", rad 3, kolumn F: {TOO_LARGE}']


def test_the_largest_value_the_database_holds_is_saved_and_one_more_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 10**10]])
    assert refused(member("23"), vardkoer, content) == [f'Blad "Månadsdata", rad 2, kolumn F: {TOO_LARGE}']
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 10**10 - 1]])
    data_upload_record(actor=member("23"), programme=vardkoer, filename="x.xlsx", content=content)
    assert MonthlyValue.objects.get().value == 10**10 - 1


def test_a_rate_with_more_than_four_decimals_is_refused():
    programme = programme_with_run("vardplatser-2024")
    rate = "Genomsnittlig beläggningsgrad (%)"
    content = xlsx([["Jämtland", 2024, 2, rate, None, "91,5"], ["Jämtland", 2024, 3, rate, None, "91,12345"]])
    assert refused(member("23"), programme, content) == [
        'Blad "Månadsdata", rad 3, kolumn F: värdet får ha högst 4 decimaler.'
    ]


def test_a_month_outside_the_programme_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 11, HIP, "Egen regi", 3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn C: november 2025 ingår inte i statsbidragets period (februari–oktober 2025).'
    ]


def test_a_year_outside_the_programme_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2024, 2, HIP, "Egen regi", 3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn B: 2024 ingår inte: Operationer av höftledsprotes lämnas för 2025.'
    ]


def test_operations_need_a_provider(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, None, 3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn E: ange utförare: Egen regi, Annan region eller Privat vårdgivare.'
    ]


def test_a_region_the_uploader_does_not_deliver_for_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Gotland", 2025, 2, HIP, "Egen regi", 3]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 3, kolumn A: du får inte lämna uppgifter för Region Gotland.'
    ]


def test_the_same_value_twice_is_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Jämtland", 2025, 2, HIP, "Egen regi", 4]])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 3: samma region, indikator, månad och utförare som på rad 2.'
    ]


def test_wrong_headers_are_refused(vardkoer):
    content = xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3]], headers=["Län", "År", "Månad"])
    assert refused(member("23"), vardkoer, content) == [
        'Blad "Månadsdata", rad 1: rubrikerna ska vara Region, År, Månad, Indikator, Utförare, Värde. '
        "Använd mallen som går att ladda ner."
    ]


NOT_XLSX = (
    'Filen är inte en Excel-fil i formatet .xlsx. Spara den som "Excel-arbetsbok (*.xlsx)" och ladda upp den igen.'
)
TOO_MUCH = (
    "Filen kan inte läsas: den packas upp till orimligt mycket data. Ladda upp den ifyllda mallen utan "
    "inbäddade bilder eller andra filer."
)


def test_a_file_that_is_not_xlsx_is_refused(vardkoer):
    assert refused(member("23"), vardkoer, b"Region;Ar;Manad\nJamtland;2025;2\n") == [NOT_XLSX]


def test_a_zip_that_is_not_a_workbook_is_refused(vardkoer):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    assert refused(member("23"), vardkoer, buffer.getvalue()) == [NOT_XLSX]


def test_a_damaged_workbook_is_refused(vardkoer):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<inte xml")
    assert refused(member("23"), vardkoer, buffer.getvalue()) == [NOT_XLSX]


def test_a_too_large_file_is_refused(vardkoer):
    assert refused(member("23"), vardkoer, b"PK" + b"\0" * (3 * 1024 * 1024)) == [
        "Filen är för stor (3,0 MB). Högst 2 MB går att ladda upp."
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(vardkoer):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    assert refused(member("23"), vardkoer, buffer.getvalue()) == [TOO_MUCH]


def test_a_zip_with_too_many_members_is_refused(vardkoer):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(300):
            archive.writestr(f"x/{n}.xml", "")
    assert refused(member("23"), vardkoer, buffer.getvalue()) == [TOO_MUCH]


def _with_sheet_xml(content: bytes, edit) -> bytes:
    """Return the workbook with its sheet XML changed by edit(xml) -> xml, the way a hand-crafted file would be."""
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                changed = edit(data)
                assert changed != data
                data = changed
            target.writestr(info.filename, data)
    return buffer.getvalue()


def _declare_dimension(ref: str):
    return lambda xml: re.sub(rb'<dimension ref="[A-Z0-9:]+"\s*/>', f'<dimension ref="{ref}"/>'.encode(), xml)


def test_a_malformed_cell_in_the_sheet_is_refused_as_not_xlsx(vardkoer):
    # read-only openpyxl parses the sheet while it is read, so this fault surfaces mid-loop, not at load
    bad_cell = b'<row r="3"><c r="A3" t="n"><v>abc</v></c></row></sheetData>'
    content = _with_sheet_xml(
        xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 1]]), lambda xml: xml.replace(b"</sheetData>", bad_cell)
    )
    assert refused(member("23"), vardkoer, content) == [NOT_XLSX]


def test_a_sheet_declaring_the_widest_dimension_is_read_only_to_column_f(vardkoer, monkeypatch):
    rows = [["Jämtland", 2025, month, HIP, "Egen regi", month] for month in (2, 3, 4)]
    notes = b"".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>'.encode() for n in range(5, 200))
    content = _with_sheet_xml(
        xlsx(rows), lambda xml: _declare_dimension("A1:XFD200")(xml).replace(b"</sheetData>", notes + b"</sheetData>")
    )
    from reporting import uploads  # here, not at the top: importing reporting.uploads first is a cycle

    widths = set()
    entry = uploads._entry

    def spy(cells, look):
        widths.add(len(cells))
        return entry(cells, look)

    monkeypatch.setattr(uploads, "_entry", spy)
    _, summary = data_upload_record(actor=member("23"), programme=vardkoer, filename="x.xlsx", content=content)
    assert summary.created == 3
    assert sorted(MonthlyValue.objects.values_list("month", "value")) == [(2, 2), (3, 3), (4, 4)]
    assert widths == {6}  # not padded to the declared 16 384 columns


def test_rows_below_a_too_short_declared_dimension_are_read_too(vardkoer):
    rows = [["Jämtland", 2025, month, HIP, "Egen regi", month] for month in (2, 3, 4)]
    content = _with_sheet_xml(xlsx(rows), _declare_dimension("A1:F2"))
    data_upload_record(actor=member("23"), programme=vardkoer, filename="x.xlsx", content=content)
    assert sorted(MonthlyValue.objects.values_list("month", flat=True)) == [2, 3, 4]


# --- template and pages -------------------------------------------------------------------------------------------


def test_template_is_prefilled_for_the_region_and_the_programme_months(client, vardkoer):
    client.force_login(member("23", Role.DATA_COORDINATOR))
    response = client.get(reverse("portal:monthly_template", args=[vardkoer.code]))
    sheet = load_workbook(BytesIO(response.content))["Månadsdata"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) - 1 == 3 * 3 * 9  # three kinds × three providers × February–October
    assert rows[1] == ("Region Jämtland Härjedalen", 2025, 2, HIP, "Egen regi", None)
    assert {r[2] for r in rows[1:]} == set(range(2, 11))


def test_filled_template_uploads_through_the_page(client, vardkoer):
    client.force_login(member("23", Role.DATA_COORDINATOR))
    template = client.get(reverse("portal:monthly_template", args=[vardkoer.code])).content
    workbook = load_workbook(BytesIO(template))
    sheet = workbook["Månadsdata"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=6, value=2)
    buffer = BytesIO()
    workbook.save(buffer)
    url = reverse("portal:monthly_upload", args=[vardkoer.code])
    response = client.post(url, {"file": SimpleUploadedFile("jh.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    assert MonthlyValue.objects.filter(region__code="23").count() == 81
    page = client.get(url).content.decode()
    assert "81 nya värden" in page


def test_bad_upload_through_the_page_lists_the_errors_and_saves_nothing(client, vardkoer):
    client.force_login(member("23"))
    url = reverse("portal:monthly_upload", args=[vardkoer.code])
    content = xlsx([["Jämtland", "tjugo", 2, HIP, "Egen regi", 3]])
    response = client.post(url, {"file": SimpleUploadedFile("jh.xlsx", content)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen sparades inte" in html
    assert "Blad &quot;Månadsdata&quot;, rad 2, kolumn B: &quot;tjugo&quot; är inget år." in html
    assert not MonthlyValue.objects.exists()


def test_intermediary_uploads_one_file_for_several_regions(client, vardkoer):
    user = intermediary(["23", "25"])
    client.force_login(user)
    template = load_workbook(BytesIO(client.get(reverse("portal:monthly_template", args=[vardkoer.code])).content))
    regions = {row[0] for row in template["Månadsdata"].iter_rows(min_row=2, values_only=True)}
    assert regions == {"Region Jämtland Härjedalen", "Region Norrbotten"}
    upload, summary = data_upload_record(
        actor=user,
        programme=vardkoer,
        filename="skr.xlsx",
        content=xlsx([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Norrbotten", 2025, 2, HIP, "Egen regi", 4]]),
    )
    assert summary.regions == {"23", "25"}
    assert upload.organisation is not None
    assert set(MonthlyValue.objects.values_list("delivered_via__name", flat=True)) == {
        "Sveriges Kommuner och Regioner"
    }
    messages = refused_after(user, vardkoer, xlsx([["Stockholm", 2025, 2, HIP, "Egen regi", 3]]))
    assert messages == ['Blad "Månadsdata", rad 2, kolumn A: du får inte lämna uppgifter för Region Stockholm.']


def refused_after(actor, programme, content) -> list[str]:
    before = MonthlyValue.objects.count()
    with pytest.raises(ValidationError) as error:
        data_upload_record(actor=actor, programme=programme, filename="x.xlsx", content=content)
    assert MonthlyValue.objects.count() == before
    return error.value.messages


def test_monthly_form_saves_one_month(client, vardkoer):
    client.force_login(member("23", Role.DATA_COORDINATOR))
    url = reverse("portal:monthly_month", args=["23", vardkoer.code, 2025, 3])
    page = client.get(url).content.decode()
    assert "Månadsdata för mars 2025" in page
    response = client.post(url, {"hip_operations__own": "4", "cataract_operations__private": "2"})
    assert response.status_code == 302
    assert MonthlyValue.objects.filter(region__code="23", year=2025, month=3, channel="form").count() == 2
    response = client.post(url, {"hip_operations__own": "-1"})
    assert response.status_code == 200
    assert MonthlyValue.objects.get(indicator="hip_operations", provider="own").value == 4


def test_month_outside_the_programme_has_no_form(client, vardkoer):
    client.force_login(member("23"))
    assert client.get(reverse("portal:monthly_month", args=["23", vardkoer.code, 2025, 11])).status_code == 404


def test_programme_without_monthly_data_has_no_delivery_page(client):
    programme_with_run("uppdamda-vardbehov-2022")
    client.force_login(member("23"))
    assert client.get(reverse("portal:monthly_upload", args=["uppdamda-vardbehov-2022"])).status_code == 404


def test_a_too_large_file_is_refused_by_the_page_before_it_is_read(client, vardkoer):
    client.force_login(member("23"))
    big = SimpleUploadedFile("stor.xlsx", b"PK" + b"\0" * (3 * 1024 * 1024))
    response = client.post(reverse("portal:monthly_upload", args=[vardkoer.code]), {"file": big})
    assert "Filen är för stor (3,0 MB). Högst 2 MB går att ladda upp." in response.content.decode()
    assert not DataUpload.objects.exists()


def test_monthly_form_refuses_a_count_too_large_for_the_database_and_names_the_field(client, vardkoer):
    client.force_login(member("23", Role.DATA_COORDINATOR))
    url = reverse("portal:monthly_month", args=["23", vardkoer.code, 2025, 3])
    response = client.post(url, {"hip_operations__own": str(10**20), "hip_operations__private": "2"})
    assert response.status_code == 200
    assert (
        "Operationer av höftledsprotes, egen regi: "
        "Värdet är för stort, det ska vara mindre än 10\u00a0000\u00a0000\u00a0000." in response.content.decode()
    )
    assert not MonthlyValue.objects.exists()


def test_monthly_form_refuses_a_rate_with_more_than_four_decimals(client):
    programme = programme_with_run("vardplatser-2024")
    client.force_login(member("23", Role.DATA_COORDINATOR))
    url = reverse("portal:monthly_month", args=["23", programme.code, 2024, 3])
    response = client.post(url, {"occupancy_rate__alla": "91,12345", "overcrowding_rate__alla": "2,5"})
    assert response.status_code == 200
    assert "Genomsnittlig beläggningsgrad (%): Värdet får ha högst 4 decimaler." in response.content.decode()
    assert not MonthlyValue.objects.exists()
    response = client.post(url, {"occupancy_rate__alla": "91,1234"})
    assert response.status_code == 302
    assert MonthlyValue.objects.get().value == Decimal("91.1234")


def test_monthly_values_service_refuses_a_value_the_database_cannot_hold_from_any_channel(vardkoer):
    def entry(month, value):
        return MonthlyEntry(region("23"), "hip_operations", 2025, month, value, "own")

    with pytest.raises(ValidationError) as error:
        monthly_values_record(actor=member("23"), entries=[entry(2, Decimal(3)), entry(3, Decimal(10**10))])
    assert error.value.messages == [
        "Jämtland Härjedalen 2025-03 hip_operations: "
        "värdet är för stort, det ska vara mindre än 10\u00a0000\u00a0000\u00a0000."
    ]
    rate = MonthlyEntry(region("23"), "occupancy_rate", 2024, 3, Decimal("91.00001"))
    with pytest.raises(ValidationError) as error:
        monthly_values_record(actor=member("23"), entries=[rate])
    assert error.value.messages == ["Jämtland Härjedalen 2024-03 occupancy_rate: värdet får ha högst 4 decimaler."]
    assert not MonthlyValue.objects.exists()
