"""A region sees its own standing in the performance-based parts on its home page, with charts of its own data only."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from grants.models import AllocationLine
from grants.readcache import data_changed
from grants.services import allocation_run_create
from regions.models import Region
from regions.services import population_figures_set
from tests.factories import load_seed_programme
from tests.factories_portal import member
from tests.money import monthly
from tests.reporting.test_followup import HIP, RATES, beds_2024  # noqa: F401 - the hand-worked cases and fixture

pytestmark = pytest.mark.django_db


def _home(client, code):
    client.force_login(member(code, email=f"ombud-{code}@example.se"))
    response = client.get(reverse("portal:region_home", args=[code]))
    assert response.status_code == 200
    return response


def test_a_region_sees_this_months_status_and_what_it_has_earned_of_each_requirement(client, beds_2024):  # noqa: F811
    response = _home(client, "01")
    card = next(c for c in response.context["cards"] if c.programme == beds_2024)
    requirements = card.standing.requirements
    assert [r.name for r in requirements] == [
        "Överbeläggningar per 100 disponibla vårdplatser",
        "Utlokaliseringar per 100 disponibla vårdplatser",
    ]
    line = AllocationLine.objects.get(run__programme=beds_2024, region__code="01", component__code="prestation")
    for requirement in requirements:
        assert (requirement.month, requirement.status) == (10, "improvement")  # October, the last measured month
        assert requirement.earned == requirement.possible > 0 and requirement.remaining == 0
    assert sum((r.earned for r in requirements), Fraction(0)) <= line.amount  # the bonus comes on top
    html = response.content.decode().replace("\xa0", " ")
    assert "oktober:" in html and "Förbättring" in html
    # Stockholm's own rate against 2023 and the top-five line; never another region's values.
    assert 'data-series="2024" data-category="februari" data-value="9.0000"' in html
    assert 'data-series="2023" data-category="februari" data-value="10.0000"' in html
    assert 'data-series="Gräns för topp 5" data-category="februari" data-value="9.3000"' in html
    assert 'data-value="9.1000"' not in html  # Uppsala's rate

    halland = _home(client, "13").context["cards"]
    standing = next(c for c in halland if c.programme == beds_2024).standing
    assert all(r.status == "not_met" and r.earned == 0 for r in standing.requirements)


def test_a_region_sees_what_it_has_earned_against_its_cap_and_its_operations_by_provider(
    client, django_assert_num_queries
):
    programme = load_seed_programme("vardkoer-2025")
    monthly(HIP)
    # The ranking for the remainder reads the population of 1 November 2024 (not in the decision): 100 000 each.
    population_figures_set(
        actor=None, reference_date=date(2024, 11, 1), figures=dict.fromkeys(Region.objects.all(), 100_000)
    )
    run = allocation_run_create(programme=programme)
    row = next(r for r in run.detail["components"]["block-2"]["rows"] if r["region"] == "23")
    assert row["earned"] == 15 * 108_000  # Jämtland: 15 hip operations in February–October 2025

    response = _home(client, "23")
    card = next(c for c in response.context["cards"] if c.programme == programme)
    (tariff,) = card.standing.tariffs
    assert (tariff.earned, tariff.cap) == (1_620_000, row["cap"])
    assert tariff.to_cap == row["cap"] - 1_620_000
    html = response.content.decode()
    assert 'data-series="Intjänat" data-category="Jämtland Härjedalen" data-value="1620000"' in html
    assert 'data-series="Egen regi" data-category="februari" data-value="10"' in html
    assert 'data-series="Annan region" data-category="februari" data-value="2"' in html
    assert 'data-series="Privat vårdgivare" data-category="februari" data-value="3"' in html
    assert 'data-series="Egen regi" data-category="mars" data-value="0"' in html

    gotland = _home(client, "09").content.decode()
    assert 'data-series="Egen regi" data-category="februari" data-value="1"' in gotland
    assert 'data-value="1620000"' not in gotland

    # The standing costs one query for all tariff parts, whatever the operations reported.
    url = reverse("portal:region_home", args=["23"])
    client.force_login(member("23", email="datasamordnare-23@example.se"))
    client.get(url)
    data_changed()  # the cards are cached until the data is written: count them read afresh
    with django_assert_num_queries(13):
        client.get(url)
    monthly(("23", "hip_operations", 2025, month, 5, "own") for month in range(4, 11))
    allocation_run_create(programme=programme)
    with django_assert_num_queries(13):
        client.get(url)
    with django_assert_num_queries(3):  # 1 user, 2 membership, 3 the region: the rest from the cache
        client.get(url)
