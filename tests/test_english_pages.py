"""The demo's pages in English: chosen with the language switch, every page of ours speaks English, amounts and dates
are written the English way, and what stays Swedish is the data (names from the decisions, the calculation record),
marked lang="sv" where it is prose."""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import translation

from grants import l10n
from tests.test_swedish_text import _regional_pages, _staff_pages, demo  # noqa: F401  (demo is a fixture)
from tests.test_translation import ReadOut

# Words of our own Swedish text that a page in English must not show; a word is let off only when the data holds it
# (a programme's name, a region's, a person's).
SWEDISH_WORDS = re.compile(
    r"\b(?:och|eller|inte|ingen|inga|finns|saknas|Spara|Skicka|Visa|Logga|Inloggad|Sista|dag|dagar|Ändra|Välj|"
    r"Tillbaka|Avbryt|Godkänn|Hämta|Läs|Sök|Alla|Belopp|Summa|Datum|Körning|kl\.|kr)\b"
)
# Pages built partly from caches: the work list and deadlines, a finished run's tables, a region's home.
CACHED_PAGES = ["/handlaggning/", "/statsbidrag/uppdamda-vardbehov-2022/", "/region/23/", "/region/"]
SWEDISH_LETTER_WORD = re.compile(r"\b\w*[åäöÅÄÖ]\w*\b")


def read(page: str) -> ReadOut:
    """What a reader of the English page sees or hears, leaving out what is declared to be in another language."""
    reader = ReadOut(language="en")
    reader.feed(page)
    return reader


def data_words() -> set[str]:
    """Every word stored in the domain's text fields: names and texts that come from decisions, files and people."""
    words: set[str] = set()
    for model in [*apps.get_app_config("grants").get_models(), *apps.get_app_config("regions").get_models(),
                  *apps.get_app_config("reporting").get_models(), get_user_model()]:  # fmt: skip
        kinds = models.CharField | models.TextField | models.JSONField
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, kinds)]
        for row in model.objects.values_list(*fields) if fields else ():
            words.update(re.findall(r"\w+", " ".join(_strings(row))))
    return words


def _strings(value) -> list[str]:
    """Every string in a value from the database, looking into JSON lists and objects."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.items() for part in item for s in _strings(part)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def swedish_on(page: str, allowed: set[str]) -> list[str]:
    text = " ".join(read(page).found)
    found = {m.group(0) for m in SWEDISH_LETTER_WORD.finditer(text)} | {
        m.group(0) for m in SWEDISH_WORDS.finditer(text)
    }
    return sorted(word for word in found if word.rstrip(".") not in allowed)


@pytest.mark.django_db
def test_the_demo_pages_speak_english_when_english_is_chosen(demo, client):  # noqa: F811
    users = get_user_model().objects
    allowed = data_words()
    problems = []
    for username, pages in [
        ("handlaggare", _staff_pages()),
        ("ombud-jamtland", _regional_pages()),
        ("skr", ["/region/", "/region/leverans/vardkoer-2025/"]),
    ]:
        client.force_login(users.get(username=username))
        for url in CACHED_PAGES:  # read first in Swedish: what is cached for Swedish must not be shown in English
            client.get(url)
        response = client.post("/sprak/", {"language": "en", "next": "/"})
        assert response.status_code == 302
        for url in pages:
            if url.startswith("/admin/"):
                continue  # Django's admin has its own English
            response = client.get(url, follow=True)
            if response.status_code != 200:
                problems.append(f"{username} {url}: status {response.status_code}")
                continue
            if not response["Content-Type"].startswith("text/html"):
                continue
            if read(response.text).lang != "en":
                problems.append(f"{username} {url}: the page does not say it is English")
            words = swedish_on(response.text, allowed)
            if words:
                problems.append(f"{username} {url}: {', '.join(words)}")
        if username == "handlaggare":
            # The closing account is kept in Swedish; read in English, the closed grant's figures still match it.
            page = client.get("/handlaggning/statsbidrag/uppdamda-vardbehov-2022/ekonomisk-redovisning/").text
            assert "Closed" in page and "The figures differ" not in page
        if username == "handlaggare":  # a form sent back with errors: Django's messages and ours, in English
            for url, data in [
                ("/handlaggning/aterbetalningar/ny/", {"amount": "x", "due_date": "31/31/2031", "region": "999"}),
                ("/statsbidrag/las-in-beslut/", {"file": ""}),
            ]:
                response = client.post(url, data)
                assert response.status_code == 200 and "This field is required." in response.text, url
                words = swedish_on(response.text, allowed)
                problems += [f"POST {url}: {', '.join(words)}"] if words else []
        client.post("/sprak/", {"language": "sv", "next": "/"})
        client.logout()
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_switch_changes_the_language_and_returns_to_the_page(client):
    response = client.get("/logga-in/")
    assert '<html lang="sv"' in response.text and "Logga in" in response.text
    assert 'name="language" value="en" lang="en">English</button>' in response.text

    response = client.post("/sprak/", {"language": "en", "next": "/logga-in/?next=/region/"})
    assert response.status_code == 302 and response["Location"] == "/logga-in/?next=/region/"
    response = client.get(response["Location"])
    assert '<html lang="en"' in response.text and response["Content-Language"] == "en"
    assert "Sign in" in response.text and "Logga in" not in response.text
    assert 'name="language" value="sv" lang="sv">Svenska</button>' in response.text

    client.post("/sprak/", {"language": "sv", "next": "/"})
    assert "Logga in" in client.get("/logga-in/").text


@pytest.mark.django_db
def test_a_browser_asking_for_english_still_gets_swedish_until_english_is_chosen(client):
    response = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="sv"' in response.text


def test_amounts_numbers_and_dates_follow_the_language():
    from datetime import date, datetime
    from fractions import Fraction
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 1, 13, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("sv"):
        assert l10n.kr(1997500000) == "1\u00a0997\u00a0500\u00a0000\u00a0kr"
        assert l10n.signed_kr(-250) == "\u2212250\u00a0kr"
        assert l10n.decimal_places(Fraction(3041247355, 100)) == "30\u00a0412\u00a0473,55"
        assert l10n.percent(Fraction(7, 8), 1) == "87,5\u00a0%"
        assert l10n.date_text(date(2022, 3, 15)) == "15 mars 2022"
        assert l10n.datetime_text(moment) == "1 december 2026 kl. 14:30"
        assert l10n.join_words(["a", "b", "c"]) == "a, b och c"
    with translation.override("en"):
        assert l10n.kr(1997500000) == "SEK\u00a01,997,500,000"
        assert l10n.signed_kr(-250) == "\u2212SEK\u00a0250"
        assert l10n.signed_kr(1000) == "+SEK\u00a01,000"
        assert l10n.decimal_places(Fraction(3041247355, 100)) == "30,412,473.55"
        assert l10n.percent(Fraction(7, 8), 1) == "87.5%"
        assert l10n.date_text(date(2022, 3, 15)) == "15 March 2022"
        assert l10n.datetime_text(moment) == "1 December 2026, 14:30"
        assert l10n.month_abbreviation(5) == "May"
        assert l10n.join_words(["a", "b", "c"]) == "a, b and c"
