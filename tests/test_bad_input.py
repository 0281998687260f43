"""Bad input anywhere a file or value comes in: a Swedish message naming what is wrong, never a 500, nothing saved."""

import os
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from grants.definitions import DefinitionError, parse_definition
from grants.models import GrantProgramme
from grants.services import allocation_run_create
from regions.imports import NO_DELIMITER, NOT_TEXT, parse_population_file
from regions.models import PopulationFigure, Region
from regions.services import population_figures_set
from regions.xlsx import FORMULA_REFUSED, capped
from reporting.excel import sheet_title
from reporting.models import DataUpload, MonthlyValue
from reporting.services import MonthlyEntry, data_upload_record, monthly_values_record
from tests.allocation import seed_tables
from tests.factories import SEED_FILES, StaffFactory, load_seed_programme
from tests.factories_portal import Role, member, programme_with_run

pytestmark = pytest.mark.django_db

HIP = "Operationer av höftledsprotes"
MONTHLY_HEADERS = ["Region", "År", "Månad", "Indikator", "Utförare", "Värde"]


def _workbook_bytes(rows, *, title=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _population_rows():
    return [[name, population] for _, name, population, _ in seed_tables.TABLE_2024]


def _population_refused(data: bytes, filename: str) -> list[str]:
    with pytest.raises(ValidationError) as error:
        parse_population_file(data, filename)
    return error.value.messages


def _post_population(client, data: bytes, filename: str):
    client.force_login(StaffFactory())
    return client.post(
        reverse("grants:population_import"),
        {"reference_date": "2024-11-01", "source": "SCB", "file": SimpleUploadedFile(filename, data)},
    )


# --- the shared helpers -------------------------------------------------------------------------------------------


def test_a_long_error_list_shows_the_first_hundred_and_counts_the_rest():
    errors = [f"Rad {n}: fel." for n in range(1, 1_251)]
    shown = capped(errors)
    assert shown[:100] == errors[:100]
    assert shown[100] == "… och 1\u00a0150 fel till. Rätta de här först."
    assert len(shown) == 101
    assert capped(errors[:100]) == errors[:100]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Block 1: Stärka förutsättningarna för regionernas vårdgarantifunktion", "Block 1 Stärka förutsättningarn"),
        ("a/b\\c?d*e[f]g", "a b c d e f g"),
        ("'citat'", "citat"),
        (":::", "Blad"),
    ],
)
def test_sheet_titles_are_made_valid_for_excel(name, title):
    assert sheet_title(name, set()) == title


def test_sheet_titles_are_unique_without_regard_to_case_and_stay_within_31_characters():
    taken: set[str] = set()
    long = "Krav på prestation: överbeläggningar och utlokaliseringar"
    titles = [sheet_title(long, taken), sheet_title(long.upper(), taken), sheet_title(long, taken)]
    assert titles[0] == "Krav på prestation överbeläggni"
    assert titles[1] == "KRAV PÅ PRESTATION ÖVERBELÄ (2)"
    assert titles[2] == "Krav på prestation överbelä (3)"
    assert all(len(t) <= 31 for t in titles)
    workbook = Workbook()
    for title in titles:
        workbook.create_sheet(title)  # openpyxl refuses an invalid title


# --- population import ----------------------------------------------------------------------------------------------


def test_a_population_csv_without_a_delimiter_is_refused_with_a_message():
    data = "\n".join(f"{name} {population}" for name, population in _population_rows()).encode()
    assert _population_refused(data, "befolkning.csv") == [NO_DELIMITER]


def test_a_population_csv_with_uneven_rows_uses_the_delimiter_it_finds():
    rows = _population_rows()
    text = "Region;Befolkning;Anmärkning;Källa\n" + "\n".join(f"{n};{p}" for n, p in rows)
    figures = parse_population_file(text.encode(), "befolkning.csv")
    assert len(figures) == 21


@pytest.mark.parametrize(
    "data",
    [
        os.urandom(4096),
        bytes(range(256)) * 8,
        b"\x00\x01\x02\x03",
        "Region;Befolkning\nStockholm;2 415 139\n".encode("utf-16"),
        b"\xd0\xcf\x11\xe0" + b"\0" * 100,  # the old .xls format
    ],
    ids=["random", "all-bytes", "control", "utf-16", "xls"],
)
def test_binary_garbage_as_population_is_refused_with_a_message(data):
    messages = _population_refused(data, "befolkning.csv")
    assert messages in ([NOT_TEXT], [_not_xlsx()])


def _not_xlsx() -> str:
    from regions.xlsx import NOT_XLSX

    return NOT_XLSX


