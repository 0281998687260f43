"""Staff pages for monthly performance: the 2024 matrix, the 2025 operations, run history and comparison."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import AllocationLine, AllocationRun
from grants.services import allocation_run_create, allocation_run_record_failure
from regions.models import NeedWeight, Organisation, PopulationFigure, Region
from regions.services import population_figures_set
from reporting import demo
from reporting.models import Indicator, MonthlyValue, Provider
from reporting.selectors import EXAMPLE_DATA_SOURCE
from reporting.services import MonthlyEntry, monthly_values_record
from tests.factories import StaffFactory, UserFactory, load_seed_programme

pytestmark = pytest.mark.django_db

RATES = {Indicator.OVERCROWDING_RATE, Indicator.OUTLYING_RATE}
OPERATIONS = {Indicator.HIP_OPERATIONS, Indicator.PROLAPSE_OPERATIONS, Indicator.CATARACT_OPERATIONS}


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _generated(indicators, *, years, months=range(1, 13), regions=None):
    """Return the demo generator's entries for these indicators, years, months and county codes."""
    all_regions = list(Region.objects.order_by("code"))
    populations = dict(
        PopulationFigure.objects.filter(reference_date=date(2023, 11, 1)).values_list("region__code", "population")
    )
    caps = dict(NeedWeight.objects.filter(series="maxtak-2025").values_list("region__code", "value"))
    return [
        entry
        for entry in demo.generate(all_regions, populations, caps).entries
        if entry.indicator in indicators
        and entry.year in years
        and entry.month in months
        and (regions is None or entry.region.code in regions)
    ]


def _deliver(entries, *, example=False):
    organisation = Organisation.objects.get_or_create(name=EXAMPLE_DATA_SOURCE)[0] if example else None
    monthly_values_record(actor=None, entries=entries, organisation=organisation)


def _count_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture
def beds():
    return load_seed_programme("vardplatser-2024")


@pytest.fixture
def queues():
    return load_seed_programme("vardkoer-2025")


def _matrix_url(number=None):
    if number is None:
        return reverse("reporting:component_detail", args=["vardplatser-2024", "prestation"])
    return reverse("reporting:component_run", args=["vardplatser-2024", "prestation", number])


def _tariff_url():
    return reverse("reporting:component_detail", args=["vardkoer-2025", "block-2"])


def test_regional_users_cannot_see_the_reporting_pages(client, beds):
    allocation_run_create(programme=beds)
    client.force_login(UserFactory())
    assert client.get(_matrix_url()).status_code == 403
    assert client.get(reverse("reporting:run_history", args=["vardplatser-2024"])).status_code == 403


def test_a_component_without_monthly_rules_has_no_matrix(staff_client, beds):
    url = reverse("reporting:component_detail", args=["vardplatser-2024", "grundlaggande"])
    assert staff_client.get(url).status_code == 404


def test_matrix_shows_each_regions_standing_per_month_and_the_bonus_pot(staff_client, beds):
    stockholm, uppsala = Region.objects.get(code="01"), Region.objects.get(code="03")
    entries = [
        # Stockholm improves by exactly 0.5 % (6.4 → 6.368): qualifies by improvement.
        MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2023, 2, Decimal("6.4")),
        MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("6.368")),
        # Uppsala has no 2023 value but is among the five lowest reporters: top 5.
        MonthlyEntry(uppsala, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("7.5")),
    ]
    _deliver(entries)
    run = allocation_run_create(programme=beds)
    _, response = _count_queries(staff_client, _matrix_url())
    matrix = response.context["data"]
    overcrowding = matrix.requirements[0]
    rows = {row.region.code: row for row in overcrowding.rows}
    assert [cell.status for cell in rows["01"].cells][:2] == ["improvement", "pending"]
    assert rows["03"].cells[0].status == "top5"
    assert rows["05"].cells[0].status == "no_data"
    assert overcrowding.counts == {"improvement": 1, "top5": 1, "no_data": 19, "pending": 21 * 8}
    # The page's totals are the run's lines, and qualified + bonus add up to what the lines distribute.
    lines = dict(
        AllocationLine.objects.filter(run=run, component__code="prestation").values_list("region__code", "amount")
    )
    assert {total.region.code: total.amount for total in matrix.totals} == lines
    assert abs(float(matrix.qualified_total + matrix.bonus) - 620_000_000 / 9) < 0.01
    html = response.content.decode()
    assert "Förbättring: 1" in html and "Topp 5: 1" in html
    assert "6,368" in html and "2023: 6,4" in html
    assert "Bonuspott hittills" in html
    assert "Exempeldata" not in html  # real deliveries, no banner


