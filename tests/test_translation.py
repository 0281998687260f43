"""Every string a user reads is marked for translation, and the English catalogue translates every one of them.

Swedish is the source language: the msgids are the Swedish text, and `locale/en/LC_MESSAGES/django.po` holds English.
Four checks, each failing on an untranslated string in its own way:
- a template with visible text (or a read-out attribute, or a literal label passed to an include) outside the
  translation tags;
- Python code with a Swedish literal outside a gettext call (text stored as data is marked `# i18n: stored`);
- a msgid in the code that the catalogue lacks, leaves untranslated or marks fuzzy, or a compiled catalogue that is
  older than its source;
- a translation that loses a placeholder or an HTML tag of its msgid.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

BASE = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE / "templates"
CATALOGUE = BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
APPS = ("api", "config", "eid", "grants", "portal", "regions", "reporting")
# Not read by users in the web application, or data rather than text of ours: migrations, command-line tools and the
# demo's data, the allocation engine (its Swedish explanations are the record of a run), the regions' reference names.
NOT_UI = (
    "/migrations/",
    "/management/",
    "grants/allocation/",
    "regions/reference.py",
    "regions/demo.py",
    "reporting/demo.py",
    "config/settings.py",
    "config/benchmark.py",
)
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
SWEDISH_LETTER = re.compile(r"[åäöÅÄÖ]")
READ_OUT = {"title", "alt", "placeholder", "aria-label", "aria-description"}
TRANSLATING = {"translate", "trans", "blocktranslate", "blocktrans"}


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES_DIR.rglob("*") if p.suffix in (".html", ".txt"))


def python_files() -> list[Path]:
    files = [p for app in APPS for p in (BASE / app).rglob("*.py")]
    return sorted(p for p in files if not any(part in p.as_posix() for part in NOT_UI))


# --- templates ------------------------------------------------------------------------------------------------------


class ReadOut(HTMLParser):
    """Collect the text a reader sees or hears: content, read-out attributes and button values.

    Scripts, styles and code are left out, and so is an element in another language than `language` (with no
    language given: any element that declares one). The <html> element's lang is the page's own, kept in `lang`.
    """

    SILENT = {"script", "style", "pre", "code", "samp", "kbd"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language: str | None = None):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.lang: str | None = None
        self.open: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _exempt(self) -> bool:
        return any(exempt for _tag, exempt in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
            return
        exempt = tag in self.SILENT or ("lang" in attrs and attrs["lang"] != self.language)
        if not exempt and not self._exempt():
            self.found += [value for name, value in attrs.items() if name in READ_OUT and value]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.found.append(attrs["value"])
        if tag not in self.VOID:
            self.open.append((tag, exempt))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and tag != "html":
            self.open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self._exempt() and data.strip():
            self.found.append(data.strip())


# Language rather than a name of ours: a Swedish letter or a capitalised word ("Min region", not "secondary").
WORDS = re.compile(r"[åäöÅÄÖ]|\b[A-ZÅÄÖ][a-zåäö]+")
LITERAL_ARGUMENT = re.compile(r"""\b(?:with\s+|\s)\w+=(["'])([^"']*)\1|\|(?:default|yesno):(["'])([^"']*)\3""")


def untranslated_in_template(source: str) -> list[str]:
    """Return the pieces of visible text in a template that no translation tag covers."""
    markup: list[str] = []
    problems: list[str] = []
    depth = 0  # inside {% blocktranslate %} … {% endblocktranslate %} or {% comment %} … {% endcomment %}
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(maxsplit=1)[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                depth += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                depth -= 1
            elif depth == 0 and name not in TRANSLATING:
                problems += _literal_arguments(token.contents)
            markup.append(" ")
        elif token.token_type == TokenType.VAR:
            if depth == 0:
                problems += _literal_arguments(token.contents)
            markup.append(" ")
        elif token.token_type == TokenType.TEXT and depth == 0:
            markup.append(token.contents)
    collector = ReadOut()
    collector.feed("".join(markup))
    collector.close()
    return problems + [text for text in collector.found if LETTER.search(text)]


def _literal_arguments(contents: str) -> list[str]:
    """Return literal text passed to an include (`with label="…"`) or a filter (`|default:"…"`), unless _("…")."""
    found = []
    for match in LITERAL_ARGUMENT.finditer(contents):
        value = match.group(2) if match.group(2) is not None else match.group(4)
        if value and not value.endswith((".html", ".txt")) and WORDS.search(value):
            found.append(value)
    return found


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES_DIR)))
def test_every_visible_text_in_a_template_is_marked_for_translation(path):
    assert untranslated_in_template(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<p>Spara</p>", ["Spara"]),
        ('<p>{% translate "Spara" %}</p>', []),
        ("{% blocktranslate %}Hej {{ name }}{% endblocktranslate %}", []),
        ('<a title="Till start" href="/">{% translate "Start" %}</a>', ["Till start"]),
        ('<button lang="en">English</button>', []),
        ('<html lang="{{ LANGUAGE_CODE }}"><body><p>Spara</p></body></html>', ["Spara"]),
        ("<pre>[programme]\nname = 1</pre>", []),
        ("{% comment %}Notes for developers{% endcomment %}<p>{{ value }} – {{ other }}</p>", []),
        ('{% include "x.html" with label="Min region" %}', ["Min region"]),
        ('{% include "x.html" with label=_("Min region") %}', []),
        ('{{ value|default:"Ingen uppgift" }}', ["Ingen uppgift"]),
        ('<input type="submit" value="Skicka">', ["Skicka"]),
    ],
)
def test_the_template_check_finds_what_it_looks_for(source, expected):
    assert untranslated_in_template(source) == expected


