"""End to end in headless Chromium: a system lead edits a trajectory and watches a finding
appear and disappear, submits; a local government partner signs off; a regional lead
requests changes, then agrees. Screenshots of each main page go to LTPIF_SCREENSHOTS."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import PASSWORD, load_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("LTPIF_SCREENSHOTS", "build/screenshots"))
COMPLIANT = sorted(code for code, f in demo_assignments(load_pack()).items() if not f)


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("LTPIF_REQUIRE_BROWSER"):
            pytest.fail(f"LTPIF_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (Debian packages chromium, chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    if not Plan.objects.exists():
        load_world()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


def _sign_in(browser, site, username):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{site}/")
    return page


def _shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_sign_in_refuses_a_wrong_password(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/sign-in/")
    page.fill("#id_username", "national")
    page.fill("#id_password", "wrong")
    page.click("[data-testid=sign-in]")
    assert page.locator(".nhsuk-error-summary").is_visible()
    _shot(page, "01-sign-in-error")


def _lead_edits_and_submits(browser, site, lead, system):
    page = _sign_in(browser, site, lead)
    _shot(page, "02-home-system-lead")
    page.goto(f"{site}/plans/{system}/commitments/adult-crisis-teams/")
    assert page.locator("[data-testid=no-findings]").is_visible()
    cell = page.locator("[name='adult-crisis-24-7-coverage__num__2020/21']")
    original = cell.input_value()
    denominator = page.locator("[name='adult-crisis-24-7-coverage__den__2020/21']").input_value()
    cell.fill(str(round(float(denominator) * 0.7)))
    page.click("[data-testid=save-trajectories]")
    finding = page.locator("[data-testid=findings] [data-rule=foundational-standards-met]")
    finding.wait_for()
    assert "2020/21" in finding.inner_text()
    assert "Not ready to submit" in page.locator("[data-testid=verdict]").inner_text()
    _shot(page, "03-commitment-finding-appears")
    page.locator("[name='adult-crisis-24-7-coverage__num__2020/21']").fill(original)
    page.click("[data-testid=save-trajectories]")
    page.locator("[data-testid=no-findings]").wait_for()
    assert page.locator("[data-testid=verdict]").inner_text() == "Ready to submit."
    _shot(page, "04-commitment-finding-gone")
    page.goto(f"{site}/plans/{system}/")
    _shot(page, "05-plan-overview")
    page.click("[data-testid=action-submit_draft]")
    page.click("[data-testid=confirm]")
    assert "Draft submitted" in page.locator("[data-testid=status]").inner_text()
    for tab in ("narrative", "infrastructure", "engagement", "maturity", "audit"):
        page.goto(f"{site}/plans/{system}/{tab}/")
        _shot(page, f"06-plan-{tab}")
    page.close()


def _partner_signs_off(browser, site, partner, system):
    page = _sign_in(browser, site, partner)
    page.goto(f"{site}/plans/{system}/engagement/")
    page.locator("[data-testid=sign-off-form] #name").fill("The county council")
    page.click("[data-testid=record-sign-off]")
    assert "The county council" in page.locator("[data-testid=sign-offs]").inner_text()
    _shot(page, "07-partner-signs-off")
    page.close()


def _regional_requests_changes(browser, site, regional, system, region):
    page = _sign_in(browser, site, regional)
    page.goto(f"{site}/regions/{region}/")
    _shot(page, "08-region-dashboard")
    page.goto(f"{site}/plans/{system}/")
    page.click("[data-testid=action-start_review]")
    page.click("[data-testid=confirm]")
    page.goto(f"{site}/plans/{system}/review/")
    page.select_option("form:has([data-testid=judge-engagement]) select", "amber")
    page.click("[data-testid=judge-engagement]")
    _shot(page, "09-assurance-review")
    page.click("[data-testid=action-request_changes]")
    page.fill("#reasons", "Add the 2021/22 workforce trajectory.")
    page.click("[data-testid=confirm]")
    assert "Changes requested" in page.locator("[data-testid=status]").inner_text()
    page.close()


def _lead_submits_final(browser, site, lead, system):
    page = _sign_in(browser, site, lead)
    page.goto(f"{site}/plans/{system}/")
    outstanding = page.locator("[data-testid=outstanding]").inner_text()
    assert "Add the 2021/22 workforce trajectory." in outstanding
    page.click("[data-testid=action-submit_final]")
    page.click("[data-testid=confirm]")
    page.close()


def _regional_agrees(browser, site, regional, system):
    page = _sign_in(browser, site, regional)
    page.goto(f"{site}/plans/{system}/actions/start_review/")
    page.click("[data-testid=confirm]")
    page.goto(f"{site}/plans/{system}/actions/agree/")
    page.fill("#reasons", "Report crisis coverage quarterly.")
    page.click("[data-testid=confirm]")
    assert "Agreed" in page.locator("[data-testid=status]").inner_text()
    _shot(page, "10-agreed")
    page.close()


def test_the_round_in_the_browser(browser, site):
    system = COMPLIANT[0]
    people = {m.role: m.user.username for m in Membership.objects.filter(system_id=system)}
    region = Plan.objects.get(system_id=system).system.region_id
    regional = Membership.objects.get(role="regional_lead", region_id=region).user.username

    _lead_edits_and_submits(browser, site, people["system_lead"], system)
    _partner_signs_off(browser, site, people["la_partner"], system)
    _regional_requests_changes(browser, site, regional, system, region)
    _lead_submits_final(browser, site, people["system_lead"], system)
    _regional_agrees(browser, site, regional, system)

    page = _sign_in(browser, site, "national")
    page.goto(f"{site}/national/")
    _shot(page, "11-national-dashboard")
    assert page.locator(f"[data-system='{system}']").inner_text().count("Agreed") == 1
    page.close()


def test_what_if_recomputes_the_national_gap_as_you_type(browser, site):
    """The national team changes one system's 2023/24 value and sees the gap move, unsaved."""
    system, metric, year = COMPLIANT[0], "pcn-additional-roles-wte", "2023/24"
    before = Plan.objects.get(system_id=system).lock_version
    page = _sign_in(browser, site, "national")
    page.goto(f"{site}/rollup/")
    _shot(page, "12-national-rollup")
    page.goto(f"{site}/rollup/ambitions/pcn-additional-roles-20000/")
    _shot(page, "13-ambition-charts")
    page.goto(f"{site}/rollup/what-if/?system={system}&metric={metric}")
    gap = page.locator(
        f"[data-ambition=pcn-additional-roles-20000] [data-year='{year}'] [data-testid=gap-after]"
    )
    field = page.locator(f"[name='values__{year}']")
    field.fill("100000")  # typing alone, no button: the result follows
    gap.wait_for()
    first = gap.inner_text()
    field.fill("0")
    page.wait_for_function(
        "([selector, old]) => { const e = document.querySelector(selector);"
        " return e && e.innerText !== old; }",
        arg=[
            f"[data-ambition=pcn-additional-roles-20000] [data-year='{year}'] "
            "[data-testid=gap-after]",
            first,
        ],
    )
    assert gap.inner_text() != first
    assert page.locator(f"[name='values__{year}']").input_value() == "0"  # not swapped away
    _shot(page, "14-what-if")
    page.close()
    assert Plan.objects.get(system_id=system).lock_version == before


def test_the_design_system_and_htmx_run_under_the_content_security_policy(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    response = page.goto(f"{site}/sign-in/")
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert directives["script-src"] == "'self'"  # the directives come in no fixed order
    page.fill("#id_username", "national")
    page.fill("#id_password", "not the password")
    page.click("[data-testid=sign-in]")
    page.locator("[data-nhsuk-error-summary-init]").wait_for()  # started by start.js
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/rollup/what-if/?system={COMPLIANT[0]}&metric=pcn-additional-roles-wte")
    assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")
    assert page.locator("[data-nhsuk-header-init]").count() == 1
    page.locator("[name='values__2023/24']").fill("100000")
    page.locator("[data-testid=gap-after]").first.wait_for()  # htmx swapped the result in
    page.close()
    assert errors == []  # among them any "Refused to execute/apply" of the policy