def test_matrix_says_when_it_shows_generated_example_data(staff_client, beds):
    _deliver(_generated(RATES, years={2023, 2024}, months={2, 3}), example=True)
    allocation_run_create(programme=beds)
    response = staff_client.get(_matrix_url())
    assert "Exempeldata." in response.content.decode()


def test_matrix_queries_do_not_grow_with_regions_and_months(staff_client, beds, django_assert_num_queries):
    _deliver(_generated(RATES, years={2023, 2024}, months={2}, regions={"01", "03"}))
    allocation_run_create(programme=beds)
    url = _matrix_url()
    staff_client.get(url)  # a first request: the counts below are of a repeated one
    # 1 user, 2 component with its programme, 3 run (with its detail: every month cell), 4 example-data check,
    # 5 the component's lines with their regions
    with django_assert_num_queries(5):
        staff_client.get(url)
    _deliver(_generated(RATES, years={2023, 2024}))  # 21 regions × 12 months × 2 indicators × 2 years
    allocation_run_create(programme=beds)
    with django_assert_num_queries(5):
        response = staff_client.get(url)
    cells = sum(len(row.cells) for requirement in response.context["data"].requirements for row in requirement.rows)
    assert cells == 2 * 21 * 9


def test_matrix_export_equals_the_page(staff_client, beds, django_assert_num_queries):
    _deliver(_generated(RATES, years={2023, 2024}), example=True)
    run = allocation_run_create(programme=beds)
    url = reverse("reporting:component_export", args=["vardplatser-2024", "prestation", run.number])
    staff_client.get(_matrix_url())
    # 1 user, 2 component, 3 the run's number and 4 its lines counted (is the file small enough to build now?),
    # 5 run, 6 example-data check, 7 lines with regions
    with django_assert_num_queries(7):
        response = staff_client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Överbeläggningar", "Utlokaliseringar", "Summa per region"]
    sheet = workbook["Överbeläggningar"]
    assert sheet["A1"].value == "Överbeläggningar per 100 disponibla vårdplatser 2024"
    assert any("Exempeldata" in str(row[0]) for row in sheet.iter_rows(max_row=8, values_only=True))
    header_row = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Region")
    assert header_row[2:5] == ("februari 2024", "februari 2023", "februari ställning")
    totals = workbook["Summa per region"]
    rows = [row for row in totals.iter_rows(values_only=True) if row[0] and row[0] != "Region"]
    amounts = {row[0]: row[3] for row in rows[3:] if isinstance(row[3], int)}
    lines = dict(
        AllocationLine.objects.filter(run=run, component__code="prestation").values_list(
            "region__short_name", "amount"
        )
    )
    assert amounts.pop("Summa") == 1_240_000_000
    assert amounts == lines


def test_tariff_page_refuses_to_rank_without_the_november_2024_population(staff_client, queues):
    _deliver(_generated(OPERATIONS, years={2025}))
    run = allocation_run_create(programme=queues)
    assert "Befolkning 1 november 2024 saknas" in run.error
    response = staff_client.get(_tariff_url())
    html = response.content.decode()
    overview = response.context["data"]
    assert not overview.computed
    assert len(overview.population_missing) == 21
    assert "Befolkningen den 1" in html and "saknas" in html
    assert reverse("grants:population_import") in html
    assert "topp 5 per invånare" not in html
    # The reported operations are still shown, per provider.
    assert sum(overview.operation_totals) == sum(
        int(v)
        for v in MonthlyValue.objects.filter(indicator__in=OPERATIONS, year=2025, month__in=range(2, 11)).values_list(
            "value", flat=True
        )
    )


def test_tariff_page_shows_earned_cap_paid_remainder_and_top_lists(staff_client, queues):
    _deliver(_generated(OPERATIONS, years={2025}), example=True)
    figures = {r: 100_000 + int(r.code) * 10_000 for r in Region.objects.all()}
    population_figures_set(actor=None, reference_date=date(2024, 11, 1), figures=figures, is_example=True)
    run = allocation_run_create(programme=queues)
    response = staff_client.get(_tariff_url())
    overview = response.context["data"]
    html = response.content.decode()
    assert overview.computed and not overview.population_missing
    assert html.count("Exempeldata.") == 2  # operations and population are both generated
    assert overview.totals["cap"] == 397_000_000
    assert overview.totals["amount"] == 397_000_000
    assert [top.kind for top in overview.top_lists] == ["hip", "prolapse", "cataract"]
    assert all(len(top.regions) >= 5 for top in overview.top_lists)
    for row in overview.rows:
        assert row.paid == min(row.earned, row.cap)
        assert row.earned == sum(row.counted[kind] * tariff for kind, _, tariff in overview.kinds)
        assert sum(row.operations["hip"].values()) == row.counted["hip"]
    lines = dict(
        AllocationLine.objects.filter(run=run, component__code="block-2").values_list("region__code", "amount")
    )
    assert {row.region.code: row.amount for row in overview.rows} == lines
    assert "Höftledsprotes" in html and "Privat vårdgivare" in html


