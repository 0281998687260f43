"""A programme written back as a definition file loads to the same programme, for every seed programme."""

import pytest

from grants.definition_export import programme_to_toml
from grants.definitions import parse_definition
from grants.services import programme_load_definition
from tests.factories import SEED_FILES, load_seed_programme


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_export_then_load_changes_nothing(code):
    programme = load_seed_programme(code)
    text = programme_to_toml(programme)
    report = programme_load_definition(actor=None, text=text, filename="export.toml", reason="Oförändrad")
    assert report.changes == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_export_under_a_new_code_is_the_same_programme(code):
    programme = load_seed_programme(code)
    original = parse_definition(SEED_FILES[code].read_text(encoding="utf-8"))
    copy = parse_definition(programme_to_toml(programme, code="kopia"))
    assert copy.programme == original.programme | {"code": "kopia"}
    assert copy.components == original.components
    by_day = lambda deadline: (deadline["date"], deadline["kind"])  # noqa: E731 - the order on the page
    assert sorted(copy.deadlines, key=by_day) == sorted(original.deadlines, key=by_day)
    assert copy.measures == original.measures
    assert copy.populations == original.populations
    assert copy.need_weights == original.need_weights
