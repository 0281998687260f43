"""Every model of ours is reachable in the admin, with Swedish labels, and its pages render."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory, load_seed_programme

OUR_APPS = ("regions", "grants", "reporting", "portal", "api", "eid")


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


@pytest.mark.django_db
def test_a_closed_programme_and_its_parts_cannot_be_changed_in_the_admin_even_by_a_superuser(client):
    from grants.models import Component, GrantProgramme
    from regions.models import Region

    programme = load_seed_programme("uppdamda-vardbehov-2022")
    GrantProgramme.objects.filter(pk=programme.pk).update(status=GrantProgramme.Status.CLOSED)
    part = programme.components.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    change = reverse("admin:grants_component_change", args=[part.pk])
    response = client.post(change, {"name": "Ändrad", "amount": "1", "code": part.code, "rule": part.rule})
    assert response.status_code in (302, 403) and Component.objects.get(pk=part.pk).amount == 1_997_500_000
    assert client.post(reverse("admin:grants_component_delete", args=[part.pk]), {"post": "yes"}).status_code == 403
    page = client.get(reverse("admin:grants_grantprogramme_change", args=[programme.pk])).content.decode()
    assert 'name="_save"' not in page
    region = Region.objects.get(code="01")
    client.post(
        reverse("admin:regions_region_change", args=[region.pk]),
        {"code": "01", "name": region.name, "short_name": region.short_name, "payment_account": "123"},
    )
    assert Region.objects.get(pk=region.pk).payment_account == ""  # payment details change on their own page