def test_tariff_page_queries_do_not_grow_with_regions_and_months(staff_client, queues, django_assert_num_queries):
    population_figures_set(
        actor=None, reference_date=date(2024, 11, 1), figures=dict.fromkeys(Region.objects.all(), 200000)
    )
    _deliver(_generated(OPERATIONS, years={2025}, months={2}, regions={"01"}))
    allocation_run_create(programme=queues)
    url = _tariff_url()
    staff_client.get(url)
    # 1 user, 2 component with its programme, 3 run with its detail, 4 regions, 5 population on the ranking date,
    # 6 example-data check, 7 operations summed per region, kind and provider, 8 the component's lines with their
    # regions
    with django_assert_num_queries(8):
        staff_client.get(url)
    _deliver(_generated(OPERATIONS, years={2025}))  # 21 regions × 9 months × 3 kinds × 3 providers
    allocation_run_create(programme=queues)
    with django_assert_num_queries(8):
        response = staff_client.get(url)
    assert response.context["data"].computed


def test_tariff_export_reads_back_with_numbers_and_top_lists(staff_client, queues, django_assert_num_queries):
    _deliver(_generated(OPERATIONS, years={2025}))
    population_figures_set(
        actor=None, reference_date=date(2024, 11, 1), figures={r: 200_000 + int(r.code) for r in Region.objects.all()}
    )
    run = allocation_run_create(programme=queues)
    url = reverse("reporting:component_export", args=["vardkoer-2025", "block-2", run.number])
    staff_client.get(_tariff_url())
    with django_assert_num_queries(10):  # as the page, and the run's lines counted to decide: now or in the background
        response = staff_client.get(url)
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Operationer och tak", "Topplistor"]
    sheet = workbook["Operationer och tak"]
    header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Region")
    assert header[1] == "Höftledsprotes: egen regi"
    assert header[-5:] == (
        "Intjänat (kr)",
        "Maxtak (kr)",
        "Ersättning upp till taket (kr)",
        "Andel av kvarstående (kr)",
        "Summa (kr)",
    )
    summa = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Summa")
    assert summa[-4] == 397_000_000  # caps
    assert summa[-1] == 397_000_000
    assert sheet.freeze_panes is not None


def test_run_history_shows_failed_recomputes_with_their_error(staff_client, beds, django_assert_num_queries):
    allocation_run_create(programme=beds)
    allocation_run_record_failure(programme=beds, error="Omräkningen misslyckades: ValueError: trasigt värde")
    url = reverse("reporting:run_history", args=["vardplatser-2024"])
    staff_client.get(url)
    # 1 user, 2 programme, 3 runs with their creators
    with django_assert_num_queries(3):
        response = staff_client.get(url)
    html = response.content.decode()
    assert "trasigt värde" in html
    assert "Misslyckades" in html
    assert "1 körning har misslyckats" in html
    for _ in range(3):
        allocation_run_create(programme=beds, force=True)
    with django_assert_num_queries(3):
        staff_client.get(url)


def test_comparison_lists_the_regions_that_changed_and_why(staff_client, beds, django_assert_num_queries):
    stockholm = Region.objects.get(code="01")
    _deliver([MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("5.0"))])
    first = allocation_run_create(programme=beds)
    _deliver([MonthlyEntry(Region.objects.get(code="03"), Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("4.0"))])
    second = allocation_run_create(programme=beds)
    assert second.number == first.number + 1
    url = reverse("reporting:run_compare", args=["vardplatser-2024", second.number])
    staff_client.get(url)
    # 1 user, 2 programme, 3 both runs, 4 both runs' lines with regions and components
    with django_assert_num_queries(4):
        response = staff_client.get(url)
    comparison = response.context["comparison"]
    assert comparison.previous.number == first.number
    changed = {(line.component.code, line.region.code): line for line in comparison.lines}
    assert set(changed) == {("prestation", "01"), ("prestation", "03")}
    uppsala = changed[("prestation", "03")]
    assert uppsala.before == 0 and uppsala.after > 0
    assert changed[("prestation", "01")].difference == -uppsala.difference
    labels = {change.label for change in uppsala.changes}
    assert "Överbeläggningar per 100 disponibla vårdplatser: topp 5 (månader)" in labels
    assert comparison.unchanged == 21 + 19  # the basic part, and the regions still without data
    html = response.content.decode()
    assert "Uppsala" in html and "→" in html


