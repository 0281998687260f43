"""Every portal page renders in Swedish with a fixed number of SQL queries, whatever the number of rows."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.models import MonthlyValue
from reporting.services import survey_create_planned_activities
from tests.factories_portal import intermediary, member, region

from .test_access import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# Every portal request starts with: 1 user, 2 membership (access check).
# Pages that name a region add: 3 the region among the user's regions.


def get_page(client, url, queries, django_assert_num_queries):
    client.get(url)  # a first request: the count is of a repeated one
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="sv"' in html
    return html


def test_home_page(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # The programme cards are cached until the data is written (grants.readcache): a repeated request reads
    # only 1 user, 2 membership, 3 the region.
    html = get_page(client, reverse("portal:region_home", args=["23"]), 3, django_assert_num_queries)
    assert "Regionens fördelning" in html and "25\u00a0231\u00a0800\u00a0kr" in html
    assert "Visa uträkning" in html and "Att göra" in html and "Inskickad" in html
    for year in (2023, 2024):
        survey_create_planned_activities(
            actor=None, programme=world["p2022"], opens_on=date(year, 4, 1), closes_on=date(year, 5, 13)
        )
    # The surveys forgot the cards, which are read again, in the same queries whatever the surveys: 4 programmes,
    # 5 their deadlines, 6 their components, 7 the region's lines in each latest run, 8 requisitions,
    # 9 extensions, 10 survey responses, 11 surveys, 12 follow-up reports.
    with django_assert_num_queries(12):
        html = client.get(reverse("portal:region_home", args=["23"])).content.decode()
    assert html.count("Enkät") > 0


def test_requisition_form(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("09", email="q@x.example"))
    # 4 programme, 5 its measures, 6 components (performance-based?), 7 the region's requisition (none yet),
    # 8 latest run, 9 the region's lines, 10 requisition deadline, 11 extension
    html = get_page(
        client,
        reverse("portal:requisition_edit", args=["09", "uppdamda-vardbehov-2022"]),
        11,
        django_assert_num_queries,
    )
    assert "Rekvisition av statsbidrag" in html and "15 mars 2022" in html and "Skriv under och skicka in" in html


def test_requisition_receipt(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 programme, 5 its parts (is the region a recipient?), 6 the requisition with its signer, 7 its measures,
    # 8 its lines with their parts
    html = get_page(
        client,
        reverse("portal:requisition_receipt", args=["23", "uppdamda-vardbehov-2022"]),
        8,
        django_assert_num_queries,
    )
    assert "Rekvisitionen är inskickad" in html and "Riktade hälsosamtal" in html
    assert "Rekvirerat: Fördelning efter invånare" in html


def test_money_page(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 programme, 5 its parts (is the region a recipient?), 6 payouts, 7 its parts for the allocations, 8 newest run
    # per part, 9 those runs, 10 their lines, 11 claims
    html = get_page(
        client, reverse("portal:programme_money", args=["23", "vardkoer-2025"]), 11, django_assert_num_queries
    )
    assert "Regionens medel" in html and "4\u00a0762\u00a0000\u00a0kr" in html
    assert "Inga medel har betalats ut till regionen ännu." in html


def test_survey_form(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 survey with programme, 5 questions, 6 the programme's measures, 7 its parts (is the region a recipient?),
    # 8 the region's response, 9 extension
    html = get_page(
        client, reverse("portal:survey_answer", args=["23", world["survey"].pk]), 9, django_assert_num_queries
    )
    assert "Planerade aktiviteter 2022" in html and "Spara utkast" in html


def test_follow_up_form(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 programme, 5 measures, 6 the programme's parts, 7 the region's report, 8 the amount paid for the reported
    # parts, 9 follow-up deadline, 10 extension
    html = get_page(
        client, reverse("portal:follow_up_edit", args=["23", "uppdamda-vardbehov-2022"]), 10, django_assert_num_queries
    )
    assert "Ej använt – ska betalas tillbaka" in html


def test_activity_plan_form(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 programme, 5 components, 6 the region's plan, 7 latest run, 8 the region's lines paid on requisition,
    # 9 what has been paid for them
    html = get_page(
        client, reverse("portal:activity_plan_edit", args=["23", "vardkoer-2025"]), 9, django_assert_num_queries
    )
    assert "4\u00a0762\u00a0000\u00a0kr" in html and "Kvar att fördela" in html
    assert "inga medel har betalats ut till regionen ännu" in html


def test_operations_plan_form(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 programme, 5 its parts (is the region a recipient?), 6 the tariff component, 7 the region's cap,
    # 8 the region's plan
    html = get_page(
        client, reverse("portal:operations_plan_edit", args=["23", "vardkoer-2025"]), 8, django_assert_num_queries
    )
    assert "5\u00a0502\u00a0825\u00a0kr" in html and "Planen når inte maxtaket" in html


def test_monthly_overview_does_not_grow_with_values(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    url = reverse("portal:monthly_overview", args=["23", "vardkoer-2025"])
    # 4 programme, 5 components, 6 delivered values counted per month
    html = get_page(client, url, 6, django_assert_num_queries)
    assert "Februari 2025" in html and "0 av 9" in html
    MonthlyValue.objects.bulk_create(
        MonthlyValue(region=region("23"), indicator="hip_operations", year=2025, month=m, provider="own", value=1)
        for m in range(2, 11)
    )
    html = get_page(client, url, 6, django_assert_num_queries)
    assert "1 av 9" in html


def test_monthly_month_form(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    # 4 programme, 5 components, 6 the region's values that month
    html = get_page(
        client, reverse("portal:monthly_month", args=["23", "vardkoer-2025", 2025, 3]), 6, django_assert_num_queries
    )
    assert "Månadsdata för mars 2025" in html and "Egen regi" in html


def test_upload_page_and_template_for_an_intermediary(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(intermediary(["23", "25"]))
    # 3 programme, 4 components, 5 the intermediary's regions, 6 the organisation (for its name)
    html = get_page(client, reverse("portal:monthly_upload", args=["vardkoer-2025"]), 6, django_assert_num_queries)
    assert "Ladda upp månadsdata" in html and "för 2 regioner" in html
    url = reverse("portal:monthly_template", args=["vardkoer-2025"])
    # 3 programme, 4 components, 5 the intermediary's regions, 6 their values already delivered
    with django_assert_num_queries(6):
        client.get(url)


def test_index_for_an_intermediary(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(intermediary([f"{n:02d}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13)]))
    # 3 the intermediary's regions, 4 programmes, 5 their components, 6 the organisation (for its name)
    html = get_page(client, reverse("portal:index"), 6, django_assert_num_queries)
    assert "Välj region" in html and "Lämna månadsdata för flera regioner" in html


def test_members_page(client, world, django_assert_num_queries):  # noqa: F811
    client.force_login(member("23", email="q@x.example"))
    member("23", "data_coordinator", email="d@x.example")
    # 4 the region's memberships with their users
    html = get_page(client, reverse("portal:members", args=["23"]), 4, django_assert_num_queries)
    assert "Bjud in en användare" in html and "Datasamordnare" in html


def test_portal_stays_swedish_for_a_browser_that_prefers_english(client, world):  # noqa: F811
    client.force_login(member("09", email="q@x.example"))
    url = reverse("portal:requisition_edit", args=["09", "uppdamda-vardbehov-2022"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "15 mars 2022" in html and 'lang="sv"' in html
