"""A region's calendar link: stable until staff rotate it, then the old link answers 404."""

import pytest
from django.core.exceptions import ValidationError
from django.core.signing import Signer
from django.urls import reverse

from grants.calendar import SALT, calendar_token
from grants.services import region_calendar_rotate
from tests.factories import StaffFactory, UserFactory
from tests.factories_office import region

pytestmark = pytest.mark.django_db


def feed(client, token: str) -> int:
    return client.get(reverse("office:region_calendar", args=[token])).status_code


def test_a_link_handed_out_before_links_could_be_rotated_still_works(client):
    old_style = Signer(salt=SALT).sign_object({"region": "01"})
    assert calendar_token(region("01")) == old_style
    assert feed(client, old_style) == 200


def test_staff_rotate_the_link_and_only_the_new_one_works(client):
    officer = StaffFactory()
    old = calendar_token(region("01"))
    assert feed(client, old) == 200

    client.force_login(officer)
    response = client.post(reverse("office:region_calendar_link", args=["01"]))
    assert response.status_code == 302
    client.logout()

    new = calendar_token(region("01"))
    assert new != old and calendar_token(region("01")) == new  # stable again until the next rotation
    assert feed(client, old) == 404
    assert feed(client, new) == 200
    assert feed(client, calendar_token(region("03"))) == 200  # other regions keep theirs
    record = region("01").history.first()
    assert record.history_user == officer and "kalenderlänk" in record.history_change_reason


def test_the_link_page_offers_the_rotation_with_a_warning(client):
    client.force_login(StaffFactory())
    html = client.get(reverse("office:region_calendar_link", args=["01"])).content.decode()
    assert "Byt länk" in html and "Den gamla länken slutar då fungera" in html
    assert calendar_token(region("01")) in html
    html = client.post(reverse("office:region_calendar_link", args=["01"]), follow=True).content.decode()
    assert "Kalenderlänken är bytt" in html and calendar_token(region("01")) in html


def test_a_link_rotated_twice_does_not_bring_back_the_first(client):
    officer = StaffFactory()
    first = calendar_token(region("01"))
    region_calendar_rotate(actor=officer, region=region("01"))
    second = calendar_token(region("01"))
    region_calendar_rotate(actor=officer, region=region("01"))
    assert region("01").calendar_token_version == 3
    assert (feed(client, first), feed(client, second), feed(client, calendar_token(region("01")))) == (404, 404, 200)


def test_only_staff_rotate_a_link(client):
    before = calendar_token(region("01"))
    with pytest.raises(ValidationError, match="Bara Socialstyrelsens handläggare"):
        region_calendar_rotate(actor=UserFactory(), region=region("01"))
    client.force_login(UserFactory())
    assert client.post(reverse("office:region_calendar_link", args=["01"])).status_code == 403
    client.logout()
    assert client.post(reverse("office:region_calendar_link", args=["01"])).status_code == 302  # to the login page
    assert calendar_token(region("01")) == before
