"""Staff write programmes in forms: a copy from a template, edits through the loader's checks, what-if, publishing.

Each path is tried on every seed programme where it applies; the form → TOML → load round trip gives back the same
programme.
"""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.definition_export import programme_document
from grants.models import Component, GrantProgramme, ProgrammeVersion
from grants.services import allocation_run_create
from tests.factories import SEED_FILES, StaffFactory, load_seed_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _copy(staff_client, code: str, new_code: str) -> GrantProgramme:
    response = staff_client.post(
        reverse("grants:programme_copy", args=[code]),
        {"code": new_code, "title": "Nytt bidrag", "budget_year": 2027},
    )
    assert response.status_code == 302, response.content.decode()
    return GrantProgramme.objects.get(code=new_code)


def _without_identity(document: dict) -> dict:
    head = {k: v for k, v in document["programme"].items() if k not in ("code", "title", "budget_year")}
    head.pop("decision_reference", None)
    head.pop("decision_date", None)
    return {**document, "programme": head}


@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_a_copy_from_a_template_is_a_draft_with_the_same_rules(staff_client, code):
    template = load_seed_programme(code)
    copy = _copy(staff_client, code, "kopia-2027")

    assert copy.status == GrantProgramme.Status.DRAFT and copy.budget_year == 2027 and copy.title == "Nytt bidrag"
    assert copy.decision_reference == ""
    assert _without_identity(programme_document(copy)) == _without_identity(programme_document(template))


@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_saving_each_part_form_unchanged_changes_nothing(staff_client, code):
    """Form → TOML → load: every part of every seed programme, as the form shows it, loads back to the same part."""
    load_seed_programme(code)
    draft = _copy(staff_client, code, "kopia-2027")
    before = programme_document(draft)
    for part in draft.components.all():
        page = staff_client.get(reverse("grants:component_edit", args=[draft.code, part.code]))
        form = page.context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data["recipients"] = part.recipients
        data["shown_rule"] = part.rule
        response = staff_client.post(reverse("grants:component_edit", args=[draft.code, part.code]), data)
        assert response.status_code == 302, response.context["form"].errors
    assert programme_document(GrantProgramme.objects.get(pk=draft.pk)) == before


def test_a_part_over_the_frame_is_refused_on_the_amount_field_and_nothing_is_saved(staff_client):
    load_seed_programme("vardkoer-2025")
    draft = _copy(staff_client, "vardkoer-2025", "kopia-2027")
    url = reverse("grants:component_edit", args=[draft.code, "block-1"])
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(amount="100 002 001", shown_rule="equal_share", recipients=[])

    response = staff_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "mer än ramen" in " ".join(errors["__all__"]) or "mer än ramen" in " ".join(errors.get("amount", []))
    assert Component.objects.get(programme=draft, code="block-1").amount == 100_000_000


def test_a_new_part_for_some_regions_and_a_changed_rule_show_the_rules_parameters(staff_client):
    load_seed_programme("vardplatser-2024")
    draft = _copy(staff_client, "vardplatser-2024", "kopia-2027")
    url = reverse("grants:component_add", args=[draft.code])
    data = {
        "code": "norr",
        "name": "Extra till norra regionerna",
        "rule": "population_share",
        "amount": "1 000 000",
        "source": "Regeringsbeslut S2027/1, bilaga 3",
        "rounding_unit": 1,
        "rounding_method": "largest_remainder",
        "recipients": ["22", "23", "24", "25"],
        "payment_basis": "requisition",
        "requisition_amount": "up_to",
        "shown_rule": "",
    }
    shown = staff_client.post(url, data)
    assert "param_population_date" in shown.context["form"].fields  # the rule's parameters, nothing saved yet
    assert not draft.components.filter(code="norr").exists()

    data.update(shown_rule="population_share", param_population_date="2023-11-01")
    # The frame of 2024 has 0 kr left: the loader refuses, naming the frame.
    refused = staff_client.post(url, data)
    assert "mer än ramen" in str(refused.context["form"].errors)

    edit = reverse("grants:programme_edit", args=[draft.code])
    form = staff_client.get(edit).context["form"]
    programme = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    programme.update(frame="1 994 200 000")
    assert staff_client.post(edit, programme).status_code == 302
    assert staff_client.post(url, data).status_code == 302

    part = draft.components.get(code="norr")
    assert part.recipients == ["22", "23", "24", "25"] and part.parameters == {"population_date": "2023-11-01"}
    run = allocation_run_create(programme=draft)
    norr = [line for line in run.lines.select_related("region") if line.component_id == part.pk]
    assert sorted(line.region.code for line in norr) == ["22", "23", "24", "25"]
    assert sum(line.amount for line in norr) == 1_000_000


