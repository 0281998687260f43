"""Users read Swedish about the grant, never our internals: no document numbers of our own ("seed"), no repository
paths, no English framework text, no "---------" in a select, whoever looks and whatever the browser asks for."""

import html
import importlib
import re
from io import StringIO
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults
from django.views.csrf import csrf_failure

from grants.definitions import parse_definition
from grants.history import history_entries
from grants.models import GrantProgramme, PayoutBatch, Repayment, Requisition
from grants.services import allocation_run_create
from regions.models import Region
from reporting.models import FollowUpReport, Survey
from reporting.services.surveys import PLANNED_ACTIVITIES
from tests.factories import SEED_FILES, StaffFactory, UserFactory, load_seed_programme
from tests.factories_office import ProgrammeFactory, region

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# The one place the dashes may be written: the widget template that replaces them.
EMPTY_CHOICE_OVERRIDE = TEMPLATES_DIR / "django" / "forms" / "widgets" / "select_option.html"

INTERNAL = [
    (re.compile(r"\bseed", re.I), "an internal document name"),
    (re.compile(r"\bdocs/|\bdefinitions/\w|\b[\w/-]+\.(?:py|md)\b"), "a repository path"),
    (re.compile(r"-{5,}"), "Django's empty choice"),
]
ENGLISH = [
    "Forbidden",
    "Not Found",
    "Bad Request",
    "Server Error",
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "Submitted by",
    "submitted by",
    "Created by",
    "created by",
    "Programme",
    "programme",
    "The requested resource",
]
# A raw Python structure or value shown as text ({'frame': …, 'met': True}).
RAW_PYTHON = re.compile(r"\{'|\b(?:True|False|None)\b")


def faults_in(text: str, *, prose: str | None = None) -> list[str]:
    """Return what a reader should not see in this text; English is looked for in its prose (default: all of it)."""
    found = [f"{why}: {m.group(0)!r}" for pattern, why in INTERNAL for m in pattern.finditer(text)]
    found += [f"English: {phrase!r}" for phrase in ENGLISH if phrase in (text if prose is None else prose)]
    found += [f"raw value: {m.group(0)!r}" for m in RAW_PYTHON.finditer(text)]
    return found


CODE = re.compile(r"<(pre|code|samp)\b.*?</\1>", re.S)


def page_faults(page: str) -> list[str]:
    """Return what a reader should not see on an HTML page; file syntax shown as code may use its English keys."""
    return faults_in(visible_text(page), prose=visible_text(CODE.sub(" ", page)))


