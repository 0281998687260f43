"""Every model of ours is reachable in the admin, with Swedish labels, and its pages render."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory, load_seed_programme

OUR_APPS = ("regions", "grants", "reporting", "portal")


def _our_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and not model.__name__.startswith("Historical")
        and not model._meta.auto_created
    ]


def _inline_models():
    inlines = set()
    for model_admin in admin.site._registry.values():
        inlines.update(inline.model for inline in model_admin.inlines)
    return inlines


def test_every_model_is_in_the_admin_directly_or_as_an_inline():
    reachable = set(admin.site._registry) | _inline_models()
    missing = [model.__name__ for model in _our_models() if model not in reachable]
    assert not missing, f"not in the admin: {missing}"


def test_every_model_has_a_swedish_verbose_name():
    english = [m.__name__ for m in _our_models() if "verbose_name" not in m._meta.original_attrs]
    assert not english, f"no Swedish verbose_name: {english}"


@pytest.mark.django_db
def test_admin_changelists_render_for_a_superuser(client):
    load_seed_programme("uppdamda-vardbehov-2022")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
