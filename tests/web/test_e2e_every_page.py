"""Every page, as every role, in headless Chromium (issue 19 items 6 and 7): no page scrolls
sideways on a 390 px phone, and axe-core finds no serious or critical accessibility violation.
The pages are tests/request_scene.py's PAGES (so a page added there is crawled too), each
visited once per role in one shared browser; screenshots of each at 1280 and 390 px go to
build/screenshots/pages/."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import pytest

from ltpif.web.planning.models import Membership
from tests.request_scene import PAGES, POST_ONLY, scene_in
from tests.web import test_e2e_browser as e2e
from tests.web.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

browser, site = e2e.browser, e2e.site  # the shared headless Chromium and live server

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(__file__).resolve().parents[1] / "vendor/axe/axe.min.js"  # scripts/vendor_axe.sh
# Not pages: downloads, a fragment htmx polls, and a published file served as it was built
NOT_PAGES = {"plan-workbook", "publish-run-status", "publish-file", "monitoring-upload-status"}
# Pages outside PAGES (the API's own URLs): its documentation
MORE_PAGES = {"api-docs": "/api/docs"}
# What someone not signed in sees: the sign-in page, and a page not found
SIGNED_OUT_PAGES = {"sign-in": "/sign-in/", "not-found": "/no/such/page/"}
SERIOUS = ("serious", "critical")
# and, whatever axe's impact, content outside every landmark, or a page without a main one
LANDMARKS = ("region", "landmark-one-main")

# The widest thing on the page, to name in a failure: the outermost elements past its right edge
WIDE = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.right > width + 1 && getComputedStyle(e).position !== 'fixed';
  });
  const outermost = wide.filter(e => !wide.includes(e.parentElement)
    && !e.closest('.ltpif-table-scroll'));
  return {scroll: document.documentElement.scrollWidth, width,
          culprits: outermost.slice(0, 3).map(e => e.tagName.toLowerCase()
            + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
               ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))};
}"""


# Every trajectory box, focused as Tab would, comes wholly into view on the phone's screen
REACHABLE = """() => [...document.querySelectorAll(
    '[data-testid=trajectory-form] input.nhsuk-input')]
  .filter(box => { box.focus(); const r = box.getBoundingClientRect();
                   return r.left < 0 || r.right > window.innerWidth; })
  .map(box => box.name)"""

# The document as axe reads it, less what differs on every visit of the same page (the CSRF
# token): two visits drawing the same are checked once
DRAWN = """() => document.documentElement.outerHTML
  .replace(/(name="csrfmiddlewaretoken" value=")[^"]*/g, '$1')"""


def crawled_pages() -> dict[str, str]:
    """Every GET page of PAGES that is HTML drawn in the site's own layout."""
    return {
        **{
            name: url
            for name, url in PAGES.items()
            if name not in POST_ONLY
            and name not in NOT_PAGES
            and not url.endswith((".csv", ".xlsx"))
            and not name.endswith(("-csv", "-chart"))
        },
        **MORE_PAGES,
    }


def _people(system: str, region: str) -> dict[str, str]:
    """A user name for every role: the scene system's lead and partner, its regional lead."""
    return {
        "system_lead": Membership.objects.get(role="system_lead", system_id=system).user.username,
        "la_partner": Membership.objects.get(role="la_partner", system_id=system).user.username,
        "regional_lead": Membership.objects.get(
            role="regional_lead", region_id=region
        ).user.username,
        "national": "national",
        "observer": "observer",
    }


def _signed_in(browser, site, username):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{site}/")
    return context, page


