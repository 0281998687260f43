"""Security headers on every response: Permissions-Policy always, Cache-Control: no-store for personal pages
and downloaded files (config.middleware.SecurityHeadersMiddleware)."""

import pytest
from django.urls import reverse

from grants.calendar import calendar_token
from tests.factories import StaffFactory
from tests.factories_office import PayoutBatchFactory, region
from tests.factories_portal import member

pytestmark = pytest.mark.django_db


def assert_permissions_policy(response):
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_the_login_page_denies_browser_features_to_anonymous_visitors(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_permissions_policy(response)


def test_a_staff_page_is_never_stored(client):
    client.force_login(StaffFactory())
    response = client.get(reverse("office:work_list"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert_permissions_policy(response)


def test_a_portal_page_is_never_stored(client):
    client.force_login(member("23"))
    response = client.get(reverse("portal:region_home", args=["23"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert_permissions_policy(response)


def test_an_excel_export_is_never_stored(client):
    PayoutBatchFactory()
    client.force_login(StaffFactory())
    response = client.get(reverse("office:batch_list"), {"export": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    assert_permissions_policy(response)


def test_the_calendar_feed_is_never_stored_though_no_one_is_logged_in(client):
    response = client.get(reverse("office:region_calendar", args=[calendar_token(region("01"))]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert_permissions_policy(response)
