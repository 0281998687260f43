"""The demo's generated monthly data: deterministic, labelled as example data, and enough to make the pages live."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from grants.models import AllocationRun
from regions.models import PopulationFigure, Region
from regions.services import population_figures_set
from reporting.models import MonthlyValue
from reporting.selectors import EXAMPLE_DATA_SOURCE
from tests.factories import load_seed_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes(settings):
    settings.DEBUG = True
    return load_seed_programme("vardplatser-2024"), load_seed_programme("vardkoer-2025")


def _load(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_monthly", stdout=out)
    return out.getvalue()


def test_demo_data_are_generated_the_same_every_time_and_marked_as_example(
    programmes, django_capture_on_commit_callbacks
):
    first = _load(django_capture_on_commit_callbacks)
    assert "5\u00a0922 nya" in first or "5922 nya" in first
    values = list(
        MonthlyValue.objects.order_by("pk").values_list(
            "region__code", "indicator", "year", "month", "provider", "value"
        )
    )
    second = _load(django_capture_on_commit_callbacks)
    assert "0 nya, 0 ändrade" in second
    assert (
        list(
            MonthlyValue.objects.order_by("pk").values_list(
                "region__code", "indicator", "year", "month", "provider", "value"
            )
        )
        == values
    )
    assert not MonthlyValue.objects.exclude(delivered_via__name=EXAMPLE_DATA_SOURCE).exists()
    assert MonthlyValue.objects.filter(value__isnull=True).exists()  # some months are reported as missing
    generated = PopulationFigure.objects.filter(reference_date=date(2024, 11, 1))
    assert generated.count() == 21
    assert all(generated.values_list("is_example", flat=True))


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # each delivery commits and queues its own recompute, as in the demo
def test_demo_data_arrive_in_two_deliveries_and_give_two_runs_to_compare(
    programmes, django_capture_on_commit_callbacks
):
    beds, queues = programmes
    _load(django_capture_on_commit_callbacks)
    for programme in (beds, queues):
        runs = list(programme.runs.order_by("number"))
        assert [run.trigger for run in runs] == [AllocationRun.Trigger.DATA] * 2
        assert runs[0].provisional and not runs[1].provisional
        assert runs[1].status == AllocationRun.Status.SUCCEEDED and not runs[1].error
    assert beds.runs.get(number=2).total == 1_990_000_000
    assert queues.runs.get(number=2).total == 100_002_000 + 397_000_000  # block 1 rounds to 1 000 kr per region


def test_demo_never_overwrites_a_population_staff_have_loaded(programmes, django_capture_on_commit_callbacks):
    population_figures_set(
        actor=None,
        reference_date=date(2024, 11, 1),
        figures=dict.fromkeys(Region.objects.all(), 300_000),
        source="SCB",
    )
    _load(django_capture_on_commit_callbacks)
    assert set(
        PopulationFigure.objects.filter(reference_date=date(2024, 11, 1)).values_list("population", "is_example")
    ) == {(300_000, False)}


def test_demo_data_are_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_monthly")


def test_runs_computed_from_demo_data_say_so_on_the_programme_page(
    programmes, django_capture_on_commit_callbacks, client
):
    from django.urls import reverse

    from tests.factories import StaffFactory

    _load(django_capture_on_commit_callbacks)
    beds, queues = programmes
    assert beds.runs.order_by("-number").first().detail["example_inputs"] == ["månadsvärden"]
    assert queues.runs.order_by("-number").first().detail["example_inputs"] == [
        "befolkning 1 november 2024",
        "månadsvärden",
    ]
    client.force_login(StaffFactory())
    html = client.get(reverse("grants:programme_detail", args=["vardkoer-2025"])).content.decode()
    assert "Exempeldata." in html and "befolkning 1 november 2024 och månadsvärden" in html


def test_runs_from_the_seed_definitions_alone_are_not_marked_as_example(programmes):
    from grants.services import allocation_run_create

    beds, _ = programmes
    assert allocation_run_create(programme=beds).detail["example_inputs"] == []


def test_run_history_and_comparison_say_when_runs_rest_on_example_data(
    programmes, django_capture_on_commit_callbacks, client
):
    from django.urls import reverse

    from grants.services import allocation_run_create
    from tests.factories import StaffFactory

    beds, _ = programmes
    allocation_run_create(programme=beds)  # from the seed definition alone
    _load(django_capture_on_commit_callbacks)
    client.force_login(StaffFactory())
    history = client.get(reverse("reporting:run_history", args=["vardplatser-2024"])).content.decode()
    assert "Exempeldata." in history
    compare = client.get(reverse("reporting:run_compare", args=["vardplatser-2024", 2])).content.decode()
    assert "Exempeldata." in compare
