"""Every page each kind of user can reach fits the screen and passes axe-core, at 1 280 and at 375 px.

Signed in as each demo user kind, the crawl follows same-origin links (GET only) from the landing page, visiting
one URL per URL pattern (digits replaced by a placeholder, query ignored) so that it stays small. On every page, at
both widths: status 200, no horizontal page overflow (the widest offender is named), no English framework text and
no internal words; a run comparison at most a few screens long; axe-core's WCAG 2.1 A/AA rules at both widths for
one staff and one regional user, at 1 280 px for the others (axe runs once per page structure and width: another
programme's copy of a page, or the same page for another user of the same kind, is not checked twice). Problems
are collected over the whole crawl and reported together. A second tab loads the next page while one is checked.
"""

import re
import time
from collections import deque
from urllib.parse import urlsplit

import pytest

from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlösenord-123"
WIDE, NARROW = 1280, 375
# (username, axe at 375 px too, start pages that no link reaches in the demo's state)
USERS = [
    ("hanna", True, []),
    ("attestant", False, []),
    ("ombud-jamtland", True, []),
    ("data-jamtland", False, []),
    ("skr", False, []),
    # Gotland's survey closed before the programme was closed, so its locked form is reached by address only.
    ("ombud-gotland", False, ["/region/09/enkat/{survey}/"]),
]
SKIP = re.compile(
    r"/admin/|/api/v1/|/saml2/|/logga-ut|/logout|/i18n/|/static/|/media/|\.(xlsx|ics|csv|pdf|zip|toml)$|[?&]export="
)
# Pages that list every region and part must stay short at 1 280 px: a run comparison folds its regions.
HEIGHT_LIMITS = {"/jamforelse/": 4000}
ENGLISH = ("Forbidden", "Not Found", "This field is required", "Enter a valid", "Submitted by", "---------")
INTERNAL = re.compile(r"seed", re.IGNORECASE)

# The element that sticks out furthest past the right edge of the viewport and is not clipped by a scrolling
# ancestor (an absolutely positioned element is clipped only by ancestors of its containing block).
OVERFLOW_JS = """() => {
  const w = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= w + 1) return null;
  const containingBlock = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return null;
    if (position !== 'absolute') return el.parentElement;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).position !== 'static') return p;
    }
    return document.documentElement;
  };
  const clipped = (el) => {
    const block = containingBlock(el);
    if (block === null) return true;
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && p.contains(block)
          && p.getBoundingClientRect().right <= w + 1) return true;
    }
    return false;
  };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    const classes = typeof el.className === 'string' ? el.className.trim() : '';
    if (classes) name += '.' + classes.split(/\\s+/).join('.');
    return name;
  };
  let worst = null;
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    const style = getComputedStyle(el);
    const right = style.overflowX === 'visible' ? Math.max(box.right, box.left + el.scrollWidth) : box.right;
    if (right <= w + 1 || clipped(el)) continue;
    if (!worst || right > worst.right + 0.5 || (Math.abs(right - worst.right) <= 0.5 && worst.el.contains(el))) {
      worst = {el, right};
    }
  }
  if (!worst) return {scrollWidth, element: '?', right: scrollWidth, text: ''};
  const path = [];
  for (let p = worst.el; p && p !== document.body && path.length < 4; p = p.parentElement) path.unshift(describe(p));
  return {scrollWidth, element: path.join(' > '), right: Math.round(worst.right),
          text: (worst.el.innerText || worst.el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60)};
}"""


@pytest.fixture
def demo_users(demo_data):
    from django.contrib.auth import get_user_model

    from reporting.models import Survey

    StaffFactory(username="hanna", first_name="Hanna", last_name="Handläggare")
    users = get_user_model().objects
    for username, *_ in USERS:
        user = users.get(username=username)
        user.set_password(PASSWORD)
        user.save()
    return {"survey": Survey.objects.get().pk}


def _pattern(url: str) -> str:
    return re.sub(r"\d+", "#", urlsplit(url).path)


# What axe judges on a page: its headings, forms, controls, tables, disclosures, badges and alerts. A page whose
# structure axe has already checked at that width (another programme's copy of the page, the same page for
# another user) is not checked again; a role that sees a form where another saw a receipt is.
STRUCTURE_JS = """() => [...document.querySelectorAll(
  'main :is(h1, h2, h3, h4, form, fieldset, label, input, select, textarea, button, table, details, [role], .badge,'
  + ' .ds-alert, .example-data)'
)].map(el => [el.tagName, el.type || '', el.disabled ? 'disabled' : '', el.className].join(':')).join('|')"""
AXE_RUN_JS = """options => axe.run(document, options).then(results => results.violations.map(v =>
  `axe ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')})`))"""
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}, "resultTypes": ["violations"]}


class Axe:
    """Run axe-core (the copy axe_playwright_python ships) once per page structure and width; time it."""

    def __init__(self):
        from axe_playwright_python.base import AXE_SCRIPT

        self.script, self.checked, self.runs, self.seconds = AXE_SCRIPT, set(), 0, 0.0

    def violations(self, page, width) -> list[str]:
        key = (width, page.evaluate(STRUCTURE_JS))
        if key in self.checked:
            return []
        self.checked.add(key)
        started = time.monotonic()
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self.script)
        found = page.evaluate(AXE_RUN_JS, AXE_OPTIONS)
        self.runs += 1
        self.seconds += time.monotonic() - started
        return found


