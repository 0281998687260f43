"""Programmes that go to some regions only, drafts that regions never see, and versions of published rules."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from grants import allocation
from grants.definitions import DefinitionError
from grants.models import AllocationLine, GrantProgramme, ProgrammeVersion
from grants.services import allocation_run_create, programme_load_definition, programme_publish
from grants.services.reminders import reminders_due
from regions.models import Region
from reporting.models import Survey
from tests.factories_portal import member

pytestmark = pytest.mark.django_db

# 18 of the 21 regions; Gävleborg (21), Halland (13) and Västerbotten (24) receive nothing.
LEFT_OUT = {"21": "Gävleborg", "13": "Halland", "24": "Västerbotten"}
POPULATION_2024 = {
    "Stockholm": 2_454_821,
    "Uppsala": 404_589,
    "Södermanland": 300_854,
    "Östergötland": 468_339,
    "Jönköping": 367_064,
    "Kronoberg": 203_686,
    "Kalmar": 245_446,
    "Gotland": 61_001,
    "Blekinge": 156_381,
    "Skåne": 1_421_781,
    "Västra Götaland": 1_768_585,
    "Värmland": 283_000,
    "Örebro": 307_071,
    "Västmanland": 279_000,
    "Dalarna": 287_806,
    "Västernorrland": 243_000,
    "Jämtland": 132_000,
    "Norrbotten": 248_000,
}
RECIPIENTS = ", ".join(f'"{name}"' for name in POPULATION_2024)
FIGURES = "\n".join(f'"{name}" = {value}' for name, value in POPULATION_2024.items())

EIGHTEEN = f"""
[programme]
code = "arton-2026"
title = "Testbidrag till arton regioner"
decision_reference = "S2026/00001"
budget_year = 2026
frame = 183_000_000
admin_allowance = 500_000
source = "Regeringsbeslut S2026/00001"
recipients = [{RECIPIENTS}]

[[deadlines]]
kind = "requisition"
date = 2026-12-15

[[components]]
code = "befolkning"
name = "Fördelning efter folkmängd"
rule = "population_share"
amount = 182_500_000
source = "Regeringsbeslut S2026/00001, bilaga"
[components.parameters]
population_date = 2025-11-01

[[population]]
reference_date = 2025-11-01
source = "SCB, folkmängd per den 1 november 2025 (tabell BE0101)"
[population.figures]
{FIGURES}
"""


def test_eighteen_recipients_get_the_whole_pot_exactly_and_the_other_three_nothing():
    programme = programme_load_definition(actor=None, text=EIGHTEEN, publish=True).programme
    run = allocation_run_create(programme=programme)

    assert run.status == run.Status.SUCCEEDED, run.error
    lines = list(AllocationLine.objects.filter(run=run).select_related("region"))
    assert len(lines) == 18
    assert sum(line.amount for line in lines) == 182_500_000 == run.total
    assert not {line.region.code for line in lines} & set(LEFT_OUT)
    total_population = sum(POPULATION_2024.values())
    stockholm = next(line for line in lines if line.region.short_name == "Stockholm")
    exact = 182_500_000 * 2_454_821 / total_population
    assert abs(stockholm.amount - exact) < 1  # largest remainder: within a krona of the exact share
    labels = {item["label"] for item in stockholm.full_explanation["inputs"]}
    assert "Befolkning i de mottagande regionerna 1 november 2025" in labels


def test_a_population_file_with_only_the_recipients_loads_but_a_recipient_missing_is_named():
    programme_load_definition(actor=None, text=EIGHTEEN)  # 18 figures: all that is needed

    broken = EIGHTEEN.replace('"Kalmar" = 245446\n', "").replace('code = "arton-2026"', 'code = "arton-2027"')
    with pytest.raises(DefinitionError, match="saknar 1 region: Kalmar"):
        programme_load_definition(actor=None, text=broken)


def test_a_part_cannot_go_to_a_region_the_programme_leaves_out():
    text = EIGHTEEN.replace(
        "[components.parameters]\npopulation_date",
        'recipients = ["Halland"]\n[components.parameters]\npopulation_date',
    )
    with pytest.raises(DefinitionError, match="Halland får inte statsbidraget"):
        programme_load_definition(actor=None, text=text)


def test_a_region_outside_the_recipients_sees_nothing_of_the_programme_and_cannot_requisition(client):
    programme = programme_load_definition(actor=None, text=EIGHTEEN, publish=True).programme
    allocation_run_create(programme=programme)

    client.force_login(member("21", email="gavle@example.se"))  # Gävleborg: not a recipient
    assert programme.title not in client.get(reverse("portal:region_home", args=["21"])).content.decode()
    for name in ("requisition_edit", "programme_money", "monthly_overview"):
        assert client.get(reverse(f"portal:{name}", args=["21", programme.code])).status_code == 404

    client.force_login(member("23", email="jamtland@example.se"))  # Jämtland: a recipient
    assert programme.title in client.get(reverse("portal:region_home", args=["23"])).content.decode()
    assert client.get(reverse("portal:requisition_edit", args=["23", programme.code])).status_code == 200


def test_reminders_and_the_deadline_matrix_leave_out_the_regions_that_receive_nothing(today):
    programme = programme_load_definition(actor=None, text=EIGHTEEN, publish=True).programme
    today(date(2026, 12, 10))
    due = [item for item in reminders_due() if item.programme == programme]
    assert {item.cell.region.code for item in due} == {r.code for r in Region.objects.all()} - set(LEFT_OUT)


@settings(max_examples=60, deadline=None)
@given(
    pot=st.integers(min_value=0, max_value=10**12),
    recipients=st.sets(st.sampled_from([f"{n:02d}" for n in range(1, 22)]), min_size=1),
    populations=st.lists(st.integers(min_value=1, max_value=3_000_000), min_size=21, max_size=21),
    unit=st.sampled_from([1, 1_000]),
)
def test_any_recipient_subset_shares_its_pot_exactly(pot, recipients, populations, unit):
    codes = [f"{n:02d}" for n in range(1, 22)]
    inputs = allocation.Inputs(
        regions={code: f"Region {code}" for code in codes},
        populations={date(2025, 11, 1): dict(zip(codes, populations, strict=True))},
    )
    for rule, params in (("population_share", {"population_date": date(2025, 11, 1)}), ("equal_share", {})):
        spec = allocation.ComponentSpec(
            code="del",
            name="Del",
            rule=rule,
            amount=pot - pot % unit,
            source="Beslut",
            rounding=allocation.RoundingPolicy(unit=unit),
            params=params,
            recipients=tuple(sorted(recipients)),
        )
        result = allocation.compute_component(spec, inputs)
        assert {line.region for line in result.lines} == recipients
        assert result.total == spec.amount


# Drafts


MINIMAL = """
[programme]
code = "utkast-2030"
title = "Utkast till testbidrag"
budget_year = 2030
frame = 2_100_000

