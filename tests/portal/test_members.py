"""Inviting users: only the authorised representative, for its own region; the invitee sets a password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from regions.models import Membership
from tests.factories_portal import Role, member

pytestmark = pytest.mark.django_db


def invite(client, **changes):
    data = {
        "first_name": "Per",
        "last_name": "Sundbrandt",
        "email": "per@regionjh.example",
        "role": "data_coordinator",
    }
    data.update(changes)
    return client.post(reverse("portal:members", args=["23"]), data)


def test_authorised_representative_invites_and_invitee_chooses_a_password(client, django_capture_on_commit_callbacks):
    client.force_login(member("23"))
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client).status_code == 302
    invited = Membership.objects.get(user__email="per@regionjh.example")
    assert (invited.region.code, invited.role) == ("23", Role.DATA_COORDINATOR)
    assert not invited.user.has_usable_password()
    assert mail.outbox[0].to == ["per@regionjh.example"]
    assert "som datasamordnare för Region Jämtland Härjedalen" in mail.outbox[0].body
    link = re.search(r"http://testserver(/region/konto/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    page = client.get(link, follow=True)
    assert "Välj lösenord" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "ett-långt-lösenord-9", "new_password2": "ett-långt-lösenord-9"}
    )
    assert response.status_code == 302
    signed_in = client.post(reverse("login"), {"username": "per@regionjh.example", "password": "ett-långt-lösenord-9"})
    assert signed_in.status_code == 302 and signed_in.url == "/"


def test_an_existing_email_is_refused(client):
    client.force_login(member("23", email="taken@x.example"))
    response = invite(client, email="taken@x.example")
    assert "Det finns redan ett konto med den e-postadressen." in response.content.decode()


@pytest.mark.parametrize("role", [Role.REPRESENTATIVE, Role.DATA_COORDINATOR])
def test_other_roles_cannot_invite(client, role):
    client.force_login(member("23", role))
    assert invite(client).status_code == 403
    assert not get_user_model().objects.filter(email="per@regionjh.example").exists()
