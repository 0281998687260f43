"""Definition files: the seeds load idempotently; broken files are refused whole, naming line or key."""

import pytest
from django.core.exceptions import ValidationError

from grants.definitions import DefinitionError
from grants.models import Component, Deadline, GrantProgramme, Measure
from grants.services import programme_load_definition
from regions.models import NeedWeight, PopulationFigure
from tests.factories import SEED_FILES

pytestmark = pytest.mark.django_db

MINIMAL = """
[programme]
code = "test-2030"
title = "Testbidrag"
budget_year = 2030
frame = 1_000_000
admin_allowance = 100_000

[[components]]
code = "lika"
name = "Lika fördelning"
rule = "equal_share"
amount = 900_000
"""


def _counts():
    models = (
        GrantProgramme,
        Component,
        Deadline,
        Measure,
        PopulationFigure,
        NeedWeight,
        GrantProgramme.history.model,
        PopulationFigure.history.model,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_each_seed_file_loads_and_a_second_load_changes_nothing(code):
    text = SEED_FILES[code].read_text(encoding="utf-8")
    first = programme_load_definition(actor=None, text=text, filename=SEED_FILES[code].name)
    assert first.changed
    before = _counts()

    second = programme_load_definition(actor=None, text=text, filename=SEED_FILES[code].name)

    assert not second.changed, second.changes
    assert _counts() == before


def test_seed_2022_carries_the_decision_as_written():
    programme = programme_load_definition(
        actor=None, text=SEED_FILES["uppdamda-vardbehov-2022"].read_text(encoding="utf-8")
    ).programme
    assert programme.decision_reference == "S2022/00456"
    assert programme.frame == 2_000_000_000
    assert programme.appropriation.startswith("1:6")
    assert {d.kind: d.date.isoformat() for d in programme.deadlines.all()}["requisition"] == "2022-03-15"
    assert programme.measures.count() == 10
    assert set(programme.measures.values_list("category", flat=True)) == {
        "Hälsofrämjande och rehabilitering",
        "Nära vård",
        "Patientinflytande",
        "Kapacitetsstyrning",
        "Kunskapsstyrning",
    }
    assert PopulationFigure.objects.filter(reference_date="2021-11-01").count() == 21


def test_seed_2025_caps_sum_to_the_block_2_amount():
    programme_load_definition(actor=None, text=SEED_FILES["vardkoer-2025"].read_text(encoding="utf-8"))
    caps = NeedWeight.objects.filter(series="maxtak-2025")
    assert caps.count() == 21
    assert sum(caps.values_list("value", flat=True)) == 397_000_000
    assert caps.get(region__code="25").value == 10_582_760  # spelled "Norrbottn" in the seed


def test_changed_amount_is_updated_and_recorded_in_history():
    programme_load_definition(actor=None, text=MINIMAL)
    report = programme_load_definition(actor=None, text=MINIMAL.replace("amount = 900_000", "amount = 800_000"))
    assert report.changes == ["Delen lika: ändrad (amount)"]
    component = Component.objects.get(code="lika")
    assert component.amount == 800_000
    assert component.history.count() == 2


def _refused(text: str) -> str:
    before = _counts()
    with pytest.raises((DefinitionError, ValidationError)) as error:
        programme_load_definition(actor=None, text=text, filename="fel.toml")
    assert _counts() == before, "nothing may be saved from a refused file"
    return str(error.value).replace("\u00a0", " ")


def test_unknown_region_is_refused_with_its_line():
    text = (
        SEED_FILES["uppdamda-vardbehov-2022"]
        .read_text(encoding="utf-8")
        .replace('"Gotland" = 60_972', '"Gotlandia" = 60_972')
    )
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "Gotlandia" in row)
    message = _refused(text)
    assert f"rad {line}" in message
    assert "okänd region 'Gotlandia'" in message
    assert "population[1].figures.Gotlandia" in message


def test_components_above_frame_less_admin_allowance_are_refused():
    message = _refused(MINIMAL.replace("amount = 900_000", "amount = 900_001"))
    assert "nyckeln components: delarna summerar till 900 001 kr" in message
    assert "ramen 1 000 000 kr minus förvaltningsmedlen 100 000 kr = 900 000 kr" in message


def test_missing_key_is_refused_naming_the_key():
    message = _refused(MINIMAL.replace('title = "Testbidrag"\n', ""))
    assert "nyckeln programme.title: saknas" in message


def test_missing_rule_parameter_is_refused_naming_it():
    text = MINIMAL.replace('rule = "equal_share"', 'rule = "population_share"')
    message = _refused(text)
    assert "components[1].parameters" in message
    assert "population_date saknas" in message


def test_invalid_toml_is_refused_with_the_line():
    message = _refused(MINIMAL.replace("frame = 1_000_000", "frame = = 1"))
    assert "fel.toml: rad 6, kolumn 9: filen är inte giltig TOML" in message


def test_a_region_missing_from_a_population_table_is_refused():
    text = SEED_FILES["vardplatser-2024"].read_text(encoding="utf-8").replace('"Gotland" = 61_093\n', "")
    message = _refused(text)
    assert "saknar 1 region: Gotland" in message


def test_the_same_region_under_two_spellings_is_refused():
    text = (
        SEED_FILES["vardplatser-2024"]
        .read_text(encoding="utf-8")
        .replace('"Gotland" = 61_093', '"Gotland" = 61_093\n"Region Gotland" = 61_093')
    )
    message = _refused(text)
    assert "står två gånger" in message


def test_a_failure_late_in_the_file_leaves_nothing_from_earlier_tables():
    # Population for 2023 is valid; the requirements then do not add up: nothing at all may be saved.
    text = (
        SEED_FILES["vardplatser-2024"]
        .read_text(encoding="utf-8")
        .replace(
            'indicator = "outlying_rate", amount = 620_000_000', 'indicator = "outlying_rate", amount = 610_000_000'
        )
    )
    message = _refused(text)
    assert "kravens belopp summerar till 1 230 000 000 kr men delens belopp är 1 240 000 000 kr" in message
    assert not PopulationFigure.objects.exists()


def test_staff_can_close_the_performance_period_in_the_definition_file():
    from grants.services import allocation_run_create

    text = SEED_FILES["vardplatser-2024"].read_text(encoding="utf-8")
    programme = programme_load_definition(actor=None, text=text).programme
    assert allocation_run_create(programme=programme).provisional

    closed = text.replace("top_n = 5                       #", "final = true\ntop_n = 5                       #")
    report = programme_load_definition(actor=None, text=closed)
    assert report.changes == ["Delen prestation: ändrad (parameters)"]
    run = allocation_run_create(programme=programme)
    assert not run.provisional
    assert any("Ingen region har kvalificerat sig" in note for note in run.notes)


def test_final_must_be_true_or_false():
    text = SEED_FILES["vardplatser-2024"].read_text(encoding="utf-8")
    message = _refused(
        text.replace("top_n = 5                       #", 'final = "ja"\ntop_n = 5                       #')
    )
    assert "Parametern final: ska vara true eller false" in message
