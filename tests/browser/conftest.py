"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Skipped with a reason when Chromium or Playwright is missing; CI installs both and sets REQUIRE_BROWSER=1,
which turns the skip into a failure.
"""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is not installed"
    if reason is None and not shutil.which(CHROMIUM):
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if reason:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the live server's database work is in its own.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_data(settings):
    """Load the demo as `./dev demo` does: programmes, runs, portal, monthly data and back office."""
    from io import StringIO

    from django.core.management import call_command

    from grants.models import GrantProgramme
    from grants.services import allocation_run_create
    from tests.factories import SEED_FILES

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEBUG = True  # the demo loaders refuse to run otherwise
    call_command("load_programme", *SEED_FILES.values(), publish=True, verbosity=0)
    for programme in GrantProgramme.objects.all():
        allocation_run_create(programme=programme)
    for loader in ("load_demo_portal", "load_demo_monthly", "demo_office", "demo_draft"):
        call_command(loader, stdout=StringIO())
    settings.DEBUG = False