def visible_text(page: str) -> str:
    """Return the text of an HTML page a reader sees or hears: content and the attributes read out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    said = re.findall(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *said]))


# --- templates, as written ------------------------------------------------------------------------------------------


def _template_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", text, flags=re.S)  # notes for developers
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    # Tags and variables are code: template names, URL names and filters are not shown.
    return re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)


TEMPLATE_FILES = sorted(p for p in TEMPLATES_DIR.rglob("*") if p.is_file() and p != EMPTY_CHOICE_OVERRIDE)


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES_DIR)))
def test_template_text_has_no_internal_words_or_english_framework_text(path):
    text = _template_text(path)
    assert (page_faults(text) if path.suffix == ".html" else faults_in(text)) == []


@pytest.mark.parametrize(
    "page",
    [
        "<p>Källa: seed 002, bilaga 1</p>",
        "<p>Formatet beskrivs i docs/definitions.md.</p>",
        "<p>Se grants/models.py</p>",
        "<select><option value>---------</option></select>",
        '<input title="This field is required.">',
        "<ul><li>Submitted by: Rut</li></ul>",
        "<dd>{'frame': 2000000000}</dd>",
        "<dd>Uppfyllt: True</dd>",
    ],
)
def test_the_check_finds_what_it_looks_for(page):
    assert page_faults(page) != []
    assert page_faults("<p>Källa: S2022/00456, bilaga. Välj region. Nyckeln <code>programme</code>.</p>") == []


# --- the definitions a programme is loaded from --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(SEED_FILES))
def test_every_source_in_a_definition_cites_the_decision_not_our_files(code):
    definition = parse_definition(SEED_FILES[code].read_text(encoding="utf-8"), SEED_FILES[code].name)
    sources = [definition.programme.get("source", "")]
    sources += [d["source"] for d in definition.deadlines]
    sources += [c.source for c in definition.components] + [c.payment_source for c in definition.components]
    sources += [t["source"] for t in definition.populations + definition.need_weights]
    assert all(sources), "every part of a decision says where it comes from"
    assert [s for s in sources if faults_in(s)] == []
    # The decision is named by its reference where it shows one, else by what it is about and its year.
    reference = definition.programme.get("decision_reference") or str(definition.programme["budget_year"])
    assert "Regeringsbeslut" in sources[0] and reference in sources[0]


def test_survey_questions_cite_socialstyrelsens_instructions():
    helps = [help_text for _kind, _text, help_text, _choices, _required in PLANNED_ACTIVITIES]
    assert [h for h in helps if faults_in(h)] == []
    assert any("Socialstyrelsens anvisningar" in h for h in helps)


# --- field names, history and the empty choice --------------------------------------------------------------------

# Field names that are the same word in Swedish.
SWEDISH_AS_IS = {"region", "status", "alias", "plan"}


def test_every_field_a_user_can_see_has_a_swedish_name():
    english = [
        f"{model._meta.label}.{field.name}"
        for app in ("regions", "grants", "reporting")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")  # history's own fields are never shown by name
        for field in model._meta.get_fields()
        if field.concrete
        and not field.auto_created
        and str(field.verbose_name) == field.name.replace("_", " ")
        and field.name not in SWEDISH_AS_IS
    ]
    assert english == []


@pytest.mark.django_db
def test_history_names_who_submitted_in_swedish():
    programme = ProgrammeFactory(allocation=False)
    report = FollowUpReport.objects.create(programme=programme, region=region("23"))
    report.submitted_by = UserFactory(first_name="Rut", last_name="Region")
    report.status = FollowUpReport.Status.SUBMITTED
    report.save()

    newest = history_entries(report.history.all())[0]
    assert {(c.label, c.new) for c in newest.changes} == {("inskickad av", "Rut Region"), ("status", "Inskickad")}


@pytest.mark.django_db
def test_history_says_a_stored_account_was_saved_instead_of_dumping_it():
    programme = ProgrammeFactory(allocation=False)
    programme.closing_account = {"frame": 2_000_000_000, "rules": [{"code": "R1", "met": True}]}
    programme.save()
    programme.closing_account = {"frame": 2_000_000_000, "rules": [{"code": "R1", "met": False}]}
    programme.save()

    changed, saved = history_entries(programme.history.all())[:2]
    assert [(c.old, c.new) for c in saved.changes] == [("", "sparad")]
    assert [(c.old, c.new) for c in changed.changes] == [("", "ändrad")]


@pytest.mark.django_db
def test_an_empty_choice_reads_valj_in_every_select():
    class Form(forms.Form):
        region = forms.ModelChoiceField(queryset=Region.objects.all())
        method = Requisition._meta.get_field("payment_method").formfield()  # blank=True: Django adds "---------"

    rendered = str(Form())
    assert rendered.count(">– Välj –</option>") == 2
    assert "---" not in rendered


# --- error pages ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_page_and_a_refused_page_are_swedish(client):
    client.force_login(UserFactory())
    missing = client.get("/rapportering/", HTTP_ACCEPT_LANGUAGE="en")
    refused = client.get("/handlaggning/", HTTP_ACCEPT_LANGUAGE="en")

    assert missing.status_code == 404 and "Sidan finns inte" in missing.text
    assert refused.status_code == 403 and "Du har inte behörighet till sidan" in refused.text
    for response in (missing, refused):
        assert page_faults(response.text) == []
        assert 'class="site-header"' in response.text  # in the site's own layout


def test_a_server_error_and_a_bad_request_are_swedish_without_a_request_context():
    request = RequestFactory().get("/")
    error = defaults.server_error(request)
    bad = defaults.bad_request(request, exception=ValueError("bad"))
    csrf = csrf_failure(request, reason="CSRF cookie not set.")

    assert error.status_code == 500 and "Något gick fel" in error.text
    assert bad.status_code == 400 and "Begäran kunde inte behandlas" in bad.text
    assert csrf.status_code == 403 and "Formuläret kunde inte skickas" in csrf.text
    for response in (error, bad, csrf):
        assert page_faults(response.text) == []


@pytest.mark.django_db
def test_the_definition_help_is_a_page_for_staff_and_its_example_loads(client):
    client.force_login(StaffFactory())
    upload = client.get("/statsbidrag/las-in-beslut/")
    help_page = client.get("/statsbidrag/las-in-beslut/hjalp/")

    assert 'href="/statsbidrag/las-in-beslut/hjalp/"' in upload.text
    assert help_page.status_code == 200
    examples = re.findall(r'<pre class="code-block"><code>(.*?)</code></pre>', help_page.text, re.S)
    minimal = parse_definition(html.unescape(examples[-1]), "exempel.toml")
    assert minimal.programme["code"] == "exempel-2030" and minimal.components[0].amount == 900_000


# --- the demo, page by page ----------------------------------------------------------------------------------------


@pytest.fixture
def demo(settings, django_capture_on_commit_callbacks):
    """The demo without its generated monthly data (slow to make; the pages read the same either way)."""
    settings.DEBUG = True  # the demo loaders refuse to run otherwise
    call_command("load_programme", *SEED_FILES.values(), publish=True, verbosity=0)
    for programme in GrantProgramme.objects.all():
        allocation_run_create(programme=programme)
    for loader in ("load_demo_portal", "demo_office"):
        with django_capture_on_commit_callbacks(execute=True):
            call_command(loader, stdout=StringIO())
    settings.DEBUG = False


def _staff_pages() -> list[str]:
    pages = [
        "/statsbidrag/",
        "/statsbidrag/las-in-beslut/",
        "/statsbidrag/las-in-beslut/hjalp/",
        "/statsbidrag/befolkning/importera/",
        "/handlaggning/",
        "/handlaggning/rekvisitioner/",
        "/handlaggning/rekvisitioner/?status=okand&region=x&programme=0",  # a filter that is not valid
        "/handlaggning/utbetalningar/",
        "/handlaggning/aterbetalningar/",
        "/handlaggning/aterbetalningar/ny/",
        "/handlaggning/regioner/",
        "/handlaggning/regioner/23/betalningsuppgifter/",
        "/handlaggning/regioner/23/kalender/",
        "/handlaggning/regioner/23/manadsdata/historik/",
        "/rapportering/region/23/manadsdata/",
        "/rapportering/vardplatser-2024/del/prestation/",
        "/rapportering/vardkoer-2025/del/block-2/",
        "/admin/",
    ]
    for code in GrantProgramme.objects.order_by("code").values_list("code", flat=True):
        pages += [f"/statsbidrag/{code}/", f"/rapportering/{code}/korningar/"]
        pages += [
            f"/handlaggning/statsbidrag/{code}/{page}"
            for page in (
                "",
                "tidsfrister/",
                "aterrapporteringar/",
                "enkatsvar/",
                "historik/",
                "ekonomisk-redovisning/",
            )
        ]
    # One requisition in each state, every payout decision, claim and follow-up report.
    for status in Requisition.Status.values:
        pk = Requisition.objects.filter(status=status).values_list("pk", flat=True).first()
        pages += [f"/handlaggning/rekvisitioner/{pk}/"] if pk else []
    pages += [f"/handlaggning/utbetalningar/{pk}/" for pk in PayoutBatch.objects.values_list("pk", flat=True)]
    pages += [f"/handlaggning/aterbetalningar/{pk}/" for pk in Repayment.objects.values_list("pk", flat=True)]
    pages += [f"/handlaggning/aterrapporteringar/{pk}/" for pk in FollowUpReport.objects.values_list("pk", flat=True)]
    return pages


def _regional_pages() -> list[str]:
    pages = ["/region/", "/region/23/", "/region/23/anvandare/"]
    pages += [f"/region/23/enkat/{pk}/" for pk in Survey.objects.values_list("pk", flat=True)]
    pages += [f"/region/23/{code}/ekonomi/" for code in SEED_FILES]
    pages += [f"/region/23/{code}/rekvisition/" for code in SEED_FILES]
    pages += [f"/region/23/{code}/aterrapportering/" for code in SEED_FILES]
    pages += [
        "/region/23/vardkoer-2025/aktivitetsplan/",
        "/region/23/vardkoer-2025/verksamhetsplan/",
        "/region/23/vardkoer-2025/manadsdata/",
        "/region/23/vardkoer-2025/manadsdata/2025/3/",
        "/region/23/vardplatser-2024/manadsdata/",
        "/region/23/vardplatser-2024/manadsdata/2024/3/",
        "/region/leverans/vardplatser-2024/",
        "/region/leverans/vardkoer-2025/",
    ]
    return pages


def _read(client, user, pages, problems, *, expect=(200,)):
    client.force_login(user)
    for page in pages:
        # An English browser gets the same Swedish pages.
        response = client.get(page, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code not in expect:
            problems.append(f"{user.username} {page}: status {response.status_code}")
        elif response["Content-Type"].startswith("text/html"):
            problems += [f"{user.username} {page}: {fault}" for fault in page_faults(response.text)]
    client.logout()


@pytest.mark.django_db
def test_the_demo_pages_are_swedish_for_staff_and_regions(demo, client):
    users = get_user_model().objects
    problems: list[str] = []
    staff_pages, regional_pages = _staff_pages(), _regional_pages()
    _read(client, users.get(username="handlaggare"), staff_pages, problems)
    _read(client, users.get(username="attestant"), staff_pages[:8], problems)
    _read(client, users.get(username="ombud-jamtland"), regional_pages, problems)
    _read(client, users.get(username="skr"), ["/region/", "/region/leverans/vardkoer-2025/"], problems)
    # What a region may not see, and a page that does not exist, in Swedish too.
    refused = ["/handlaggning/", "/statsbidrag/", "/region/01/", "/region/01/vardkoer-2025/ekonomi/"]
    _read(client, users.get(username="ombud-jamtland"), refused, problems, expect=(403, 404))
    missing = ["/rapportering/", "/statsbidrag/finns-inte/", "/handlaggning/rekvisitioner/999999/"]
    _read(client, users.get(username="handlaggare"), missing, problems, expect=(404,))

    # Forms sent back with errors show Django's validation messages in Swedish.
    client.force_login(users.get(username="handlaggare"))
    for page, data in [
        ("/handlaggning/aterbetalningar/ny/", {"amount": "x", "due_date": "31/31/2031", "region": "999"}),
        ("/statsbidrag/las-in-beslut/", {"file": ""}),  # a bound form with no file
    ]:
        response = client.post(page, data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200 and "Detta fält måste fyllas i." in response.text, page
        problems += [f"POST {page}: {fault}" for fault in page_faults(response.text)]

    assert len(staff_pages) + len(regional_pages) > 60
    assert problems == []


DJANGO_BOOLEAN_ICON = re.compile(r'<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg" alt="[^"]*">')


@pytest.mark.django_db
def test_every_admin_list_and_add_page_is_swedish(admin_client):
    problems = []
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            page = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            response = admin_client.get(page, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code in (200, 403), page
            # Django writes its yes/no icons' alt text in English ("True"), outside any template we can replace.
            text = DJANGO_BOOLEAN_ICON.sub(" ", response.text)
            problems += [f"{page}: {fault}" for fault in page_faults(text)]
    assert problems == []


@pytest.mark.django_db
def test_programmes_loaded_with_the_earlier_citations_are_reworded_to_match_the_files():
    """A closed programme refuses a changed file, so the migration must bring the database exactly to the files."""
    from django.apps import apps as current_apps

    from grants.models import Component, Deadline
    from grants.services import programme_load_definition
    from regions.models import NeedWeight, PopulationFigure

    migration = importlib.import_module("grants.migrations.0012_decision_citations")
    for code in SEED_FILES:
        load_seed_programme(code)
    for code, (earlier, _now) in migration.PROGRAMMES.items():
        GrantProgramme.objects.filter(code=code).update(source=earlier)
    for code, kind, earlier, _now in migration.DEADLINES:
        Deadline.objects.filter(programme__code=code, kind=kind).update(source=earlier)
    for code, part, earlier, _now in migration.COMPONENTS:
        Component.objects.filter(programme__code=code, code=part).update(source=earlier)
    PopulationFigure.objects.filter(source=migration.POPULATION[1]).update(source=migration.POPULATION[0])
    NeedWeight.objects.filter(source=migration.NEED_WEIGHTS[1]).update(source=migration.NEED_WEIGHTS[0])
    assert GrantProgramme.objects.filter(source__contains="seed").count() == 3

    migration.forwards(current_apps, None)

    for code, path in SEED_FILES.items():
        report = programme_load_definition(actor=None, text=path.read_text(encoding="utf-8"), filename=path.name)
        assert report.changes == [], code
