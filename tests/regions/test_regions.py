"""Regions: every seed spelling resolves; organisation numbers are checked; population imports are all-or-nothing."""

import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from regions.imports import parse_population_file
from regions.models import PopulationFigure, Region
from regions.selectors import RegionResolver
from regions.validators import validate_organisation_number
from tests.allocation import seed_tables
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

NOT_XLSX = (
    'Filen är inte en Excel-fil i formatet .xlsx. Spara den som "Excel-arbetsbok (*.xlsx)" och ladda upp den igen.'
)
TOO_MUCH = (
    "Filen kan inte läsas: den packas upp till orimligt mycket data. Ladda upp den ifyllda mallen utan "
    "inbäddade bilder eller andra filer."
)


def test_there_are_21_regions_with_county_codes():
    assert Region.objects.count() == 21
    assert list(Region.objects.values_list("code", flat=True)[:3]) == ["01", "03", "04"]
    assert Region.objects.get(code="06").name == "Region Jönköpings län"
    assert Region.objects.get(code="14").name == "Västra Götalandsregionen"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Norrbottn", "25"),
        ("Norrbotten", "25"),
        ("Sörmland", "04"),
        ("Södermanland", "04"),
        ("Jämtland", "23"),
        ("Jämtland Härjedalen", "23"),
        ("Region Jämtland Härjedalen", "23"),
        ("Västra Götalandsregionen", "14"),
        ("västra götaland", "14"),
        ("Region Jönköpings län", "06"),
        ("JONKOPING", "06"),
        ("Örebro", "18"),
        ("  Gävleborg ", "21"),
    ],
)
def test_every_spelling_in_the_seeds_resolves(spelling, code):
    assert RegionResolver().resolve(spelling).code == code


def test_every_name_in_every_seed_table_resolves():
    resolver = RegionResolver()
    tables = (seed_tables.TABLE_2022, seed_tables.TABLE_2024, seed_tables.CAPS_2025)
    for table in tables:
        for row in table:
            assert resolver.resolve(row[1]).code == row[0], row


def test_unknown_name_does_not_resolve():
    assert RegionResolver().resolve("Norrland") is None


@pytest.mark.parametrize("number", ["232100-0016", "2321000016", "212000-0803"])
def test_valid_organisation_numbers_pass(number):
    validate_organisation_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("232100-0017", "kontrollsiffra"),
        ("23210-00016", "tio siffror"),
        ("190101-0001", "tredje siffran"),
    ],
)
def test_invalid_organisation_numbers_are_refused(number, message):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(number)
    assert message in error.value.messages[0]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows_2024():
    return [(name, population) for _, name, population, _ in seed_tables.TABLE_2024]


def test_population_file_in_excel_with_seed_spellings_is_read():
    figures = parse_population_file(_xlsx([("Region", "Befolkning"), *_rows_2024()]), "bef.xlsx")
    assert {r.code: v for r, v in figures.items()} == seed_tables.populations(seed_tables.TABLE_2024)


def test_population_file_in_csv_with_semicolons_and_spaces_is_read():
    text = "Region;Befolkning\n" + "\n".join(f"{n};{p:,}".replace(",", " ") for n, p in _rows_2024())
    figures = parse_population_file(text.encode("utf-8"), "bef.csv")
    assert len(figures) == 21


def test_population_file_errors_name_row_and_column_and_all_are_listed():
    rows = [("Region", "Befolkning"), *_rows_2024()]
    rows[3] = ("Norrland", 1)
    rows[5] = (rows[5][0], "många")
    with pytest.raises(ValidationError) as error:
        parse_population_file(_xlsx(rows), "bef.xlsx")
    assert error.value.messages == [
        "Rad 4, kolumn A: okänd region 'Norrland'.",
        "Rad 6, kolumn B: 'många' är ingen befolkningssiffra (ett positivt heltal).",
    ]


def test_a_file_that_is_not_excel_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_population_file(b"PK\x03\x04 not really a zip", "bef.xlsx")
    assert error.value.messages == [NOT_XLSX]


def test_a_population_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        parse_population_file(buffer.getvalue(), "bef.xlsx")
    assert error.value.messages == [TOO_MUCH]


def test_a_population_sheet_with_a_malformed_cell_is_refused_as_not_xlsx():
    source = zipfile.ZipFile(BytesIO(_xlsx([("Region", "Befolkning"), *_rows_2024()])))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="30"><c r="B30" t="n"><v>abc</v></c></row></sheetData>')
            target.writestr(info.filename, data)
    with pytest.raises(ValidationError) as error:
        parse_population_file(buffer.getvalue(), "bef.xlsx")
    assert error.value.messages == [NOT_XLSX]


def test_population_import_page_saves_nothing_when_a_row_is_wrong(client):
    client.force_login(StaffFactory())
    rows = _rows_2024()
    rows[0] = ("Stockholm", -5)
    upload = BytesIO(_xlsx(rows))
    upload.name = "bef.xlsx"
    response = client.post(
        reverse("grants:population_import"),
        {"reference_date": "2024-11-01", "source": "SCB", "file": upload},
    )
    assert response.status_code == 200
    assert "Rad 1, kolumn B: -5 är ingen befolkningssiffra" in response.content.decode()
    assert not PopulationFigure.objects.filter(reference_date="2024-11-01").exists()


def test_population_import_page_saves_a_good_file(client):
    client.force_login(StaffFactory())
    upload = BytesIO(_xlsx(_rows_2024()))
    upload.name = "bef.xlsx"
    response = client.post(
        reverse("grants:population_import"),
        {"reference_date": "2024-11-01", "source": "SCB", "file": upload},
    )
    assert response.status_code == 302
    assert PopulationFigure.objects.filter(reference_date="2024-11-01").count() == 21


def test_a_population_file_may_hold_some_regions_but_not_none():
    from django.core.exceptions import ValidationError

    from regions.imports import parse_population_file

    figures = parse_population_file("Region;Befolkning\nJämtland;132 466\nGotland;61 093\n".encode(), "del.csv")
    assert {region.short_name: value for region, value in figures.items()} == {
        "Jämtland Härjedalen": 132_466,
        "Gotland": 61_093,
    }
    with pytest.raises(ValidationError, match="ingen region med befolkning"):
        parse_population_file(b"Region;Befolkning\n", "tom.csv")