@pytest.mark.parametrize("filename", ["befolkning.csv", "befolkning.xlsx"])
def test_binary_garbage_on_the_population_page_is_a_message_not_a_500(client, filename):
    response = _post_population(client, os.urandom(4096), filename)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filen är" in html
    assert not PopulationFigure.objects.filter(reference_date="2024-11-01").exists()


def test_a_population_csv_without_a_delimiter_on_the_page_is_a_message(client):
    data = "\n".join(f"{name} {population}" for name, population in _population_rows()).encode()
    response = _post_population(client, data, "befolkning.csv")
    assert response.status_code == 200
    assert "Filen har ingen avgränsare mellan kolumnerna." in response.content.decode()


def test_two_megabytes_of_bad_population_rows_list_a_hundred_errors_and_count_the_rest(client):
    line = b"Norrland;abc\n"
    data = line * (2 * 1024 * 1024 // len(line))
    rows = len(data) // len(line)
    messages = _population_refused(data, "befolkning.csv")
    assert len(messages) == 101
    assert messages[0] == "Rad 1, kolumn A: okänd region 'Norrland'."
    assert messages[100] == f"… och {rows - 100:,} fel till. Rätta de här först.".replace(",", "\u00a0")
    response = _post_population(client, data, "befolkning.csv")
    assert response.status_code == 200
    assert len(response.content) < 100_000
    assert "fel till" in response.content.decode()


def test_a_broken_quote_in_a_population_csv_names_the_row():
    text = "Region;Befolkning\nStockholm;" + '"' + "1" * 200_000 + "\n"
    messages = _population_refused(text.encode(), "befolkning.csv")
    assert messages == [
        'Rad 2: raden går inte att läsa som CSV: ett citattecken (") saknar sitt par eller en cell är för lång.'
    ]


@pytest.mark.parametrize("value", ["1" * 5001, "²", "1e9", "1000000000", "-5", "0", True])
def test_a_population_that_is_no_positive_whole_number_is_refused_by_row_and_column(value):
    rows = _population_rows()
    rows[2] = [rows[2][0], value]
    messages = _population_refused(_workbook_bytes(rows), "befolkning.xlsx")
    assert len(messages) == 1
    assert messages[0].startswith("Rad 3, kolumn B: ")
    assert messages[0].endswith(" är ingen befolkningssiffra (ett positivt heltal).")
    assert len(messages[0]) < 120


@pytest.mark.parametrize(("cell", "column"), [(0, "A"), (1, "B")])
def test_a_formula_in_a_population_workbook_is_refused_by_row_and_column(cell, column):
    rows = [["Region", "Befolkning"], *_population_rows()]
    rows[4][cell] = "=1+1"
    messages = _population_refused(_workbook_bytes(rows), "befolkning.xlsx")
    assert messages == [f"Rad 5, kolumn {column}: {FORMULA_REFUSED}"]
    assert messages[0].endswith(": cellen innehåller en formel. Skriv in värdet i stället.")


def test_import_population_command_refuses_bad_files_with_the_message(tmp_path):
    garbage = tmp_path / "befolkning.csv"
    garbage.write_bytes(b"\x00\xff" * 500)
    with pytest.raises(CommandError) as error:
        call_command("import_population", garbage, "--date", "2024-11-01")
    assert str(error.value) == NOT_TEXT
    plain = tmp_path / "mellanslag.csv"
    plain.write_text("\n".join(f"{n} {p}" for n, p in _population_rows()))
    with pytest.raises(CommandError, match="ingen avgränsare"):
        call_command("import_population", plain, "--date", "2024-11-01")
    with pytest.raises(CommandError, match=r"finns-inte\.csv finns inte"):
        call_command("import_population", tmp_path / "finns-inte.csv", "--date", "2024-11-01")
    assert not PopulationFigure.objects.filter(reference_date="2024-11-01").exists()


def test_import_population_command_lists_at_most_a_hundred_errors(tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_text("Norrland;1\n" * 500)
    with pytest.raises(CommandError) as error:
        call_command("import_population", path, "--date", "2024-11-01")
    lines = str(error.value).splitlines()
    assert len(lines) == 101
    assert lines[-1] == "… och 400 fel till. Rätta de här först."


# --- definition files ----------------------------------------------------------------------------------------------

PROGRAMME = """
[programme]
code = "test-2030"
title = "Testbidrag"
budget_year = 2030
frame = 1_000_000

[[components]]
code = "lika"
name = "Lika fördelning"
rule = "equal_share"
amount = 900_000
"""


def _definition_refused(text: str) -> str:
    with pytest.raises(DefinitionError) as error:
        parse_definition(text, "fel.toml")
    return str(error.value)


def test_fifty_thousand_nested_arrays_are_refused_as_a_definition_error():
    message = _definition_refused("a = " + "[" * 50_000 + "]" * 50_000)
    assert message == "fel.toml: filen är inte giltig TOML (listor eller tabeller är nästlade i för många nivåer)."


def test_deeply_nested_inline_tables_are_refused_as_a_definition_error():
    message = _definition_refused("a = " + "{b = " * 5_000 + "1" + "}" * 5_000)
    assert "nästlade i för många nivåer" in message


def test_a_5001_digit_integer_is_refused_naming_its_line():
    message = _definition_refused(PROGRAMME.replace("frame = 1_000_000", "frame = " + "1" * 5_001))
    assert message == "fel.toml: rad 6: filen är inte giltig TOML (ett tal har fler än 4300 siffror)."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("frame = 1_000_000", "frame = " + "9" * 30), "nyckeln programme.frame: talet är för stort"),
        (("budget_year = 2030", "budget_year = 70000"), "nyckeln programme.budget_year: 70000 är inget rimligt"),
        (("[programme]", "deadlines = 5\n[programme]"), "nyckeln deadlines: ska vara en lista med tabeller"),
        (("[programme]", 'measures = ["x"]\n[programme]'), "nyckeln measures: ska vara en lista med tabeller"),
        (("[programme]", "population = [3]\n[programme]"), "nyckeln population: ska vara en lista med tabeller"),
        (("[programme]", "need_weights = {}\n[programme]"), "nyckeln need_weights: ska vara en lista med tabeller"),
        (("amount = 900_000", "amount = 900_000\nrounding = { unit = 10000000000 }"), "rounding.unit: ska vara"),
        (('title = "Testbidrag"', "title = [" + "1, " * 10_000 + "]"), "ska vara en text, inte [1, 1, 1"),
    ],
)
def test_wrong_shapes_and_sizes_in_a_definition_are_refused_with_the_key(change, expected):
    message = _definition_refused(PROGRAMME.replace(*change))
    assert expected in message
    assert len(message) < 300