[[deadlines]]
kind = "requisition"
date = 2030-06-30

[[components]]
code = "lika"
name = "Lika fördelning"
rule = "equal_share"
amount = 2_100_000
"""


def test_an_uploaded_programme_is_a_draft_that_no_region_sees(client, today):
    today(date(2030, 6, 28))
    programme = programme_load_definition(actor=None, text=MINIMAL).programme
    allocation_run_create(programme=programme)
    survey = Survey.objects.create(
        programme=programme, title="Enkät om utkastet", opens_on=date(2030, 6, 1), closes_on=date(2030, 7, 1)
    )

    assert programme.status == GrantProgramme.Status.DRAFT
    client.force_login(member("23", email="q@example.se"))
    assert programme.title not in client.get(reverse("portal:region_home", args=["23"])).content.decode()
    for name in ("requisition_edit", "requisition_receipt", "programme_money", "monthly_overview", "follow_up_edit"):
        assert client.get(reverse(f"portal:{name}", args=["23", programme.code])).status_code == 404, name
    assert client.get(reverse("portal:survey_answer", args=["23", survey.pk])).status_code == 404
    assert not [item for item in reminders_due() if item.programme == programme]

    programme_publish(programme=programme, actor=None)

    assert programme.title in client.get(reverse("portal:region_home", args=["23"])).content.decode()
    assert client.get(reverse("portal:requisition_edit", args=["23", programme.code])).status_code == 200
    assert [item for item in reminders_due() if item.programme == programme]


def test_a_draft_changes_freely_but_a_published_programme_only_by_a_new_version_with_a_reason():
    draft = programme_load_definition(actor=None, text=MINIMAL).programme
    programme_load_definition(actor=None, text=MINIMAL.replace("2030-06-30", "2030-07-31"))
    assert not ProgrammeVersion.objects.filter(programme=draft).exists()

    first = programme_publish(programme=draft, actor=None, reason="Beslutet fattat")
    assert (first.number, first.reason) == (1, "Beslutet fattat")
    assert "date = 2030-07-31" in first.definition

    changed = MINIMAL.replace("2030-06-30", "2030-08-31")
    with pytest.raises(ValidationError, match="ange skälet till ändringen"):
        programme_load_definition(actor=None, text=changed)
    assert draft.deadlines.get().date == date(2030, 7, 31)  # nothing was half-saved

    programme_load_definition(actor=None, text=changed, reason="Ändringsbeslut S2030/2")
    second = ProgrammeVersion.objects.get(programme=draft, number=2)
    assert second.reason == "Ändringsbeslut S2030/2"
    assert any("Tidsfristen" in change for change in second.changes)
    with pytest.raises(ValidationError, match="redan pågående"):
        programme_publish(programme=draft, actor=None)


def test_a_draft_has_no_money_yet_but_its_allocation_can_be_computed(payment_details):
    from grants.services import payout_batch_prepare_from_run, requisition_save_draft
    from grants.services.requisitions import RequisitionInput
    from tests.factories import StaffFactory

    draft = programme_load_definition(actor=None, text=MINIMAL).programme
    run = allocation_run_create(programme=draft)
    assert run.status == run.Status.SUCCEEDED and run.total == 2_100_000

    with pytest.raises(ValidationError, match="är ett utkast"):
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=draft, payout_date=date(2030, 7, 1))
    with pytest.raises(ValidationError, match="är ett utkast"):
        requisition_save_draft(
            actor=member("23", email="r@example.se"),
            programme=draft,
            region=Region.objects.get(code="23"),
            data=RequisitionInput(amounts={"lika": 1}, contact_name="R"),
        )
