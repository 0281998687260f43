"""Fuzzing the readers of uploaded files: whatever comes in, only the reader's own validation error comes out.

Monthly data in Excel and population figures in CSV or Excel raise ValidationError; definition files raise
DefinitionError. Anything else (a ValueError from openpyxl, a csv.Error, a RecursionError from tomllib) would be a
500 on the upload page, so each property feeds the reader arbitrary bytes, arbitrary text and arbitrary cells,
and, to reach past the first check, valid files with one part replaced.
"""

import json
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from grants.definitions import DefinitionError, ProgrammeDefinition, parse_definition
from regions.imports import parse_population_file
from regions.models import Region
from regions.selectors import RegionResolver
from regions.xlsx import MAX_LISTED_ERRORS
from reporting.delivery import delivery_slots
from reporting.services import MonthlyEntry
from tests.allocation import seed_tables
from tests.factories import SEED_FILES, load_seed_programme

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -----------------------------------------------------------------------------------------------------

# openpyxl refuses the control characters XML cannot hold; everything else may be in a cell, "=..." included,
# which openpyxl writes as a formula.
cell_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=[chr(c) for c in range(32)]))
cell_values = st.one_of(
    st.none(),
    cell_text.map(lambda text: text[:60]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.sampled_from(["=1+1", "=A1", '=CONCAT("Jämt","land")', "saknas", " ", "2 415 139", "1,5", "-", "²"]),
)
region_names = st.sampled_from(
    ["Jämtland", "Region Jämtland Härjedalen", "Norrbottn", "Stockholm", "Gotland", "JAMTLAND", "Norrland"]
)


def _workbook(rows, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet_xml(content: bytes, edit) -> bytes:
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            target.writestr(info.filename, data)
    return buffer.getvalue()


# Text spliced into a sheet's XML: tags, attributes and numbers are what openpyxl trips over.
xml_noise = st.text(st.sampled_from("<>/=\"' crvtfsnib0123456789.-eE:AFXD"), max_size=40)


@st.composite
def damaged_sheets(draw, content: bytes):
    """Return the workbook with noise put into its sheet XML at some point inside <sheetData>."""
    noise = draw(xml_noise).encode()

    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<sheetData>") + len(b"<sheetData>")
        end = xml.index(b"</sheetData>")
        at = draw(st.integers(start, end))
        return xml[:at] + noise + xml[at:]

    return _with_sheet_xml(content, edit)


def _check_messages(error: ValidationError) -> None:
    """A refusal lists at most the first hundred faults (and a count), each a short Swedish sentence."""
    assert 1 <= len(error.messages) <= MAX_LISTED_ERRORS + 1
    for message in error.messages:
        assert isinstance(message, str) and message
        assert len(message) < 500, message


# --- monthly data in Excel ------------------------------------------------------------------------------------------


@pytest.fixture
def monthly_reader():
    """Return read(content) for the 2025 programme's template, as region 23 would upload it."""
    from reporting.uploads import parse_monthly_upload  # imported late: reporting.uploads first is an import cycle

    programme = load_seed_programme("vardkoer-2025")
    slots = delivery_slots(programme)
    regions = list(Region.objects.filter(code__in=["23", "25"]))
    resolver = RegionResolver()

    def read(content: bytes):
        return parse_monthly_upload(content=content, slots=slots, allowed=regions, resolver=resolver)

    return read


def _read_monthly(read, content: bytes) -> None:
    try:
        entries = read(content)
    except ValidationError as error:
        _check_messages(error)
        return
    assert entries
    for entry in entries:
        assert isinstance(entry, MonthlyEntry)
        assert entry.region.code in {"23", "25"}
        assert 1 <= entry.month <= 12
        assert entry.value is None or (isinstance(entry.value, Decimal) and entry.value.is_finite())
        assert entry.value is None or entry.value >= 0


HEADERS = ["Region", "År", "Månad", "Indikator", "Utförare", "Värde"]
monthly_rows = st.lists(
    st.tuples(
        st.one_of(region_names, cell_values),
        st.one_of(st.sampled_from([2025, "2025", 2024]), cell_values),
        st.one_of(st.sampled_from([2, "mars", 10, 11, "2"]), cell_values),
        st.one_of(st.sampled_from(["Operationer av höftledsprotes", "hip_operations"]), cell_values),
        st.one_of(st.sampled_from(["Egen regi", "Privat vårdgivare", "annan region"]), cell_values),
        cell_values,
        cell_values,
    ).map(list),
    min_size=0,
    max_size=12,
)


@FUZZ
@given(rows=monthly_rows)
def test_monthly_upload_with_arbitrary_cells_raises_only_validation_error(monthly_reader, rows):
    _read_monthly(monthly_reader, _workbook([HEADERS, *rows], title="Månadsdata"))


@FUZZ
@given(content=st.one_of(st.binary(max_size=4096), st.just(b""), st.binary(max_size=64).map(b"PK\x03\x04".__add__)))
def test_monthly_upload_of_arbitrary_bytes_raises_only_validation_error(monthly_reader, content):
    _read_monthly(monthly_reader, content)


VALID_MONTHLY = [
    HEADERS,
    ["Jämtland", 2025, 2, "Operationer av höftledsprotes", "Egen regi", 3],
    ["Norrbotten", 2025, "mars", "Operationer av grå starr", "Annan region", "5"],
]


@FUZZ
@given(data=st.data())
def test_monthly_upload_with_a_damaged_sheet_raises_only_validation_error(monthly_reader, data):
    _read_monthly(monthly_reader, data.draw(damaged_sheets(_workbook(VALID_MONTHLY, title="Månadsdata"))))


# --- population figures in CSV or Excel -----------------------------------------------------------------------------


def _read_population(data: bytes, filename: str) -> None:
    try:
        figures = parse_population_file(data, filename)
    except ValidationError as error:
        _check_messages(error)
        return
    assert 1 <= len(figures) <= 21  # a file may hold only the regions that receive a grant
    assert all(isinstance(value, int) and 0 < value < 10**9 for value in figures.values())


POPULATION = [[name, population] for _, name, population, _ in seed_tables.TABLE_2024]


@FUZZ
@given(data=st.binary(max_size=4096), filename=st.sampled_from(["bef.csv", "bef.xlsx", "bef.txt", "BEF.XLSX", "bef"]))
def test_population_file_of_arbitrary_bytes_raises_only_validation_error(data, filename):
    _read_population(data, filename)


@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_population_csv_of_arbitrary_text_raises_only_validation_error(text, encoding):
    _read_population(text.encode(encoding, errors="replace"), "bef.csv")


csv_cells = st.one_of(region_names, st.integers(-5, 3_000_000).map(str), st.text(max_size=12), st.just('"'))


@FUZZ
@given(
    rows=st.lists(st.lists(csv_cells, max_size=4), max_size=30),
    delimiter=st.sampled_from([";", ",", "\t", " ", "|"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_population_csv_of_arbitrary_rows_raises_only_validation_error(rows, delimiter, newline):
    text = newline.join(delimiter.join(row) for row in rows)
    _read_population(text.encode("utf-8"), "bef.csv")


@FUZZ
@given(
    changes=st.lists(st.tuples(st.integers(0, 20), st.integers(0, 3), cell_values), max_size=6),
    extra=st.lists(st.lists(cell_values, max_size=4), max_size=5),
)
def test_population_workbook_with_arbitrary_cells_raises_only_validation_error(changes, extra):
    rows = [[*row, None, None] for row in POPULATION] + extra
    for row, column, value in changes:
        rows[row][column] = value
    _read_population(_workbook([["Region", "Befolkning"], *rows]), "bef.xlsx")


@FUZZ
@given(data=st.data())
def test_population_workbook_with_a_damaged_sheet_raises_only_validation_error(data):
    _read_population(data.draw(damaged_sheets(_workbook(POPULATION))), "bef.xlsx")


# --- definition files in TOML ---------------------------------------------------------------------------------------


def _read_definition(text: str) -> None:
    try:
        definition = parse_definition(text, "fuzz.toml")
    except DefinitionError as error:
        assert str(error).startswith("fuzz.toml: ")
        assert len(str(error)) < 1000, str(error)
        return
    assert isinstance(definition, ProgrammeDefinition)


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string (a lone surrogate is refused by tomllib)


toml_scalars = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(
        ["9" * 5_001, "0x" + "f" * 40, "1_000", "inf", "nan", "-0", "+1", "1e400", "1979-05-27T07:32:00Z"]
    ),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text(max_size=30).map(_toml_string),
    st.dates().map(lambda d: d.isoformat() if d.year >= 1000 else "2024-11-01"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
toml_keys = st.one_of(
    st.sampled_from(["code", "amount", "rule", "unit", "months", "year", "kind", "date", "figures", "Stockholm"]),
    st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(toml_keys, inner, max_size=3).map(
            lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}"
        ),
    ),
    max_leaves=10,
)
ASSIGNMENT = re.compile(r"^(\s*[\w\"][^=\n]*=\s*)(.+)$", re.MULTILINE)


@FUZZ
@given(text=st.text(max_size=3000))
def test_definition_of_arbitrary_text_raises_only_definition_error(text):
    _read_definition(text)


@FUZZ
@given(code=st.sampled_from(sorted(SEED_FILES)), data=st.data())
def test_seed_definition_with_values_replaced_raises_only_definition_error(code, data):
    """Replace the values of a few assignments in a seed file; the reader must name the fault or accept the file."""
    text = SEED_FILES[code].read_text(encoding="utf-8")
    assignments = list(ASSIGNMENT.finditer(text))
    chosen = data.draw(st.lists(st.sampled_from(assignments), min_size=1, max_size=3, unique_by=lambda m: m.start()))
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
        value = data.draw(toml_values)
        text = text[: match.start(2)] + value + text[match.end(2) :]
    _read_definition(text)


sections = st.sampled_from(
    ["[programme]", "[[components]]", "[components.parameters]", "[components.rounding]", "[components.payment]",
     "[[deadlines]]", "[[measures]]", "[[population]]", "[population.figures]", "[[need_weights]]",
     "[need_weights.values]", "[programme.x]"]
)  # fmt: skip


@FUZZ
@given(
    blocks=st.lists(
        st.tuples(sections, st.lists(st.tuples(toml_keys, toml_values), max_size=5)),
        max_size=6,
    ),
    top=st.lists(st.tuples(st.sampled_from(["deadlines", "components", "programme", "x"]), toml_values), max_size=2),
)
def test_definition_built_from_sections_and_values_raises_only_definition_error(blocks, top):
    lines = [f"{key} = {value}" for key, value in top]
    for header, pairs in blocks:
        lines.append(header)
        lines.extend(f'"{key}" = {value}' for key, value in pairs)
    _read_definition("\n".join(lines))
