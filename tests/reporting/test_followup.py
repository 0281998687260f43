"""Reporting out: operations against last year (seed 003) and fulfilment of the requirements (seed 002).

The figures are checked against data small enough to work out by hand, the exports are read back, the charts carry
their numbers, and each page reads a fixed number of queries whatever the rows.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import AllocationLine
from grants.services import allocation_run_create
from regions.models import PopulationFigure, Region
from reporting.screens.followup import change_percent
from tests.factories import StaffFactory, load_seed_programme
from tests.money import monthly

pytestmark = pytest.mark.django_db

JAMTLAND, GOTLAND, STOCKHOLM = "23", "09", "01"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def vardkoer():
    return load_seed_programme("vardkoer-2025")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_change_is_rounded_half_up_to_a_tenth_and_has_no_value_without_last_year():
    assert change_percent(15, 14) == Decimal("7.1")  # 7,142… %
    assert change_percent(0, 4) == Decimal("-100.0")
    assert change_percent(3, 2) == Decimal("50.0")
    assert change_percent(1, 8) == Decimal("-87.5")
    assert change_percent(5, 0) is None and change_percent(None, 3) is None and change_percent(2, None) is None


# Jämtland Härjedalen's hip operations, February and March 2025 against 2024 (hand-worked):
#   February 2025: own 10, other region 2, private 3 = 15; February 2024: 10 (own 7, private 3). Change +50,0 %.
#   March 2025:    own 0 = 0;                          March 2024: 4.                          Change −100,0 %.
#   Period Feb–Mar: 15 against 14, +7,1 %; by provider 2025: own 10, other region 2, private 3.
# Gotland: February 2025 own 1, no 2024 value: change "–"; the country in February: 16 against 10, +60,0 %.
HIP = [
    (JAMTLAND, "hip_operations", 2025, 2, 10, "own"),
    (JAMTLAND, "hip_operations", 2025, 2, 2, "other_region"),
    (JAMTLAND, "hip_operations", 2025, 2, 3, "private"),
    (JAMTLAND, "hip_operations", 2024, 2, 7, "own"),
    (JAMTLAND, "hip_operations", 2024, 2, 3, "private"),
    (JAMTLAND, "hip_operations", 2025, 3, 0, "own"),
    (JAMTLAND, "hip_operations", 2024, 3, 4, "own"),
    (GOTLAND, "hip_operations", 2025, 2, 1, "own"),
    (STOCKHOLM, "cataract_operations", 2025, 2, 100, "own"),  # another area: never counted as hip
]


def test_the_year_on_year_figures_and_the_provider_split_match_the_hand_worked_case(staff_client, vardkoer):
    monthly(HIP)
    url = reverse("reporting:operations_followup", args=[vardkoer.code, "block-2"]) + f"?region={JAMTLAND}"
    data = staff_client.get(url).context["data"]

    hip = next(area for area in data.areas if area.kind == "hip")
    jamtland = next(row for row in hip.rows if row.region.code == JAMTLAND)
    february, march = jamtland.months[0], jamtland.months[1]
    assert (february.this_year, february.last_year, february.change) == (15, 10, Decimal("50.0"))
    assert february.providers == {"own": 10, "other_region": 2, "private": 3}
    assert (march.this_year, march.last_year, march.change) == (0, 4, Decimal("-100.0"))
    assert jamtland.months[2].this_year is None  # April: nothing reported is not zero
    assert (jamtland.period.this_year, jamtland.period.last_year, jamtland.period.change) == (15, 14, Decimal("7.1"))
    assert jamtland.period.provider_values == [10, 2, 3]
    running = [(r.this_year, r.last_year) for _, r in jamtland.with_running[:3]]
    assert running == [(15, 10), (15, 14), (15, 14)]

    gotland = next(row for row in hip.rows if row.region.code == GOTLAND)
    assert (gotland.period.this_year, gotland.period.last_year, gotland.period.change) == (1, None, None)
    national_february = hip.national.months[0]
    assert (national_february.this_year, national_february.last_year) == (16, 10)
    assert national_february.change == Decimal("60.0")
    assert hip.national.period.provider_values == [11, 2, 3]
    cataract = next(area for area in data.areas if area.kind == "cataract")
    assert cataract.national.period.this_year == 100


def test_the_follow_up_page_shows_the_figures_and_its_charts_carry_them(staff_client, vardkoer):
    monthly(HIP)
    url = reverse("reporting:operations_followup", args=[vardkoer.code, "block-2"]) + f"?omrade=hip&region={JAMTLAND}"
    html = staff_client.get(url).content.decode().replace("\xa0", " ")

    assert '<tr data-region="23"><th scope="row">Jämtland Härjedalen</th><td class="num">15</td>' in html
    assert "+7,1 %" in html and "+50,0 %" in html and "−100,0 %" in html
    assert "Grå starr" not in html.split("<h2")[-1]  # the area filter shows hip operations only
    # Stacked columns by provider for the region: February's own, other-region and private operations.
    assert 'data-series="Egen regi" data-category="februari" data-value="10"' in html
    assert 'data-series="Annan region" data-category="februari" data-value="2"' in html
    assert 'data-series="Privat vårdgivare" data-category="februari" data-value="3"' in html
    # The year against the year before.
    assert 'data-series="2024" data-category="mars" data-value="4"' in html
    assert 'data-series="2025" data-category="mars" data-value="0"' in html
    assert "Visa siffrorna i diagrammet" in html


def test_the_follow_up_export_is_laid_out_per_area_with_the_country_and_per_month(staff_client, vardkoer):
    monthly(HIP)
    response = staff_client.get(reverse("reporting:operations_followup_export", args=[vardkoer.code, "block-2"]))
    workbook = load_workbook(BytesIO(response.content))

    assert workbook.sheetnames == ["Höftledsprotes", "Framfall", "Grå starr", "Per månad"]
    rows = list(workbook["Höftledsprotes"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Region")
    assert rows[header][:7] == (
        "Region",
        "2025",
        "2024",
        "Förändring (%)",
        "Egen regi",
        "Annan region",
        "Privat vårdgivare",
    )
    jamtland = next(row for row in rows if row[0] == "Jämtland Härjedalen")
    assert jamtland[:7] == ("Jämtland Härjedalen", 15, 14, 7.1, 10, 2, 3)
    national = next(row for row in rows[header:] if row[0] == "Riket")
    assert national[:7] == ("Riket", 16, 14, 14.3, 11, 2, 3)
    february = next(row for row in rows if row[0] == "februari 2025")
    assert february[:4] == ("februari 2025", 16, 10, 60.0)
    long = list(workbook["Per månad"].iter_rows(values_only=True))
    assert ("Höftledsprotes", "Jämtland Härjedalen", 3, 0, 4, -100.0, 0, None, None) in long


def test_the_follow_up_page_reads_a_fixed_number_of_queries_whatever_the_rows(staff_client, vardkoer):
    url = reverse("reporting:operations_followup", args=[vardkoer.code, "block-2"])
    few, _ = _queries(staff_client, url)
    monthly(
        (code, indicator, year, month, 3, provider)
        for code in ("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17")
        for indicator in ("hip_operations", "prolapse_operations", "cataract_operations")
        for year in (2024, 2025)
        for month in range(2, 11)
        for provider in ("own", "other_region", "private")
    )
    many, response = _queries(staff_client, url)
    assert many == few
    assert 'data-value="117"' in response.content.decode()  # the country in a month: 13 regions × 3 providers × 3


# Fulfilment of the 2024 requirements (hand-worked). Every region reports both rates for 2023 and 2024, the same
# in every month February–October:
#   Stockholm 10 → 9.0, Uppsala 10 → 9.1, Södermanland 10 → 9.2, Östergötland 10 → 9.3: improvements (≥ 0,5 %);
#   Jönköping 7 → 8.0: worse, but the lowest value, so top 5 (rank 1; the four above rank 2–5);
#   everyone else 10 → 10: not met (rank 6).
# So each requirement has 4 × 9 improvement months, 9 top-5 months and 16 × 9 months not met: 45 of 189 met
# (23,8 %). Each region's reserved money is amount × population share; Stockholm earns all of its reserved money,
# Halland none, and the country earns the five regions' population share of the 620 000 000 kr.
RATES = {"01": ("10", "9.0"), "03": ("10", "9.1"), "04": ("10", "9.2"), "05": ("10", "9.3"), "06": ("7", "8.0")}


@pytest.fixture
def beds_2024(db):
    programme = load_seed_programme("vardplatser-2024")
    rows = []
    for region in Region.objects.all():
        baseline, value = RATES.get(region.code, ("10", "10"))
        for indicator in ("overcrowding_rate", "outlying_rate"):
            for month in range(2, 11):
                rows.append((region.code, indicator, 2023, month, baseline))
                rows.append((region.code, indicator, 2024, month, value))
    monthly(rows)
    run = allocation_run_create(programme=programme)
    assert run.status == run.Status.SUCCEEDED, run.error
    return programme


def test_the_fulfilment_rates_and_earned_shares_match_the_hand_worked_case(staff_client, beds_2024):
    report = staff_client.get(reverse("reporting:fulfilment", args=[beds_2024.code, "prestation"])).context["report"]
    populations = dict(
        PopulationFigure.objects.filter(reference_date=date(2023, 11, 1)).values_list("region__code", "population")
    )
    total_population = sum(populations.values())

    for requirement in report.requirements:
        rows = {region.code: item for region, item in requirement.rows}
        stockholm, jonkoping, halland = rows["01"], rows["06"], rows["13"]
        assert (stockholm.improvement, stockholm.top, stockholm.not_met, stockholm.rate) == (9, 0, 0, 1)
        assert (jonkoping.improvement, jonkoping.top, jonkoping.not_met, jonkoping.rate) == (0, 9, 0, 1)
        assert (halland.improvement, halland.top, halland.not_met, halland.rate) == (0, 0, 9, 0)
        assert stockholm.reserved == Fraction(620_000_000 * populations["01"], total_population)
        assert stockholm.earned == stockholm.reserved and stockholm.earned_share == 1
        assert halland.earned == 0 and halland.earned_share == 0
        national = requirement.national
        assert (national.improvement, national.top, national.not_met, national.months) == (36, 9, 144, 189)
        assert national.rate == Fraction(45, 189)
        assert national.reserved == 620_000_000
        five = sum(populations[code] for code in RATES)
        assert national.earned == Fraction(620_000_000 * five, total_population)
    assert report.national.rate == Fraction(90, 378)
    # The bonus pot is what was not earned, and it is all spread: the part's lines sum to its amount.
    assert report.matrix.bonus == 1_240_000_000 - report.national.earned
    assert sum((row.bonus for row in report.bonus_rows), Fraction(0)) == report.matrix.bonus
    lines = AllocationLine.objects.filter(run__programme=beds_2024, component__code="prestation")
    assert sum(line.amount for line in lines) == 1_240_000_000
    assert {row.region.code for row in report.bonus_rows if row.amount} == set(RATES)


def test_the_fulfilment_page_export_and_chart(staff_client, beds_2024):
    url = reverse("reporting:fulfilment", args=[beds_2024.code, "prestation"])
    html = staff_client.get(url + "?region=06").content.decode().replace("\xa0", " ")
    assert "23,8 %" in html  # 45 of 189 months, each requirement
    # Jönköping's rate against 2023 and the top-five line: the highest value still in the top five (9.3).
    assert 'data-series="2024" data-category="februari" data-value="8.0000"' in html
    assert 'data-series="2023" data-category="februari" data-value="7.0000"' in html
    assert 'data-series="Gräns för topp 5" data-category="oktober" data-value="9.3000"' in html

    workbook = load_workbook(
        BytesIO(staff_client.get(reverse("reporting:fulfilment_export", args=[beds_2024.code, "prestation"])).content)
    )
    sheet = workbook[workbook.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    stockholm = next(row for row in rows if row[0] == "Stockholm")
    assert stockholm[1:6] == (9, 0, 0, 0, 1.0) and stockholm[8] == 1.0
    national = next(row for row in rows if row[0] == "Riket")
    assert national[1:5] == (36, 9, 144, 0) and round(national[5], 4) == round(45 / 189, 4)
    assert "Bonuspotten" in workbook.sheetnames


def test_the_fulfilment_page_reads_a_fixed_number_of_queries(staff_client, beds_2024):
    url = reverse("reporting:fulfilment", args=[beds_2024.code, "prestation"])
    without, _ = _queries(staff_client, url)
    with_chart, _ = _queries(staff_client, url + "?region=01")
    assert with_chart == without
