"""Schemathesis generates requests from the committed OpenAPI schema and checks every answer against it."""

from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.services import token_create
from config.wsgi import application
from grants.services import allocation_run_create
from tests.factories import StaffFactory, load_seed_programme
from tests.factories_office import region
from tests.factories_portal import OrganisationFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def api_schema(db):
    config = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
    # Requests go to the WSGI application itself, which closes the database connection after each one (on
    # PostgreSQL, the test's own transaction with it); Django's test client keeps it open in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def key(db):
    allocation_run_create(programme=load_seed_programme("vardplatser-2024"))
    organisation = OrganisationFactory(name="Sveriges Kommuner och Regioner", region_codes=["01", "23"])
    _, secret = token_create(
        actor=StaffFactory(), organisation=organisation, name="Leveranssystem", regions=[region("01"), region("23")]
    )
    return secret


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_follows_the_schema(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