# --- Python ---------------------------------------------------------------------------------------------------------

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
}


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def untranslated_in_python(source: str) -> list[tuple[int, str]]:
    """Return (line, text) for each Swedish literal outside a gettext call, a docstring or a `# i18n: stored` line."""
    tree = ast.parse(source)
    lines = source.splitlines()
    covered: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            _called_name(node) in GETTEXT
            or (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("logger", "log", "logging"))
        ):  # fmt: skip
            covered |= {id(child) for child in ast.walk(node)}
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                covered.add(id(body[0].value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # xgettext does not look inside an f-string: a msgid there is lost
            found += [
                (call.lineno, call.args[0].value)
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and _called_name(call) in GETTEXT and call.args
                and isinstance(call.args[0], ast.Constant)
            ]  # fmt: skip
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SWEDISH_LETTER.search(node.value)
            and id(node) not in covered
        ):
            span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
            if not any("# i18n: stored" in line for line in span):
                found.append((node.lineno, node.value))
    return found


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(BASE)))
def test_every_swedish_text_in_the_code_is_marked_for_translation(path):
    assert untranslated_in_python(path.read_text(encoding="utf-8")) == []


def test_the_python_check_finds_what_it_looks_for():
    source = '''
"""Modul för något."""
from django.utils.translation import gettext as _

LABEL = "Mottagare"
ERROR = "Beloppet är för högt"


def f(amount):
    """Räkna."""
    logger.info("Körning klar")
    reason = "Ändrat av handläggare"  # i18n: stored
    return _("Beloppet %(amount)s är för högt") % {"amount": amount}, f"Totalt {amount} för år", f"{_('Källa')}"
'''
    assert untranslated_in_python(source) == [(6, "Beloppet är för högt"), (13, "Källa"), (13, " för år")]


# --- the catalogue --------------------------------------------------------------------------------------------------


def _extracted_catalogue(tmp_path: Path) -> polib.POFile:
    """Run makemessages over a copy of the code and return the catalogue it would write, nothing filled in."""
    if shutil.which("xgettext") is None:
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogue; .ci/run installs it")
        pytest.skip("GNU gettext (xgettext) is not installed")
    for item in (*APPS, "templates"):
        shutil.copytree(BASE / item, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (tmp_path / "locale").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "-e", "html,txt,py", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def _key(entry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def test_the_english_catalogue_translates_every_marked_string_and_nothing_else(tmp_path):
    extracted = {_key(entry): entry for entry in _extracted_catalogue(tmp_path)}
    committed = {_key(entry): entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    missing = sorted(msgid for context, msgid in extracted if (context, msgid) not in committed)
    stale = sorted(msgid for context, msgid in committed if (context, msgid) not in extracted)
    assert missing == [], "Strings marked for translation but not in locale/en (run makemessages, then translate)"
    assert stale == [], "Strings in locale/en that the code no longer has (run makemessages --no-obsolete)"
    untranslated = [entry.msgid for entry in committed.values() if not entry.translated()]
    assert untranslated == []
    plural_mismatch = [
        entry.msgid
        for key, entry in committed.items()
        if bool(entry.msgid_plural) != bool(extracted[key].msgid_plural)
    ]
    assert plural_mismatch == []


def test_every_translation_keeps_the_placeholders_and_tags_of_its_source():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?[a-z][a-z0-9]*")
    problems = []
    for entry in polib.pofile(str(CATALOGUE)):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        wanted = sorted(set(placeholder.findall(sources[-1])))
        for text in translations:
            if sorted(set(placeholder.findall(text))) != wanted and not (
                entry.msgid_plural and set(placeholder.findall(text)) <= set(wanted)
            ):
                problems.append((entry.msgid, text))
    assert problems == []


def test_the_compiled_catalogue_is_the_catalogue():
    """Django reads the .mo file: it must hold exactly what the .po file says (compile with compilemessages)."""
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(CATALOGUE)) if e.translated()
    }
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(COMPILED)) if e.msgid}
    assert compiled == source
