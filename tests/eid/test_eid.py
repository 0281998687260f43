"""Sign-in with e-identification, end to end against a local identity provider started by the test."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from eid.models import EIdentity, identity_digest
from tests.factories import StaffFactory
from tests.factories_portal import member

from .idp import TestIdentityProvider

pytestmark = pytest.mark.django_db

NUMBER = "190001019876"  # fictional


@pytest.fixture
def idp(tmp_path, settings):
    provider = TestIdentityProvider(tmp_path, "http://testserver")
    settings.SAML_CONFIG = provider.sp_config
    return provider


def _sign_in(client, idp, *, number=NUMBER, mail="", next_url="/region/23/"):
    start = client.get(reverse("saml2_login"), {"next": next_url})
    assert start.status_code == 302 and start.url.startswith("https://idp.test.example/sso")
    return client.post(reverse("saml2_acs"), idp.respond(start.url, number=number, mail=mail))


def test_a_member_signs_in_and_lands_on_the_regions_portal(client, idp):
    user = member("23", email="ombud@regionjh.example")
    answer = _sign_in(client, idp, mail="Ombud@RegionJH.example")
    assert answer.status_code == 302 and answer.url == "/region/23/"
    assert client.get("/region/23/").status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk
    # Stored minimally: a keyed digest of the number, nothing readable; a later sign-in needs no e-mail.
    stored = EIdentity.objects.get(user=user)
    assert stored.digest == identity_digest(NUMBER) and NUMBER not in stored.digest
    client.logout()
    assert _sign_in(client, idp).url == "/region/23/"


def test_a_person_without_a_membership_is_refused_with_a_clear_message(client, idp):
    answer = _sign_in(client, idp, mail="okand@example.se")
    assert answer.status_code == 403
    assert "Du har ingen behörighet i tjänsten" in answer.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="okand@example.se").exists()


def test_staff_keep_their_password_and_cannot_use_e_identification(client, idp):
    StaffFactory(email="handlaggare@socialstyrelsen.example")
    answer = _sign_in(client, idp, mail="handlaggare@socialstyrelsen.example")
    assert answer.status_code == 403 and "användarnamn och lösenord" in answer.content.decode()


def test_e_identification_is_off_until_an_identity_provider_is_configured(client):
    assert client.get(reverse("saml2_login")).status_code == 404
    assert "e-legitimation" not in client.get(reverse("login")).content.decode()


def test_the_sign_in_page_offers_e_identification_when_configured(client, idp):
    assert reverse("saml2_login") in client.get(reverse("login")).content.decode()
