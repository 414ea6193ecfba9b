"""End to end in headless Chromium (issue 13 items 2 and 3): after the draft deadline a system
lead sees the plan overdue, answers a query, submits late with a reason; the regional lead
accepts the answer and the query shows as explained."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning import actions
from ltpif.web.planning.models import Membership, Plan
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMPLIANT = sorted(code for code, f in demo_assignments(load_pack()).items() if not f)
QUERY = "[data-testid=query][data-rule=demand-growth-reduced]"


@override_settings(LTPIF_TODAY="2019-09-30")  # three days after the draft deadline
def test_a_late_draft_with_an_answered_query_is_explained_in_review(browser, site):  # noqa: F811
    system = COMPLIANT[1]
    lead = Membership.objects.get(role="system_lead", system_id=system)
    plan = Plan.objects.select_related("system").get(system_id=system)
    regional = Membership.objects.get(role="regional_lead", region_id=plan.system.region_id)
    actions.update_narrative(
        plan=plan, field="demand", text="", lock_version=plan.lock_version, by=lead.user
    )

    page = _sign_in(browser, site, lead.user.username)
    page.goto(f"{site}/plans/{system}/")
    assert "3 days overdue" in page.locator("[data-testid=next-deadline]").inner_text()
    page.locator(f"{QUERY} textarea[name=explanation]").fill("Demand is held by ageing well.")
    page.click(f"{QUERY} [data-testid=save-answer]")
    assert page.locator(f"{QUERY} [data-testid=answer-status]").inner_text() == "Answered"
    _shot(page, "20-query-answered")
    page.click("[data-testid=action-submit_draft]")
    page.click("[data-testid=confirm]")  # no reason: refused, with the field marked
    assert "say why it is submitted late" in page.locator(".nhsuk-error-summary").inner_text()
    page.fill("#late_reason", "The board met on 26 September.")
    page.click("[data-testid=confirm]")
    assert "Draft submitted" in page.locator("[data-testid=status]").inner_text()
    page.goto(f"{site}/plans/{system}/versions/")
    assert (
        "The board met on 26 September."
        in page.locator("[data-testid=late]").locator("..").inner_text()
    )
    page.close()

    page = _sign_in(browser, site, regional.user.username)
    page.goto(f"{site}/plans/{system}/actions/start_review/")
    page.click("[data-testid=confirm]")
    page.click(f"{QUERY} [data-testid=accept-answer]")
    assert page.locator(f"{QUERY} [data-testid=answer-status]").inner_text() == "Explained"
    assert page.locator("[data-testid=verdict]").inner_text() == (
        "No errors or queries. 1 query explained."
    )
    _shot(page, "21-query-explained")
    page.close()