def test_components_written_as_a_plain_list_are_refused():
    text = "components = [1, 2]\n" + PROGRAMME.split("[[components]]")[0]
    assert "nyckeln components: ska vara en lista med tabeller, skrivna [[components]], inte [1, 2]." in (
        _definition_refused(text)
    )


def test_population_figures_too_large_for_the_database_are_refused():
    rows = "\n".join(
        f'"{name}" = {10**12 if i == 0 else population}' for i, (name, population) in enumerate(_population_rows())
    )
    text = PROGRAMME + f"\n[[population]]\nreference_date = 2029-11-01\n[population.figures]\n{rows}\n"
    assert "är för stort (högst 999999999)" in _definition_refused(text)


def test_the_definition_upload_page_shows_the_nesting_error_instead_of_a_500(client):
    client.force_login(StaffFactory())
    upload = SimpleUploadedFile("djup.toml", ("a = " + "[" * 50_000 + "]" * 50_000).encode())
    response = client.post(reverse("grants:definition_upload"), {"file": upload})
    assert response.status_code == 200
    assert "nästlade i för många nivåer" in response.content.decode()
    upload = SimpleUploadedFile("lang.toml", PROGRAMME.replace("1_000_000", "1" * 5_001).encode())
    response = client.post(reverse("grants:definition_upload"), {"file": upload})
    assert response.status_code == 200
    assert "ett tal har fler än 4300 siffror" in response.content.decode()
    assert not GrantProgramme.objects.filter(code="test-2030").exists()


def test_load_programme_command_refuses_deep_nesting_with_the_message(tmp_path):
    path = tmp_path / "djup.toml"
    path.write_text("a = " + "[" * 50_000 + "]" * 50_000)
    with pytest.raises(CommandError, match="nästlade i för många nivåer"):
        call_command("load_programme", path, stdout=StringIO())


