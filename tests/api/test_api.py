"""The intermediaries' API: keys scoped to regions, idempotent all-or-nothing deliveries through the same service as
the web form, read-back with corrections, problem details in Swedish, a rate limit, and the committed schema."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from api.api import api
from api.services import token_create, token_revoke
from grants.services import allocation_run_create
from reporting.models import MonthlyValue
from tests.factories import StaffFactory, load_seed_programme
from tests.factories_office import region
from tests.factories_portal import OrganisationFactory

pytestmark = pytest.mark.django_db

DELIVER = "/api/v1/manadsdata/"


@pytest.fixture
def skr():
    return OrganisationFactory(name="Sveriges Kommuner och Regioner", region_codes=["01", "03", "23"])


@pytest.fixture
def secret(skr):
    _, secret = token_create(
        actor=StaffFactory(), organisation=skr, name="SKR:s leveranssystem", regions=[region("01"), region("23")]
    )
    return secret


def _value(code="23", month=2, value="3.4", indicator="overcrowding_rate", **extra):
    return {"region": code, "indicator": indicator, "year": 2024, "month": month, "value": value, **extra}


def _post(client, secret, values, key="leverans-0001"):
    return client.post(
        DELIVER,
        data=json.dumps({"values": values}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key},
    )


def _get(client, secret, url, **params):
    return client.get(url, params, headers={"Authorization": f"Bearer {secret}"})


def test_the_committed_schema_is_the_one_served():
    committed = json.loads((Path(__file__).resolve().parents[2] / "api" / "openapi.json").read_text())
    assert committed == json.loads(json.dumps(api.get_openapi_schema()))


def test_a_key_cannot_deliver_for_a_region_outside_its_scope_and_nothing_is_stored(client, secret):
    # 03 is one of SKR's regions, but not this key's.
    response = _post(client, secret, [_value("23"), _value("03", month=4)])
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"] == [
        {
            "row": 2,
            "field": "region",
            "region": "03",
            "month": 4,
            "message": "Nyckeln får inte leverera för region 03.",
        }
    ]
    assert not MonthlyValue.objects.exists()
    assert _get(client, secret, DELIVER, region="03", year=2024).status_code == 403


def test_a_retried_delivery_with_the_same_key_changes_nothing(client, secret):
    first = _post(client, secret, [_value(month=m) for m in (1, 2, 3)])
    assert first.status_code == 200 and first.json() == {
        "created": 3, "updated": 0, "unchanged": 0, "regions": ["23"], "replayed": False,
    }  # fmt: skip
    history = MonthlyValue.history.count()
    again = _post(client, secret, [_value(month=m) for m in (1, 2, 3)])
    assert again.json() == {**first.json(), "replayed": True}
    assert MonthlyValue.objects.count() == 3 and MonthlyValue.history.count() == history
    other = _post(client, secret, [_value(month=1, value="9.9")])
    assert other.status_code == 409 and "andra värden" in other.json()["detail"]
    assert MonthlyValue.objects.get(month=1).value == Decimal("3.4")


def test_an_api_delivery_is_recomputed_as_a_form_delivery_is(client, secret, django_capture_on_commit_callbacks):
    beds = load_seed_programme("vardplatser-2024")
    runs = beds.runs.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, secret, [_value(month=m, value=f"{m}.5") for m in range(1, 13)])
    assert response.status_code == 200
    assert beds.runs.count() == runs + 1  # the same recompute after commit as for the web form
    latest = beds.runs.order_by("-number").first()
    assert allocation_run_create(programme=beds).pk == latest.pk  # it already rests on the delivered values
    stored = MonthlyValue.objects.get(month=5)
    assert (stored.channel, stored.delivered_via.name, stored.history.count()) == (
        "api",
        "Sveriges Kommuner och Regioner",
        1,
    )


def test_bad_values_are_named_by_row_field_region_and_month_and_nothing_is_stored(client, secret):
    response = _post(
        client,
        secret,
        [
            _value(month=1),
            _value(month=2, indicator="hip_operations", value="4"),  # operations need a provider
            _value(month=3, value="-1"),
        ],
    )
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "values.value")]  # the schema's own bound first
    response = _post(client, secret, [_value(month=1), _value(month=2, indicator="hip_operations", value="4")])
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["row"], error["field"], error["region"], error["month"]) == (2, "provider", "23", 2)
    assert "egen regi" in error["message"]
    assert not MonthlyValue.objects.exists()


def test_the_read_back_shows_each_value_with_its_corrections(client, secret):
    _post(client, secret, [_value(month=2, value="3.4")], key="leverans-0001")
    _post(client, secret, [_value(month=2, value="3.1")], key="leverans-0002")
    (item,) = _get(client, secret, DELIVER, region="23", year=2024).json()
    assert (Decimal(item["value"]), item["channel"]) == (Decimal("3.1"), "api")
    assert [Decimal(old["value"]) for old in item["earlier"]] == [Decimal("3.4")]


def test_allocations_and_deadlines_of_a_region_in_scope(client, secret):
    beds = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=beds)
    lines = _get(client, secret, "/api/v1/regioner/23/fordelning/").json()
    assert {line["part"] for line in lines} == {"grundlaggande", "prestation"}
    assert all(line["programme"] == beds.code for line in lines)
    deadlines = _get(client, secret, "/api/v1/regioner/23/tidsfrister/").json()
    assert deadlines and all(item["programme"] == beds.code for item in deadlines)
    assert _get(client, secret, "/api/v1/regioner/03/fordelning/").status_code == 403


def test_a_missing_or_revoked_key_is_refused(client, skr, secret):
    response = client.get(DELIVER, {"region": "23", "year": 2024})
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    token = skr.api_tokens.get()
    assert token.digest != secret and secret.startswith(token.prefix)  # only a digest is stored
    token_revoke(actor=StaffFactory(), token=token)
    assert _get(client, secret, DELIVER, region="23", year=2024).status_code == 401


def test_a_key_is_rate_limited_with_a_swedish_problem(client, secret, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    for _ in range(2):
        assert _get(client, secret, DELIVER, region="23", year=2024).status_code == 200
    response = _get(client, secret, DELIVER, region="23", year=2024)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["title"] == "För många anrop"


def test_the_schema_is_served_without_a_key(client):
    schema = client.get(reverse("api:openapi-json")).json()
    assert schema["info"]["title"].startswith("Statsbidrag")


def test_staff_create_a_key_see_it_once_and_revoke_it(client, skr):
    client.force_login(StaffFactory())
    url = reverse("apikeys:token_list")
    refused = client.post(url, {"organisation": skr.pk, "name": "System", "regions": [region("09").pk]})
    assert "får inte leverera för Gotland" in refused.content.decode()
    created = client.post(url, {"organisation": skr.pk, "name": "System", "regions": [region("23").pk]})
    secret = created.context["secret"]
    assert secret in created.content.decode() and created["Cache-Control"].startswith("max-age=0")
    assert secret not in client.get(url).content.decode()
    assert _get(client, secret, DELIVER, region="23", year=2024).status_code == 200
    token = skr.api_tokens.get()
    client.post(reverse("apikeys:token_revoke", args=[token.pk]))
    assert _get(client, secret, DELIVER, region="23", year=2024).status_code == 401


def test_regional_users_cannot_reach_the_key_pages(client):
    from tests.factories_portal import member

    client.force_login(member("23"))
    assert client.get(reverse("apikeys:token_list")).status_code == 403