def _axe(page) -> list[str]:
    """axe-core's serious and critical violations of the page, and any content outside the
    landmarks, one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through dev tools: the page's CSP does not apply
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in SERIOUS or v["id"] in LANDMARKS
    ]


def test_axe_finds_a_serious_violation_where_there_is_one(browser):
    page = browser.new_page()
    page.set_content('<html><body><main><img src="x.png"><button></button></main></body></html>')
    found = _axe(page)
    page.close()
    assert any("image-alt" in v for v in found) and any("button-name" in v for v in found)


class Crawl:
    """What the crawl found: pages wider than the phone, axe's violations, and its timings."""

    def __init__(self, shots: Path):
        self.shots = shots
        self.too_wide: list[str] = []
        self.inaccessible: list[str] = []
        self.shot: set[str] = set()
        self.checked: set[str] = set()  # the documents axe has checked, as DRAWN gives them
        self.visits = 0
        self.spent: dict[str, float] = defaultdict(float)

    def visit(self, page, url: str, name: str, who: str) -> None:
        """Open the page on the phone; check its width and run axe; photograph it the first
        time it is seen whole, at the phone's width and the desktop's."""
        started = time.perf_counter()
        response = page.goto(url)
        self.visits += 1
        self.spent["load"] += time.perf_counter() - started
        where = f"{name} {who} ({response.status})"
        width = page.evaluate(WIDE)
        if width["scroll"] > width["width"]:
            self.too_wide.append(f"{where}: {width['scroll']} px; {width['culprits']}")
        if name == "plan-commitment" and who == "as system_lead":
            unreachable = page.evaluate(REACHABLE)
            if unreachable:
                self.too_wide.append(f"{where}: cannot be reached: {unreachable}")
        started = time.perf_counter()
        drawn = page.evaluate(DRAWN)
        if drawn not in self.checked:  # the same document checked again finds the same
            self.checked.add(drawn)
            self.inaccessible.extend(f"{where}: {v}" for v in _axe(page))
        self.spent["axe"] += time.perf_counter() - started
        if response.status in (200, 404) and name not in self.shot:
            started = time.perf_counter()
            self.shot.add(name)
            page.screenshot(path=str(self.shots / f"{name}-390.png"), full_page=True)
            page.set_viewport_size(DESKTOP)
            page.screenshot(path=str(self.shots / f"{name}-1280.png"), full_page=True)
            page.set_viewport_size(PHONE)
            self.spent["screenshots"] += time.perf_counter() - started


def test_every_page_fits_a_phone_and_passes_axe_as_every_role(browser, site, tmp_path, next_pack):
    assert AXE.exists(), f"{AXE} is missing: run scripts/vendor_axe.sh"
    places = scene_in(tmp_path).places()
    pages = crawled_pages()
    crawl = Crawl(e2e.SCREENSHOTS / "pages")
    crawl.shots.mkdir(parents=True, exist_ok=True)
    for role, username in _people(places["system"], places["region"]).items():
        context, page = _signed_in(browser, site, username)
        for name, template in pages.items():
            crawl.visit(page, site + template.format(**places), name, f"as {role}")
        context.close()
    page = browser.new_page(viewport=PHONE)  # and the pages of someone not signed in
    for name, url in SIGNED_OUT_PAGES.items():
        crawl.visit(page, site + url, name, "signed out")
    page.close()
    print(
        f"crawled {len(pages)} pages x 5 roles + {len(SIGNED_OUT_PAGES)} signed out = "
        f"{crawl.visits} visits, {len(crawl.checked)} documents checked by axe;"
        f" seconds spent: {dict(crawl.spent)}"
    )
    assert not crawl.too_wide, "\n".join(crawl.too_wide)
    assert not crawl.inaccessible, "\n".join(crawl.inaccessible)


def test_the_api_docs_try_it_out_answers_when_signed_in(browser, site):
    context, page = _signed_in(browser, site, "national")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/api/docs")
    operation = page.locator(".opblock-get", has_text="/api/systems").first
    operation.locator(".opblock-summary-control").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert "E54000" in operation.locator(".live-responses-table .microlight").first.inner_text()
    found = _axe(page)
    assert found == [], "\n".join(found)  # with an operation open and answered too
    context.close()
