"""Sessions are kept in the database and read from the cache; a cache that is down costs speed, never service."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-2026"
# A Redis nobody listens on: every call fails at once with a connection error.
DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture
def officer():
    user = StaffFactory(username="hanna")
    user.set_password(PASSWORD)
    user.save()
    return user


def _session_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_request_reads_no_session_row_but_the_row_is_the_record(client, officer):
    client.post(reverse("login"), {"username": "hanna", "password": PASSWORD})
    url = reverse("office:work_list")
    assert _session_queries(client, url) == []
    assert Session.objects.count() == 1
    client.post(reverse("logout"))
    assert Session.objects.count() == 0
    assert client.get(url).status_code == 302  # signed out for good


def test_sign_in_pages_and_sign_out_work_while_the_cache_is_down(client, officer, settings):
    settings.CACHES = DOWN
    response = client.post(reverse("login"), {"username": "hanna", "password": PASSWORD})
    assert response.status_code == 302
    url = reverse("office:work_list")
    assert len(_session_queries(client, url)) >= 1  # read from the database instead
    client.post(reverse("logout"))
    assert Session.objects.count() == 0
    assert client.get(url).status_code == 302
