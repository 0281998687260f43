"""Allocation runs computed from the database reproduce the seed tables and keep every run."""

import json
from datetime import date

import pytest

from grants.allocation import recompute_amount
from grants.models import AllocationLine, AllocationRun
from grants.services import allocation_run_create
from regions.models import PopulationFigure
from tests.allocation import seed_tables
from tests.factories import load_seed_programme

pytestmark = pytest.mark.django_db


def _amounts(run, component_code):
    return dict(run.lines.filter(component__code=component_code).values_list("region__code", "amount"))


def test_2022_bilaga_is_reproduced_to_the_krona_from_the_database():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    run = allocation_run_create(programme=programme)
    assert run.status == AllocationRun.Status.SUCCEEDED
    assert _amounts(run, "invanare") == seed_tables.amounts(seed_tables.TABLE_2022)
    assert run.total == 1_997_500_000
    assert run.lines.count() == 21


def test_2024_basic_part_is_reproduced_to_the_krona_from_the_database():
    programme = load_seed_programme("vardplatser-2024")
    run = allocation_run_create(programme=programme)
    assert _amounts(run, "grundlaggande") == seed_tables.amounts(seed_tables.TABLE_2024)


def test_2025_block_1_is_4_762_000_each_and_the_overshoot_is_noted():
    programme = load_seed_programme("vardkoer-2025")
    run = allocation_run_create(programme=programme)
    amounts = _amounts(run, "block-1")
    assert set(amounts.values()) == {4_762_000}
    assert len(amounts) == 21
    assert any("100 002 000" in note.replace("\u00a0", " ") for note in run.notes)


def test_2025_block_2_waits_for_the_november_2024_population_and_says_so():
    programme = load_seed_programme("vardkoer-2025")
    run = allocation_run_create(programme=programme)
    assert run.status == AllocationRun.Status.SUCCEEDED  # block 1 is computed
    assert not run.lines.filter(component__code="block-2").exists()
    assert "Befolkning 1 november 2024 saknas" in run.error


def test_every_stored_line_recomputes_from_its_explanation_alone():
    run = allocation_run_create(programme=load_seed_programme("uppdamda-vardbehov-2022"))
    for line in run.lines.all():
        stored = json.loads(json.dumps(line.full_explanation))
        assert recompute_amount(stored) == line.amount
        assert "1 november 2021" in stored["text"]
        # What all 21 lines share (the total, the national population, labels and sources) is stored on the run.
        own = {item["key"]: item for item in line.explanation["inputs"]}
        assert set(own["total"]) == {"key"} and set(own["population"]) == {"key", "value"}
    shared = run.shared_inputs[str(line.component_id)]
    assert shared["total"]["value"] == line.component.amount == 1_997_500_000


def test_runs_are_kept_and_an_unchanged_recompute_does_not_add_a_run():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    first = allocation_run_create(programme=programme)
    again = allocation_run_create(programme=programme)
    assert again.pk == first.pk

    figure = PopulationFigure.objects.get(region__code="09", reference_date="2021-11-01")
    figure.population += 1000
    figure.save()
    second = allocation_run_create(programme=programme)

    assert second.number == first.number + 1
    assert AllocationRun.objects.filter(programme=programme).count() == 2
    assert AllocationLine.objects.filter(run=first).count() == 21  # the old run is untouched
    assert _amounts(first, "invanare") == seed_tables.amounts(seed_tables.TABLE_2022)
    assert _amounts(second, "invanare")["09"] > _amounts(first, "invanare")["09"]
    assert sum(_amounts(second, "invanare").values()) == 1_997_500_000


def test_loading_the_missing_ranking_population_recomputes_the_2025_programme(django_capture_on_commit_callbacks):
    from grants.services import population_import
    from regions.models import Region

    programme = load_seed_programme("vardkoer-2025")
    first = allocation_run_create(programme=programme)
    assert "Befolkning 1 november 2024 saknas" in first.error
    figures = {region: 100_000 + int(region.code) for region in Region.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        population_import(actor=None, reference_date=date(2024, 11, 1), figures=figures, source="test")

    latest = programme.runs.order_by("-number").first()
    assert latest.number == first.number + 1
    assert latest.error == ""
    assert latest.lines.filter(component__code="block-2").count() == 21


def test_loading_a_population_no_programme_reads_queues_nothing(django_capture_on_commit_callbacks):
    from grants.services import population_import
    from regions.models import Region

    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        population_import(
            actor=None, reference_date=date(2030, 11, 1), figures=dict.fromkeys(Region.objects.all(), 5), source="x"
        )
    assert programme.runs.count() == 1
    assert len(callbacks) == 1  # the queueing callback ran and found no programme reading 1 November 2030


def test_month_cells_are_stored_as_lists_under_their_field_names_and_read_back_from_either_form():
    from grants.services.runs import CELL_FIELDS, detail_cells

    stored = {"cell_fields": list(CELL_FIELDS), "cells": [["krav", "01", 3, "1.5", None, "1/3", "top5", 2]]}
    expected = {
        "requirement": "krav", "region": "01", "month": 3, "value": "1.5", "baseline": None, "reserved": "1/3",
        "status": "top5", "rank": 2,
    }  # fmt: skip
    assert detail_cells(stored) == [expected]
    assert detail_cells({"cells": [expected]}) == [expected]  # a run stored before
