"""The regions' payment master data: the list of what is missing, and editing one region with checks and history."""

import pytest
from django.urls import reverse

from regions.demo import fictional_payment_details
from regions.models import Region
from tests.factories import StaffFactory, UserFactory
from tests.factories_office import region

pytestmark = pytest.mark.django_db

REQUIRED = "Detta fält måste fyllas i."


@pytest.fixture
def officer():
    return StaffFactory(first_name="Hanna", last_name="Handläggare")


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


def _details(code: str) -> tuple[str, str, str]:
    return (
        Region.objects.filter(code=code).values_list("organisation_number", "payment_method", "payment_account").get()
    )


VALID = {
    "organisation_number": "2321000016",
    "payment_method": "bankgiro",
    "payment_account": "50501055",
    "reason": "Regionens intyg om bankgiro, dnr 2025/123",
}


# --- The list -------------------------------------------------------------------------------------------------


def test_the_list_shows_that_every_region_lacks_details_before_any_are_registered(staff_client):
    response = staff_client.get(reverse("office:region_payment_list"))
    html = response.content.decode()
    assert "21 av 21 regioner saknar giltiga betalningsuppgifter." in html
    assert html.count("badge--danger") == 21
    assert "organisationsnummer saknas eller är ogiltigt" in html.lower()


def test_the_list_names_the_one_region_without_valid_details(staff_client, payment_details):
    Region.objects.filter(code="09").update(payment_account="9999-0000")  # fails the Luhn check
    response = staff_client.get(reverse("office:region_payment_list"))
    html = response.content.decode()
    assert "1 av 21 regioner saknar giltiga betalningsuppgifter." in html
    faults = {r.code: fault for r, fault in response.context["rows"] if fault}
    assert faults == {"09": "bankgiro- eller plusgironummer saknas eller är ogiltigt"}
    assert html.count("badge--danger") == 1 and html.count("badge--success") == 20
    assert reverse("office:region_payment_details", args=["09"]) in html


def test_the_list_runs_the_same_number_of_queries_with_or_without_details(
    staff_client, django_assert_num_queries, request
):
    url = reverse("office:region_payment_list")
    staff_client.get(url)
    # 1 user, 2 regions (the check of each region's details reads only the row)
    with django_assert_num_queries(2):
        staff_client.get(url)
    request.getfixturevalue("payment_details")
    with django_assert_num_queries(2):
        response = staff_client.get(url)
    assert response.context["missing"] == 0


def test_the_pages_are_for_staff_only(client, payment_details):
    for url in (reverse("office:region_payment_list"), reverse("office:region_payment_details", args=["01"])):
        assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("office:region_payment_list")).status_code == 403
    assert client.get(reverse("office:region_payment_details", args=["01"])).status_code == 403
    before = _details("01")
    assert client.post(reverse("office:region_payment_details", args=["01"]), VALID).status_code == 403
    assert _details("01") == before


def test_an_unknown_county_code_is_not_found(staff_client):
    assert staff_client.get(reverse("office:region_payment_details", args=["99"])).status_code == 404


# --- Editing one region ---------------------------------------------------------------------------------------


def _post(client, code: str, **changes):
    return client.post(reverse("office:region_payment_details", args=[code]), {**VALID, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"organisation_number": "232100-0017"},
            "organisation_number",
            "Organisationsnumrets kontrollsiffra stämmer inte.",
        ),
        (
            {"organisation_number": "2321000"},
            "organisation_number",
            "Organisationsnumret ska skrivas som tio siffror, till exempel 232100-0016.",
        ),
        (
            {"organisation_number": "191212-1212"},  # a personnummer shape: third digit below 2
            "organisation_number",
            "Organisationsnumret är inte ett organisationsnummer (tredje siffran ska vara minst 2).",
        ),
        (
            {"payment_account": "5050-1056"},
            "payment_account",
            "Bankgironumrets kontrollsiffra stämmer inte. Kontrollera numret.",
        ),
        (
            {"payment_method": "plusgiro", "payment_account": "90 20 03-4"},
            "payment_account",
            "Plusgironumrets kontrollsiffra stämmer inte. Kontrollera numret.",
        ),
        ({"reason": ""}, "reason", REQUIRED),
        ({"reason": "   "}, "reason", REQUIRED),
    ],
)
def test_a_bad_edit_is_refused_with_the_message_on_its_field_and_saves_nothing(
    staff_client, payment_details, changes, field, message
):
    before, versions = _details("01"), region("01").history.count()
    response = _post(staff_client, "01", **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert message in response.content.decode()
    assert _details("01") == before
    assert region("01").history.count() == versions


def test_a_valid_edit_is_normalised_and_kept_in_the_history_with_its_reason(staff_client, officer, payment_details):
    response = staff_client.post(reverse("office:region_payment_details", args=["01"]), VALID, follow=True)
    assert response.redirect_chain == [(reverse("office:region_payment_list"), 302)]
    assert f"Betalningsuppgifterna för {region('01').name} är sparade." in response.content.decode()
    assert _details("01") == ("232100-0016", "bankgiro", "5050-1055")
    record = region("01").history.order_by("-history_date", "-history_id").first()
    assert record.history_change_reason == "Regionens intyg om bankgiro, dnr 2025/123"
    assert record.history_user == officer
    page = staff_client.get(reverse("office:region_payment_details", args=["01"])).content.decode()
    assert "Skäl: Regionens intyg om bankgiro, dnr 2025/123" in page
    assert "Hanna Handläggare" in page
    old = fictional_payment_details("01")
    assert f"Organisationsnummer: <del>{old['organisation_number']}</del> → 232100-0016" in page
    assert f"Bankgiro- eller plusgironummer: <del>{old['payment_account']}</del> → 5050-1055" in page


def test_a_plusgiro_number_is_written_with_the_check_digit_after_a_hyphen(staff_client, payment_details):
    _post(staff_client, "03", payment_method="plusgiro", payment_account="90 20 03 3")
    assert _details("03") == ("232100-0016", "plusgiro", "902003-3")


def test_details_for_a_region_that_had_none_make_it_payable(staff_client):
    url = reverse("office:region_payment_details", args=["25"])
    assert "Regionen kan inte tas med i ett utbetalningsbeslut" in staff_client.get(url).content.decode()
    _post(staff_client, "25")
    response = staff_client.get(reverse("office:region_payment_list"))
    assert response.context["missing"] == 20
    assert "Regionen kan inte tas med i ett utbetalningsbeslut" not in staff_client.get(url).content.decode()
