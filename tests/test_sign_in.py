"""Sign-in protection: lockout after repeated failures (per account and per address), unlock by staff, short
staff sessions, and a password reset by e-mail."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from config.sessions import SEEN, STARTED
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-2026"


@pytest.fixture
def person():
    user = UserFactory(username="hanna", email="hanna@socialstyrelsen.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, username, password, address="10.0.0.1", path="login"):
    return client.post(reverse(path), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("path", ["login", "admin:login"])
def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_swedish_message(client, person, path):
    for _ in range(5):
        assert _sign_in(client, "hanna", "fel", path=path).status_code in (200, 429)
    response = _sign_in(client, "hanna", PASSWORD, path=path)
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    assert "30 minuter" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account_from_any_address_and_per_address_for_any_account(client, person):
    other = UserFactory(username="agnes")
    other.set_password(PASSWORD)
    other.save()
    for number in range(5):
        _sign_in(client, "hanna", "fel", address=f"10.0.1.{number}")  # one account, five addresses
    assert _sign_in(client, "hanna", PASSWORD, address="10.0.2.1").status_code == 429
    for number in range(5):
        _sign_in(client, f"gissning{number}", "fel", address="10.0.3.1")  # one address, five accounts
    assert _sign_in(client, "agnes", PASSWORD, address="10.0.3.1").status_code == 429
    assert _sign_in(client, "agnes", PASSWORD, address="10.0.4.1").status_code == 302


def test_staff_unlock_an_account(client, person):
    from axes.utils import reset

    for _ in range(5):
        _sign_in(client, "hanna", "fel")
    assert _sign_in(client, "hanna", PASSWORD).status_code == 429
    reset(username="hanna")  # what the admin's "ta bort" and manage.py axes_reset_username do
    reset(ip="10.0.0.1")
    assert _sign_in(client, "hanna", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_clears_them(client, person):
    for _ in range(4):
        _sign_in(client, "hanna", "fel")
    assert _sign_in(client, "hanna", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "hanna", "fel")
    assert _sign_in(client, "hanna", PASSWORD).status_code == 302


def _age_session(client, *, idle_seconds=0, open_seconds=0):
    session = client.session
    now = int(time.time())
    session[SEEN] = now - idle_seconds
    session[STARTED] = now - open_seconds
    session.save()


def test_staff_are_signed_out_after_thirty_idle_minutes_with_the_reason(client):
    client.force_login(StaffFactory())
    assert client.get(reverse("office:work_list")).status_code == 200
    _age_session(client, idle_seconds=31 * 60)
    response = client.get(reverse("office:work_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "inte har använt tjänsten på 30 minuter" in page
    assert "_auth_user_id" not in client.session


def test_staff_are_signed_out_after_ten_hours_however_active(client):
    client.force_login(StaffFactory())
    client.get(reverse("office:work_list"))
    _age_session(client, idle_seconds=10, open_seconds=10 * 3600 + 1)
    response = client.get(reverse("office:work_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_regional_users_session_is_not_cut_by_the_staff_limits(client):
    from tests.factories_portal import member

    client.force_login(member("23"))
    client.get(reverse("portal:index"))
    _age_session(client, idle_seconds=31 * 60)
    assert client.get(reverse("portal:region_home", args=["23"])).status_code == 200


def test_a_forgotten_password_is_reset_through_a_link_by_e_mail(client, person):
    assert "Glömt lösenordet?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": "hanna@socialstyrelsen.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Nytt lösenord till Statsbidrag till regionerna"
    link = re.search(r"http://testserver(/nytt-losenord/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in form.content.decode()
    new = "ett-annat-långt-lösenord-7"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _sign_in(client, "hanna", new).status_code == 302
    assert client.post(reverse("password_reset"), {"email": "okand@example.org"}).status_code == 302
    assert len(mail.outbox) == 1  # nothing is sent, and nothing tells whether the address exists
