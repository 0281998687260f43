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


STAFF_PAGES = [
    "/statsbidrag/vardplatser-2024/",
    "/rapportering/vardplatser-2024/del/prestation/",
    "/rapportering/vardkoer-2025/del/block-2/",
    "/handlaggning/",
    "/handlaggning/utbetalningar/",
    "/handlaggning/statsbidrag/uppdamda-vardbehov-2022/tidsfrister/",
    "/handlaggning/statsbidrag/vardkoer-2025/",
    "/handlaggning/statsbidrag/vardkoer-2025/tidsfrister/",
    "/handlaggning/statsbidrag/vardplatser-2024/ekonomisk-redovisning/",
    "/handlaggning/statsbidrag/uppdamda-vardbehov-2022/ekonomisk-redovisning/",
    "/handlaggning/regioner/",
    "/handlaggning/regioner/09/betalningsuppgifter/",
    "/handlaggning/aterbetalningar/",
]
PORTAL_PAGES = [
    "/region/23/",
    "/region/23/uppdamda-vardbehov-2022/rekvisition/",
    "/region/23/uppdamda-vardbehov-2022/aterrapportering/",
    "/region/23/vardkoer-2025/verksamhetsplan/",
    "/region/23/vardkoer-2025/rekvisition/",
    "/region/23/vardkoer-2025/aktivitetsplan/",
    "/region/23/vardplatser-2024/ekonomi/",
    "/region/23/uppdamda-vardbehov-2022/ekonomi/",
    "/region/leverans/vardkoer-2025/",
]


def test_main_pages_pass_axe_in_swedish_and_english_without_console_errors(page, live_server, demo_data):
    StaffFactory(username="hanna")
    from django.contrib.auth import get_user_model

    ombud = get_user_model().objects.get(username="ombud-jamtland")
    ombud.set_password(PASSWORD)
    ombud.save()
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.text} {message.location.get('url')}") if message.type == "error" else None
        ),
    )
    for language in ("sv", "en"):
        for username, paths in (("hanna", STAFF_PAGES), ("ombud-jamtland", PORTAL_PAGES)):
            page.context.clear_cookies()
            _log_in(page, live_server, username)
            if language == "en":  # the switch in the header, as a reader would choose English
                page.get_by_role("button", name="English").click()
                assert page.get_by_role("button", name="Sign out").is_visible()
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, path
                assert page.locator("html").get_attribute("lang") == language, path
                assert _axe_violations(page) == [], (language, path)
    assert problems == []