def test_comparison_of_an_unknown_run_is_404(staff_client, beds):
    assert staff_client.get(reverse("reporting:run_compare", args=["vardplatser-2024", 9])).status_code == 404


def test_programme_page_links_to_the_matrix_and_the_runs(staff_client, beds):
    _deliver(_generated(RATES, years={2024}, months={2}))
    allocation_run_create(programme=beds)
    html = staff_client.get(reverse("grants:programme_detail", args=["vardplatser-2024"])).content.decode()
    assert reverse("reporting:component_run", args=["vardplatser-2024", "prestation", 1]) in html
    assert reverse("reporting:run_history", args=["vardplatser-2024"]) in html


def test_a_failed_run_is_shown_on_the_programme_page_list(staff_client, beds):
    allocation_run_create(programme=beds)
    allocation_run_record_failure(programme=beds, error="fel")
    html = staff_client.get(reverse("grants:programme_detail", args=["vardplatser-2024"])).content.decode()
    assert "misslyckades" in html
    assert AllocationRun.objects.filter(status="failed").count() == 1


def test_operations_by_provider_are_summed_for_the_home_region(staff_client, queues):
    jamtland = Region.objects.get(code="23")
    _deliver(
        [
            MonthlyEntry(jamtland, Indicator.HIP_OPERATIONS, 2025, 3, Decimal(4), Provider.OWN),
            MonthlyEntry(jamtland, Indicator.HIP_OPERATIONS, 2025, 3, Decimal(2), Provider.OTHER_REGION),
            MonthlyEntry(jamtland, Indicator.HIP_OPERATIONS, 2025, 4, Decimal(3), Provider.PRIVATE),
            MonthlyEntry(jamtland, Indicator.HIP_OPERATIONS, 2025, 11, Decimal(50), Provider.PRIVATE),  # outside
        ]
    )
    allocation_run_create(programme=queues)
    overview = staff_client.get(_tariff_url()).context["data"]
    row = next(row for row in overview.rows if row.region.code == "23")
    assert row.operations["hip"] == {"own": 4, "other_region": 2, "private": 3}
    assert row.counted["hip"] == 9


def test_region_monthly_data_show_missing_values_deliveries_and_corrections(
    staff_client, beds, django_assert_num_queries
):
    stockholm = Region.objects.get(code="01")
    skr = Organisation.objects.create(name="Sveriges Kommuner och Regioner")
    reporter = StaffFactory(first_name="Rita", last_name="Rapportör")
    monthly_values_record(
        actor=reporter,
        entries=[
            MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("6.4")),
            MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2024, 3, None),  # reported as not available
        ],
    )
    monthly_values_record(
        actor=None,
        entries=[MonthlyEntry(stockholm, Indicator.OVERCROWDING_RATE, 2024, 2, Decimal("6.1"))],
        organisation=skr,
        channel=MonthlyValue.Channel.API,
    )
    url = reverse("reporting:region_monthly", args=["01"]) + "?ar=2024"
    staff_client.get(url)
    # 1 user, 2 region, 3 values with who delivered them, 4 their history
    with django_assert_num_queries(4):
        response = staff_client.get(url)
    data = response.context["data"]
    cells = data.rows[0].cells
    assert (cells[0].reported, cells[1].value, cells[2].reported, cells[2].value) == (
        False,
        Decimal("6.1"),
        True,
        None,
    )
    assert [(c.before, c.after, c.via, c.channel) for c in data.corrections] == [
        (Decimal("6.4"), Decimal("6.1"), "Sveriges Kommuner och Regioner", "API")
    ]
    html = response.content.decode()
    assert "ej tillgängligt" in html and "6,1" in html and "Rita Rapportör" in html
    _deliver(_generated(RATES, years={2024}, regions={"01"}))
    with django_assert_num_queries(4):
        staff_client.get(url)


def test_an_uncomputed_component_has_no_export(staff_client, queues):
    run = allocation_run_create(programme=queues)  # no population on 1 November 2024: block 2 is not computed
    url = reverse("reporting:component_export", args=["vardkoer-2025", "block-2", run.number])
    assert staff_client.get(url).status_code == 404
