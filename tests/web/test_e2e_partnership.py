"""End to end in headless Chromium (issue 15 item 4): a board's partner records a priority of
its joint health and wellbeing strategy (a wrong date first, refused at the field); the system
lead links a commitment to it; the partner reads the coverage on the sign-off page and signs."""

from __future__ import annotations

import pytest

from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.people.models import Person
from ltpif.web.planning.models import Membership, Plan
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401 (fixtures)
from tests.web.test_workflow_and_editing import COMPLIANT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_partner_records_the_lead_links_the_partner_reads_and_signs(browser, site):  # noqa: F811
    system = COMPLIANT[4]
    board = Organisation.objects.create(
        type="local_authority", code="E06000095", name="Journeyshire"
    )
    Footprint.objects.create(organisation=board, system_id=system)
    partner = Membership.objects.get(role="la_partner", system_id=system)
    Person.objects.update_or_create(
        user=partner.user, defaults={"name": "A partner", "organisation_code": board.code}
    )
    lead = Membership.objects.get(role="system_lead", system_id=system)

    page = _sign_in(browser, site, partner.user.username)
    page.goto(f"{site}/systems/{system}/partnership/")
    page.check("#kind-priority")
    page.fill("#title", "Healthy homes")
    page.fill("#source", "Journeyshire joint health and wellbeing strategy 2019")
    page.fill("#dated", "31")
    page.fill("#dated-month", "2")
    page.fill("#dated-year", "2019")
    page.click("[data-testid=save-strategy-item]")
    summary = page.locator(".nhsuk-error-summary").inner_text()
    assert "must be a real date" in summary
    assert page.locator("#dated-error").is_visible()
    assert page.input_value("#title") == "Healthy homes"  # what was typed is kept
    page.fill("#dated", "27")
    page.fill("#dated-month", "3")
    page.click("[data-testid=save-strategy-item]")
    assert "Healthy homes" in page.locator("[data-testid=strategy-items]").inner_text()
    assert "0 of 1" in page.locator("[data-testid=coverage]").inner_text()
    _shot(page, "40-partnership-recorded")
    page.close()

    page = _sign_in(browser, site, lead.user.username)
    page.goto(f"{site}/plans/{system}/strategy-links/")
    page.select_option("#priority", f"{board.code}:healthy-homes")
    page.select_option("#builds", "commitment:smoking-cessation")
    page.click("[data-testid=save-strategy-link]")
    assert "Healthy homes" in page.locator("[data-testid=strategy-links]").inner_text()
    assert "100.0%" in page.locator("[data-testid=coverage-share]").inner_text()
    _shot(page, "41-partnership-linked")
    page.close()

    page = _sign_in(browser, site, partner.user.username)
    page.goto(f"{site}/plans/{system}/engagement/")
    coverage = page.locator("[data-testid=coverage]")
    assert "Journeyshire" in coverage.inner_text() and "1 of 1" in coverage.inner_text()
    # the coverage comes before the form the partner signs with
    assert (
        coverage.bounding_box()["y"]
        < page.locator("[data-testid=sign-off-form]").bounding_box()["y"]
    )
    page.select_option("#so-partner", "health-and-wellbeing-board")
    page.click("[data-testid=record-sign-off]")
    rows = page.locator("[data-testid=sign-off-row]").all_inner_texts()
    assert any("Journeyshire" in row and "signed" in row for row in rows)
    _shot(page, "42-partnership-signed")
    page.close()
    signed = Plan.objects.get(system_id=system).working["sign_offs"]
    assert any(
        s["partner"] == "health-and-wellbeing-board" and s["name"] == "Journeyshire" for s in signed
    )
