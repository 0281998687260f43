"""Factories that keep related objects consistent."""

from pathlib import Path

import factory
from django.conf import settings
from django.contrib.auth import get_user_model

from grants.services import programme_load_definition

DEFINITIONS = Path(settings.BASE_DIR) / "definitions"
SEED_FILES = {
    "uppdamda-vardbehov-2022": DEFINITIONS / "uppdamda-vardbehov-2022.toml",
    "vardplatser-2024": DEFINITIONS / "vardplatser-2024.toml",
    "vardkoer-2025": DEFINITIONS / "vardkoer-2025.toml",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("testlösenord-123")


class StaffFactory(UserFactory):
    is_staff = True


def load_seed_programme(code: str):
    """Load one of the seed definition files and return its programme."""
    return programme_load_definition(
        actor=None, text=SEED_FILES[code].read_text(encoding="utf-8"), filename=SEED_FILES[code].name, publish=True
    ).programme
