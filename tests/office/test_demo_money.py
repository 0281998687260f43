"""The demo shows each seed programme at a different stage of the money cycle, every figure consistent."""

from io import StringIO

import pytest
from django.core.management import call_command

from grants.account import final_account
from grants.models import AllocationLine, GrantProgramme, PayoutBatch, Requisition
from grants.services import allocation_run_create
from grants.services.payouts import payment_details_fault
from regions.models import Region
from tests.factories import SEED_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # the demo loaders refuse to run otherwise
    call_command("load_programme", *SEED_FILES.values(), publish=True, verbosity=0)
    for programme in GrantProgramme.objects.all():
        allocation_run_create(programme=programme)
    for loader in ("load_demo_portal", "load_demo_monthly", "demo_office"):
        with django_capture_on_commit_callbacks(execute=True):  # each loader's recomputes run as it commits
            call_command(loader, stdout=StringIO())
    return {p.code: p for p in GrantProgramme.objects.all()}


def test_the_demo_shows_each_programme_at_its_own_stage(demo):
    closed, paid, open_ = demo["uppdamda-vardbehov-2022"], demo["vardplatser-2024"], demo["vardkoer-2025"]
    assert all(payment_details_fault(region) is None for region in Region.objects.all())
    assert all(region.organisation_number.startswith("9990") for region in Region.objects.all())  # fictional

    assert closed.status == GrantProgramme.Status.CLOSED
    account = final_account(closed)
    assert all(rule.met for rule in account.rules)
    assert account.frame == account.totals.allocated + account.own_costs_used + account.not_used
    assert account.receivables and account.totals.outstanding > 0

    account = final_account(paid)
    assert {part.component.code: part.totals.paid > 0 for part in account.parts} == {
        "grundlaggande": True,
        "prestation": True,
    }
    assert account.totals.claimed > account.totals.repaid > 0
    assert [rule.code for rule in account.rules if not rule.met] == ["R1"]  # own costs not yet recorded
    assert account.blockers == ["Socialstyrelsens använda förvaltningsmedel (egna kostnader) är inte registrerade."]

    states = set(open_.requisitions.values_list("status", flat=True))
    assert states == {s.value for s in Requisition.Status} - {Requisition.Status.REJECTED}
    assert set(open_.payout_batches.values_list("status", flat=True)) == {
        PayoutBatch.Status.PAID,
        PayoutBatch.Status.DRAFT,
    }
    for programme in demo.values():
        for part in final_account(programme).parts:
            assert all(line.figures.paid <= line.figures.allocated for line in part.regions)


def test_running_the_office_demo_again_changes_nothing(demo, settings):
    settings.DEBUG = True
    before = PayoutBatch.objects.count()
    call_command("demo_office", stdout=StringIO())
    assert PayoutBatch.objects.count() == before


def test_every_explanation_in_the_demo_names_a_source_for_every_input(demo):
    lines = AllocationLine.objects.filter(run__programme__in=demo.values()).select_related("run", "component")
    latest = {}
    for line in lines:
        if line.run.number >= latest.get(line.run.programme_id, 0):
            latest[line.run.programme_id] = line.run.number
    checked = 0
    for line in lines:
        if line.run.number != latest[line.run.programme_id]:
            continue
        for item in line.full_explanation["inputs"]:
            assert item["source"].strip(), (line.component.name, item["label"])
            assert "seed" not in item["source"].lower(), item["source"]
        checked += 1
    assert checked >= 21 * 5  # every part of every seed programme, 21 regions each
