"""Staff pages: access, the allocation table, query counts, the bilaga export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.services import allocation_run_create
from tests.allocation import seed_tables
from tests.factories import StaffFactory, UserFactory, load_seed_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def run_2022():
    return allocation_run_create(programme=load_seed_programme("uppdamda-vardbehov-2022"))


def test_anonymous_users_are_sent_to_login(client, run_2022):
    response = client.get(reverse("grants:programme_detail", args=["uppdamda-vardbehov-2022"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_regional_users_cannot_see_staff_pages(client, run_2022):
    client.force_login(UserFactory())
    response = client.get(reverse("grants:programme_detail", args=["uppdamda-vardbehov-2022"]))
    assert response.status_code == 403


def test_allocation_page_shows_the_table_with_swedish_amounts(staff_client, run_2022):
    response = staff_client.get(reverse("grants:programme_detail", args=["uppdamda-vardbehov-2022"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1\u00a0997\u00a0500\u00a0000\u00a0kr" in html
    assert "47\u00a0242\u00a0728\u00a0kr" in html  # Kalmar, by largest remainder
    assert "10\u00a0443\u00a0100" in html  # population total
    assert "Visa uträkning" in html
    assert 'lang="sv"' in html


def _query_count(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_allocation_page_runs_a_fixed_number_of_queries_whatever_the_number_of_lines(
    staff_client, run_2022, django_assert_num_queries
):
    url = reverse("grants:programme_detail", args=["uppdamda-vardbehov-2022"])
    staff_client.get(url)  # a first request: the counts below are of a repeated one
    # 1 user, 2 programme, 3 deadlines, 4 measures, 5 parts, 6 run, 7 lines with region and component, 8 recent runs
    # with their creators, 9 versions, 10 the parts that read monthly data (none here: nothing more to check)
    with django_assert_num_queries(10):
        staff_client.get(url)
    # Three times the lines (three parts of 21 regions): the same queries. Runs are never edited, so a new one.
    from grants.models import Component
    from tests.factories_office import ProgrammeFactory

    bigger = ProgrammeFactory(code="tre-delar", allocation=False, frame=3 * 21_000)
    for number in range(3):
        Component.objects.create(
            programme=bigger, code=f"del-{number}", name=f"Del {number}", rule="equal_share", amount=21_000
        )
    allocation_run_create(programme=bigger)
    url = reverse("grants:programme_detail", args=["tre-delar"])
    staff_client.get(url)
    with django_assert_num_queries(10):
        response = staff_client.get(url)
    assert sum(len(section["lines"]) for section in response.context["sections"]) == 63


def test_two_component_programme_page_uses_the_same_queries(staff_client, django_assert_num_queries):
    allocation_run_create(programme=load_seed_programme("vardplatser-2024"))
    url = reverse("grants:programme_detail", args=["vardplatser-2024"])
    staff_client.get(url)
    # The 10 of any programme, and for the data-reading parts: 11–12 newest delivery per indicator read
    # (overcrowding, outlying); with no data delivered yet nothing can be behind, so no run is looked up
    with django_assert_num_queries(12):
        response = staff_client.get(url)
    assert len(response.context["sections"]) == 2


def test_bilaga_export_figures_equal_the_table(staff_client, run_2022, django_assert_num_queries):
    url = reverse("grants:allocation_export", args=["uppdamda-vardbehov-2022", run_2022.number])
    response = staff_client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Bilaga. Fördelning av 1 997 500 000 kronor efter invånare per region")
    assert sheet["A3"].value == "Beslut: S2022/00456"
    top = next(row for row in sheet.iter_rows() if row[0].value == "Region")[0].row
    assert [c.value for c in sheet[top]] == ["Region", "Befolkning", "Fördelade medel"]
    rows = {row[0]: (row[1], row[2]) for row in sheet.iter_rows(min_row=top + 1, max_row=top + 21, values_only=True)}
    expected = {name: (population, amount) for _, name, population, amount in seed_tables.TABLE_2022}
    expected["Sörmland"] = expected.pop("Sörmland", None) or expected.pop("Södermanland")
    assert rows == expected
    summa = [c.value for c in sheet[top + 22]]
    assert summa == ["Summa", 10_443_100, 1_997_500_000]
    assert sheet.cell(row=top + 1, column=3).number_format == "#,##0"
    assert isinstance(sheet.cell(row=top + 1, column=3).value, int)
    assert sheet.freeze_panes == f"A{top + 1}"
    assert sheet.print_title_rows == f"${top}:${top}"


def test_recompute_button_creates_a_run_and_redirects(staff_client, run_2022):
    response = staff_client.post(reverse("grants:allocation_compute", args=["uppdamda-vardbehov-2022"]))
    assert response.status_code == 302
    assert response.url.endswith("/korning/2/")


def test_pages_speak_swedish_even_to_an_english_browser(staff_client, run_2022):
    url = reverse("grants:programme_detail", args=["uppdamda-vardbehov-2022"])
    response = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert "20 januari 2022" in html
    assert "15 mars 2022" in html
    assert response["Content-Language"] == "sv"


def test_equal_share_table_has_no_empty_basis_column(staff_client):
    allocation_run_create(programme=load_seed_programme("vardkoer-2025"))
    response = staff_client.get(reverse("grants:programme_detail", args=["vardkoer-2025"]))
    assert not response.context["sections"][0]["has_basis"]
    html = response.content.decode()
    table = html.split('data-testid="allocation-block-1"')[1].split("</thead>")[0]
    heads = [cell.rsplit(">", 1)[1] for cell in table.split("</th>")[:-1]]
    assert heads == ["Region", "Exakt andel (kr)", "Fördelade medel", "Förklaring"]
    assert "Befolkning 1 november 2024 saknas" in html


def _upload(text: str, name: str = "beslut.toml"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/toml")


def test_staff_can_load_a_new_decision_from_a_file(staff_client):
    from tests.factories import SEED_FILES

    text = SEED_FILES["vardplatser-2024"].read_text(encoding="utf-8")
    response = staff_client.post(reverse("grants:definition_upload"), {"file": _upload(text)})
    assert response.status_code == 302
    assert response.url == reverse("grants:programme_detail", args=["vardplatser-2024"])


def test_a_broken_decision_file_is_shown_with_its_line_and_nothing_is_saved(staff_client):
    from grants.models import GrantProgramme
    from tests.factories import SEED_FILES

    text = SEED_FILES["vardplatser-2024"].read_text(encoding="utf-8").replace('"Gotland" = 61_093', '"Gotlnd" = 1')
    response = staff_client.post(reverse("grants:definition_upload"), {"file": _upload(text)})
    assert response.status_code == 200
    assert "nyckeln population[1].figures.Gotlnd: okänd region" in response.content.decode()
    assert not GrantProgramme.objects.exists()


def test_a_finished_runs_tables_are_rendered_once_and_a_new_run_shows_its_own(staff_client, run_2022, settings):
    url = reverse("grants:programme_detail", args=["uppdamda-vardbehov-2022"])
    response = staff_client.get(url)
    first = response.content.decode()
    assert "explanation" not in response.context["sections"][0]["lines"][0].get_deferred_fields()
    # Rendered once: a repeated request does not even read the lines' explanations.
    repeated = staff_client.get(url).context["sections"][0]["lines"][0]
    assert "explanation" in repeated.get_deferred_fields()
    # The shared cache may be down: a finished run's fragments live in each process's own memory.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    again = staff_client.get(url).content.decode()
    table = first[first.index('data-testid="allocation-') : first.index("</table>")]
    assert table in again and "Visa uträkning" in table
    from regions.models import PopulationFigure

    figure = PopulationFigure.objects.get(region__code="09", reference_date="2021-11-01")
    figure.population += 100_000
    figure.save()
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    second = allocation_run_create(programme=run_2022.programme)
    newer = staff_client.get(url).content.decode()
    assert second.number == run_2022.number + 1 and f"Körning {second.number}" in newer
    assert newer[newer.index('data-testid="allocation-') : newer.index("</table>")] != table
