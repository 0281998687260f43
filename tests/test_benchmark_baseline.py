"""The load benchmark's baseline view: served only when switched on, and only to a signed-in user."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from config.benchmark import baseline
from tests.factories import UserFactory


def test_the_baseline_is_not_served_unless_switched_on():
    with pytest.raises(NoReverseMatch):
        reverse("benchmark_baseline")


@pytest.mark.django_db
def test_the_baseline_answers_a_signed_in_user_and_sends_others_to_sign_in():
    request = RequestFactory().get("/benchmark/baseline/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert baseline(request).status_code == 302
    request.user = UserFactory()
    response = baseline(request)
    assert response.status_code == 200 and response.content == f"ok {request.user.pk}".encode()