def test_load_programme_command_refuses_a_file_not_in_utf8_with_the_message(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('title = "Vårdköer"\n'.encode("latin-1"))
    with pytest.raises(CommandError, match=r"inte sparad som UTF-8 \(byte 11\)"):
        call_command("load_programme", path, stdout=StringIO())


# --- monthly data upload ---------------------------------------------------------------------------------------------


@pytest.fixture
def vardkoer():
    return programme_with_run("vardkoer-2025")


def _monthly(rows) -> bytes:
    return _workbook_bytes([MONTHLY_HEADERS, *rows], title="Månadsdata")


def _monthly_refused(programme, content) -> list[str]:
    with pytest.raises(ValidationError) as error:
        data_upload_record(actor=member("23"), programme=programme, filename="data.xlsx", content=content)
    assert not MonthlyValue.objects.exists()
    assert not DataUpload.objects.exists()
    return error.value.messages


def test_a_formula_without_a_stored_result_is_refused_not_read_as_blank(vardkoer):
    content = _monthly([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Jämtland", 2025, 3, HIP, "Egen regi", "=1+1"]])
    assert _monthly_refused(vardkoer, content) == [
        'Blad "Månadsdata", rad 3, kolumn F: cellen innehåller en formel. Skriv in värdet i stället.'
    ]


def test_a_formula_in_the_region_cell_is_named_as_a_formula(vardkoer):
    content = _monthly([['=CONCAT("Jämt","land")', 2025, 2, HIP, "Egen regi", 3]])
    assert _monthly_refused(vardkoer, content) == [
        'Blad "Månadsdata", rad 2, kolumn A: cellen innehåller en formel. Skriv in värdet i stället.'
    ]


def _with_sheet_xml(content: bytes, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def test_a_formula_with_a_stored_result_is_refused_too(vardkoer):
    """Excel stores the result, but the check does not depend on it: every formula is refused."""
    content = _monthly([["Jämtland", 2025, 2, HIP, "Egen regi", "=2+1"]])
    with_result = _with_sheet_xml(content, b"<f>2+1</f><v />", b"<f>2+1</f><v>3</v>")
    assert _monthly_refused(vardkoer, with_result) == [
        'Blad "Månadsdata", rad 2, kolumn F: cellen innehåller en formel. Skriv in värdet i stället.'
    ]


def test_text_that_only_looks_like_a_formula_is_read_as_text(vardkoer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Månadsdata"
    sheet.append(MONTHLY_HEADERS)
    sheet.append(["Jämtland", 2025, 2, HIP, "Egen regi", None])
    sheet["F2"].value = "=1+1"
    sheet["F2"].data_type = "s"  # written as a text cell, the way Excel stores '=1+1
    buffer = BytesIO()
    workbook.save(buffer)
    assert _monthly_refused(vardkoer, buffer.getvalue()) == [
        'Blad "Månadsdata", rad 2, kolumn F: "=1+1" är inget tal.'
    ]


def test_many_bad_monthly_rows_list_a_hundred_errors_and_count_the_rest(vardkoer):
    content = _monthly([["Jämtlan", 2025, 2, HIP, "Egen regi", 3]] * 5_000)
    messages = _monthly_refused(vardkoer, content)
    assert len(messages) == 101
    assert messages[0] == 'Blad "Månadsdata", rad 2, kolumn A: "Jämtlan" är ingen region vi känner till.'
    assert messages[100] == "… och 4\u00a0900 fel till. Rätta de här först."


@pytest.mark.parametrize("year", ["2" * 5_000, "²", "2025.5"])
def test_a_year_that_is_no_plain_number_is_refused_with_a_short_message(vardkoer, year):
    messages = _monthly_refused(vardkoer, _monthly([["Jämtland", year, 2, HIP, "Egen regi", 3]]))
    assert len(messages) == 1
    assert messages[0].startswith('Blad "Månadsdata", rad 2, kolumn B: "')
    assert messages[0].endswith(" är inget år.")
    assert len(messages[0]) < 150


def test_the_upload_page_shows_the_formula_message_instead_of_saving(client, vardkoer):
    client.force_login(member("23", Role.DATA_COORDINATOR))
    content = _monthly([["Jämtland", 2025, 2, HIP, "Egen regi", 3], ["Jämtland", 2025, 3, HIP, "Egen regi", "=1+1"]])
    response = client.post(
        reverse("portal:monthly_upload", args=[vardkoer.code]), {"file": SimpleUploadedFile("jh.xlsx", content)}
    )
    assert response.status_code == 200
    assert "rad 3, kolumn F: cellen innehåller en formel. Skriv in värdet i stället." in response.content.decode()
    assert not MonthlyValue.objects.exists()


# --- monthly data written by two deliveries at once ---------------------------------------------------------------


def _hip(value: int) -> list[MonthlyEntry]:
    return [
        MonthlyEntry(
            region=Region.objects.get(code="23"),
            indicator="hip_operations",
            year=2025,
            month=2,
            value=Decimal(value),
            provider="own",
        )
    ]


def _race(monkeypatch, competing_value: int):
    """Let another delivery store the same value between this delivery's read and its write."""
    from reporting.services import monthly

    read = monthly._existing
    calls = []

    def existing_then_competitor(entries):
        found = read(entries)
        calls.append(found)
        if len(calls) == 1:
            MonthlyValue.objects.bulk_create(  # committed by the other delivery: no save(), no savepoint of ours
                [
                    MonthlyValue(
                        region=Region.objects.get(code="23"),
                        indicator="hip_operations",
                        year=2025,
                        month=2,
                        provider="own",
                        value=Decimal(competing_value),
                        channel=MonthlyValue.Channel.API,
                    )
                ]
            )
        return found

    monkeypatch.setattr(monthly, "_existing", existing_then_competitor)
    return calls


def test_a_value_created_by_a_concurrent_delivery_is_updated_not_a_500(
    vardkoer, monkeypatch, django_capture_on_commit_callbacks
):
    calls = _race(monkeypatch, competing_value=4)
    actor = member("23", Role.DATA_COORDINATOR)
    queued = []
    monkeypatch.setattr("reporting.services.recompute.recompute_enqueue", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        summary = monthly_values_record(actor=actor, entries=_hip(7), channel="upload")
    assert len(calls) == 2  # the first write lost the race on monthly_value_unique and was tried again
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    assert summary.regions == {"23"}
    stored = MonthlyValue.objects.get()
    assert stored.value == 7 and stored.channel == "upload" and stored.delivered_by == actor
    history = list(stored.history.order_by("history_date"))
    assert [(h.history_type, h.value, h.history_user) for h in history] == [("~", Decimal(7), actor)]
    assert queued == [vardkoer.pk]  # the recompute is still queued after commit


def test_a_concurrent_delivery_of_the_same_value_counts_as_unchanged(vardkoer, monkeypatch):
    _race(monkeypatch, competing_value=7)
    summary = monthly_values_record(actor=None, entries=_hip(7))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    assert MonthlyValue.objects.get().value == 7
    assert not MonthlyValue.history.exists()


def test_twenty_deliveries_of_the_same_new_value_each_succeed(vardkoer, monkeypatch):
    """Each delivery finds the row missing when it reads; all but the first meet the unique constraint."""
    from reporting.services import monthly

    read = monthly._existing
    first_read = []

    def stale_once(entries):
        if not first_read:
            first_read.append(True)
            return {}  # what every one of them saw: nothing yet
        return read(entries)

    for _ in range(20):
        first_read.clear()
        monkeypatch.setattr(monthly, "_existing", stale_once)
        monthly_values_record(actor=None, entries=_hip(5))
    assert MonthlyValue.objects.count() == 1
    assert MonthlyValue.objects.get().value == 5


# --- the allocation bilaga ------------------------------------------------------------------------------------------

SHEETS = {
    "uppdamda-vardbehov-2022": ["Fördelning efter invånare"],
    "vardplatser-2024": ["Grundläggande krav rapportera v", "Krav på prestation överbeläggni"],
    "vardkoer-2025": ["Block 1 Stärka förutsättningarn", "Block 2 Medel för att stimulera"],
}


def _seed_with_every_input(code: str):
    """Load the seed programme and the population of 1 November 2024 that block 2 of 2025 ranks by."""
    programme = load_seed_programme(code)
    figures = {region: 100_000 + int(region.code) for region in Region.objects.all()}
    population_figures_set(actor=None, reference_date=date(2024, 11, 1), figures=figures, source="test")
    return programme


def _check_bilaga(workbook, code: str) -> None:
    assert workbook.sheetnames == SHEETS[code]
    for sheet in workbook.worksheets:
        assert str(sheet["A1"].value).startswith("Bilaga. Fördelning av")
        top = next(row for row in sheet.iter_rows() if row[0].value == "Region")[0].row
        assert sheet.cell(row=top + 22, column=1).value == "Summa"
        amounts = [row[-1] for row in sheet.iter_rows(min_row=top + 1, max_row=top + 21, values_only=True)]
        assert all(isinstance(amount, int) for amount in amounts)
        assert sheet.cell(row=top + 22, column=sheet.max_column).value == sum(amounts)


@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_the_bilaga_of_every_seed_programme_exports_from_the_page(client, code):
    programme = _seed_with_every_input(code)
    run = allocation_run_create(programme=programme)
    assert run.status == run.Status.SUCCEEDED, run.error
    client.force_login(StaffFactory())
    response = client.get(reverse("grants:allocation_export", args=[code, run.number]))
    assert response.status_code == 200
    _check_bilaga(load_workbook(BytesIO(response.content)), code)


@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_the_bilaga_of_every_seed_programme_exports_from_the_command(tmp_path, code):
    _seed_with_every_input(code)
    target = tmp_path / f"{code}.xlsx"
    call_command("allocation", code, "--export", str(target), stdout=StringIO())
    _check_bilaga(load_workbook(target), code)