def test_a_published_programme_changes_through_the_form_only_with_a_reason(staff_client):
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    url = reverse("grants:programme_edit", args=[programme.code])
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    data["summary"] = "Ny sammanfattning"

    refused = staff_client.post(url, data)
    assert "ange skälet till ändringen" in str(refused.context["form"].errors)

    data["reason"] = "Rättelse av sammanfattningen"
    assert staff_client.post(url, data).status_code == 302
    version = ProgrammeVersion.objects.get(programme=programme, number=2)
    assert version.reason == "Rättelse av sammanfattningen" and version.created_by is not None


def test_publishing_asks_for_confirmation_then_publishes(staff_client):
    load_seed_programme("vardkoer-2025")
    draft = _copy(staff_client, "vardkoer-2025", "kopia-2027")
    url = reverse("grants:programme_publish", args=[draft.code])

    asked = staff_client.post(url)
    assert "Publicera" in asked.content.decode() and "497 000 000" in asked.content.decode().replace("\xa0", " ")
    draft.refresh_from_db()
    assert draft.is_draft

    staff_client.post(url, {"confirmation": "1"})
    draft.refresh_from_db()
    assert draft.status == GrantProgramme.Status.PUBLISHED
    assert ProgrammeVersion.objects.filter(programme=draft, number=1).exists()


@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_what_if_a_bigger_pot_attributes_the_difference_to_parameters(
    staff_client, code, django_assert_max_num_queries
):
    published = load_seed_programme(code)
    draft = _copy(staff_client, code, "kopia-2027")
    part = draft.components.order_by("position").first()
    document = programme_document(draft)
    document["programme"]["frame"] += 2_100_000
    document["components"][0]["amount"] += 2_100_000
    import tomli_w

    from grants.services import programme_load_definition

    programme_load_definition(actor=None, text=tomli_w.dumps(document))

    url = reverse("grants:programme_compare", args=[draft.code]) + f"?med={published.code}"
    with django_assert_max_num_queries(40):
        response = staff_client.get(url)
    comparison = response.context["comparison"]
    total = comparison.total
    assert total.difference == 2_100_000 == total.parameters and total.data == total.rules == 0
    assert all(c.data + c.parameters + c.rules == c.difference for c in comparison.regions)
    row = next(c for c in comparison.components if c.key == part.code)
    assert row.difference == 2_100_000

    export = staff_client.get(reverse("grants:programme_compare_export", args=[draft.code, published.code]))
    sheet = load_workbook(BytesIO(export.content))["Per region"]
    rows = list(sheet.iter_rows(values_only=True))
    summa = next(r for r in rows if r[0] == "Summa")
    assert summa[3] == 2_100_000 and summa[5] == 2_100_000 and summa[4] == summa[6] == 0
    assert any("i denna ordning" in str(r[0]) for r in rows)


def test_the_definition_download_loads_back_unchanged(staff_client):
    programme = load_seed_programme("vardkoer-2025")
    response = staff_client.get(reverse("grants:definition_download", args=[programme.code]))
    assert response["Content-Disposition"] == 'attachment; filename="vardkoer-2025.toml"'
    from grants.services import programme_load_definition

    report = programme_load_definition(actor=None, text=response.content.decode("utf-8"))
    assert report.changes == []
