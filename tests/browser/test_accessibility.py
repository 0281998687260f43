"""The pages people use first pass axe-core's checks (WCAG 2.1 A and AA rules) in a real browser."""

import pytest

from grants.services import allocation_run_create
from tests.factories import StaffFactory, load_seed_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlösenord-123"


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} st)" for v in results.response["violations"]]


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_login_page_has_no_accessibility_violations(page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert _axe_violations(page) == []


def test_allocation_page_has_no_accessibility_violations_and_explains_a_line(page, live_server):
    allocation_run_create(programme=load_seed_programme("uppdamda-vardbehov-2022"))
    StaffFactory(username="hanna")
    _log_in(page, live_server, "hanna")
    page.goto(f"{live_server.url}/statsbidrag/uppdamda-vardbehov-2022/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Riktade insatser")
    kalmar = page.get_by_role("row").filter(has_text="Kalmar")
    kalmar.get_by_text("Visa uträkning").click()
    assert "största rest" in kalmar.inner_text()
    assert _axe_violations(page) == []
