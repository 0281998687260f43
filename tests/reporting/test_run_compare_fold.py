"""A long run comparison is folded by region: one closed disclosure per region that says what changed."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.services import allocation_run_create
from regions.models import Region
from reporting.models import Indicator
from reporting.services import MonthlyEntry, monthly_values_record
from tests.factories import StaffFactory, load_seed_programme

pytestmark = pytest.mark.django_db


def _deliver(*entries):
    monthly_values_record(actor=None, entries=list(entries), organisation=None)


@pytest.fixture
def two_runs():
    beds = load_seed_programme("vardplatser-2024")
    stockholm, uppsala = Region.objects.get(code="01"), Region.objects.get(code="03")
    _deliver(MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("5.0")))
    allocation_run_create(programme=beds)
    _deliver(MonthlyEntry(uppsala, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("4.0")))
    return beds, allocation_run_create(programme=beds)


def test_comparison_folds_the_changed_lines_by_region_with_each_regions_total_difference(client, two_runs):
    beds, second = two_runs
    client.force_login(StaffFactory())
    response = client.get(reverse("reporting:run_compare", args=[beds.code, second.number]))
    comparison = response.context["comparison"]
    regions = comparison.regions
    assert [item.region.code for item in regions] == ["01", "03"]
    for item in regions:
        assert item.difference == sum(line.difference for line in comparison.lines if line.region == item.region)
    assert regions[1].difference > 0 and regions[0].difference == -regions[1].difference

    html = response.content.decode()
    folds = re.findall(r'<details class="region-change"( open)?>\s*<summary>(.*?)</summary>', html, re.S)
    assert len(folds) == 2
    assert all(opened == "" for opened, _ in folds)  # closed by default: the page stays short
    uppsala = re.sub(r"<[^>]+>|\s+", " ", folds[1][1]).split()
    assert uppsala[0] == "Uppsala:" and uppsala[1].startswith("+") and " ".join(uppsala[-3:]) == "i 1 del"
    assert "2 regioner har fått ändrade belopp" in html


def test_comparison_without_changes_has_no_folds(client):
    beds = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=beds)
    second = allocation_run_create(programme=beds, force=True)
    client.force_login(StaffFactory())
    html = client.get(reverse("reporting:run_compare", args=[beds.code, second.number])).content.decode()
    assert 'class="region-change"' not in html
    assert "Inga regioner har fått ändrade belopp" in html
