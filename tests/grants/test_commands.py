"""The command-line path: load definitions, compute and print, export the bilaga."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.factories import SEED_FILES

pytestmark = pytest.mark.django_db


def test_load_then_allocation_by_decision_reference_prints_the_table_and_exports(tmp_path):
    out = StringIO()
    call_command("load_programme", *SEED_FILES.values(), stdout=out)
    call_command("load_programme", SEED_FILES["uppdamda-vardbehov-2022"], stdout=out)
    assert out.getvalue().rstrip().endswith("uppdamda-vardbehov-2022: oförändrad")

    target = tmp_path / "bilaga.xlsx"
    out = StringIO()
    call_command("allocation", "S2022/00456", "--export", str(target), stdout=out)
    printed = out.getvalue().replace("\u00a0", " ")
    assert "Kalmar                       246 989       47 242 727,49        47 242 728" in printed
    assert "Summa                     10 443 100                         1 997 500 000" in printed
    sheet = load_workbook(target).active
    summa = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Summa")
    assert summa[2] == 1_997_500_000


def test_allocation_of_an_unknown_programme_is_a_clear_error():
    with pytest.raises(CommandError, match="Inget statsbidrag med kortkod eller diarienummer 'S1999/1'"):
        call_command("allocation", "S1999/1")


def test_load_programme_refuses_a_broken_file_with_its_line(tmp_path):
    broken = tmp_path / "fel.toml"
    broken.write_text(SEED_FILES["vardkoer-2025"].read_text(encoding="utf-8").replace('"Norrbottn"', '"Norrbotn"'))
    with pytest.raises(CommandError, match=r"rad \d+, nyckeln need_weights\[1\]\.values\.Norrbotn: okänd region"):
        call_command("load_programme", broken)
