"""The region's home page gives its users the region's own deadline calendar, with how to subscribe."""

import re

import pytest
from django.urls import reverse

from grants.calendar import calendar_token
from grants.services import region_calendar_rotate
from tests.factories import StaffFactory
from tests.factories_portal import Role, intermediary, member, programme_with_run, region

pytestmark = pytest.mark.django_db

FEED = re.compile(r'id="calendar-url" type="text" readonly value="(http://testserver/[^"]+)"')


def _home(client, user, code="23") -> str:
    client.force_login(user)
    return client.get(reverse("portal:region_home", args=[code])).content.decode()


def test_a_region_user_gets_the_regions_calendar_and_how_to_subscribe(client):
    programme_with_run("uppdamda-vardbehov-2022")
    html = _home(client, member("23", Role.DATA_COORDINATOR))
    url = FEED.search(html).group(1)
    assert url == "http://testserver" + reverse("office:region_calendar", args=[calendar_token(region("23"))])
    assert "Prenumerera från webben" in html and "Från webbadress" in html and "Ny kalenderprenumeration" in html
    client.logout()
    feed = client.get(url)  # no login: a calendar program fetches it
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "X-WR-CALNAME:Statsbidrag – Jämtland Härjedalen" in body
    assert "DTSTART;VALUE=DATE:20220315" in body  # the 2022 requisition deadline


def test_the_page_shows_the_new_link_after_staff_replace_it(client):
    user = member("23")
    old = FEED.search(_home(client, user)).group(1)
    region_calendar_rotate(actor=StaffFactory(), region=region("23"))
    new = FEED.search(_home(client, user)).group(1)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_an_intermediary_delivering_data_is_not_given_the_regions_calendar(client):
    html = _home(client, intermediary(["23", "25"]))
    assert "calendar-url" not in html and calendar_token(region("23")) not in html