def _check_page(page, axe, *, width, axe_widths, max_height=None) -> list[str]:
    """Return what is wrong with the loaded page at both widths, starting with the one it was loaded at."""
    text = page.evaluate("document.title + '\\n' + document.body.innerText")
    problems = [f"English text {word!r}" for word in ENGLISH if word in text]
    problems += [f"internal word {match!r}" for match in sorted(set(INTERNAL.findall(text)))]
    for current in (width, NARROW if width == WIDE else WIDE):
        if current != width:
            page.set_viewport_size({"width": current, "height": 900})
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow:
            problems.append(
                f"{current} px: page is {overflow['scrollWidth']} px wide; widest: {overflow['element']} "
                f"reaching {overflow['right']} px ({overflow['text']!r})"
            )
        if current == WIDE and max_height:
            height = page.evaluate("document.documentElement.scrollHeight")
            if height > max_height:
                problems.append(f"{current} px: page is {height} px long (at most {max_height})")
        if current in axe_widths:
            problems += [f"{current} px: {item}" for item in axe.violations(page, current)]
    return problems


class Tab:
    """A browser tab that loads a page while the crawler checks the page in the other tab.

    The server renders the next page and the browser lays it out while axe runs on the current one, which keeps
    the crawl short on a machine with two cores. Only the tab being loaded talks to the server.
    """

    def __init__(self, context):
        self.page = context.new_page()
        self.status, self.loaded = None, False
        self.page.on("response", self._response)
        self.page.on("load", self._load)

    def _response(self, response):
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.status = response.status  # after a redirect, the page's own status

    def _load(self, _page):
        self.loaded = True

    def start(self, url):
        self.url, self.status, self.loaded = url, None, False
        self.page.evaluate("url => { window.location.href = url; }", url)

    def finish(self) -> int | None:
        if not self.loaded:
            self.page.wait_for_event("load")
        return self.status


def _crawl(context, live_server, username, axe, *, axe_widths, extra) -> tuple[list[str], int]:
    """Sign in and walk every link, one URL per pattern; return the problems and how many patterns were seen."""
    tabs = [Tab(context), Tab(context)]
    page = tabs[0].page
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert "/logga-in/" not in page.url, f"{username} could not sign in"
    queue = deque([page.url] + [live_server.url + path for path in extra])
    seen = {_pattern(url) for url in queue}
    problems = []
    tab = tabs[0]
    tab.start(queue.popleft())
    while tab:
        status = tab.finish()
        page, path = tab.page, tab.url.removeprefix(live_server.url)
        if status == 200:
            for href in page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)"):
                href = href.split("#")[0]
                if href.startswith(live_server.url + "/") and not SKIP.search(href) and _pattern(href) not in seen:
                    seen.add(_pattern(href))
                    queue.append(href)
        following = None
        if queue:
            following = tabs[1] if tab is tabs[0] else tabs[0]
            following.start(queue.popleft())
        if status != 200:
            problems.append(f"{username} {path}: status {status}")
        else:
            # Each page is checked at the width it was loaded at first, then at the other: one resize per page.
            limit = next((height for part, height in HEIGHT_LIMITS.items() if part in path), None)
            found = _check_page(page, axe, width=page.viewport_size["width"], axe_widths=axe_widths, max_height=limit)
            problems += [f"{username} {path}: {item}" for item in found]
        tab = following
    for tab in tabs:
        tab.page.close()
    return problems, len(seen)


def test_every_reachable_page_fits_at_1280_and_375_px_and_passes_axe(browser, live_server, demo_users):
    started = time.monotonic()
    problems, visited, axe = [], {}, Axe()
    for username, axe_narrow, extra in USERS:
        context = browser.new_context(viewport={"width": WIDE, "height": 900}, locale="sv-SE")
        found, visited[username] = _crawl(
            context,
            live_server,
            username,
            axe,
            axe_widths={WIDE, NARROW} if axe_narrow else {WIDE},
            extra=[path.format(**demo_users) for path in extra],
        )
        problems += found
        context.close()
    seconds = time.monotonic() - started
    print(f"crawl: {visited} URL patterns in {seconds:.0f} s, of which {axe.runs} axe runs {axe.seconds:.0f} s")
    # Sanity: the crawl really walked the service (the back office, the performance pages, the portal).
    assert visited["hanna"] >= 30 and visited["ombud-jamtland"] >= 15 and visited["skr"] >= 5, visited
    assert problems == [], "\n".join(problems)


def test_overflow_check_names_the_element_that_widens_the_page(page):
    """The check itself: a table scrolling in its wrapper passes; hidden text placed outside the wrapper fails."""
    page.set_content(
        '<html><body><main style="position:relative">'
        '<div style="overflow-x:auto"><table style="width:3000px"><tr><td>bred</td></tr></table></div>'
        '<div id="wrap" style="overflow-x:auto"><p style="width:2000px;text-align:right">slut<span id="hidden" '
        'style="position:absolute;width:1px;height:1px;overflow:hidden">dold text</span></p></div>'
        "</main></body></html>"
    )
    found = _check_page(page, Axe(), width=WIDE, axe_widths=set())
    assert len(found) == 2 and all("span#hidden" in item for item in found), found
    page.evaluate("document.getElementById('wrap').style.position = 'relative'")
    page.set_viewport_size({"width": WIDE, "height": 900})
    assert _check_page(page, Axe(), width=WIDE, axe_widths=set()) == []
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<pre>' + 'x'.repeat(400) + '</pre>')"
    )
    found = _check_page(page, Axe(), width=WIDE, axe_widths=set())
    assert found and "main > pre" in found[0], found
