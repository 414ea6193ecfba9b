"""End to end in headless Chromium (issue 16 item 5): the national team sets a targeted line's
envelope, a system lead applies, the regional lead is told the award is above what remains,
then awards in part with a reason; the award shows on the plan's finance page."""

from __future__ import annotations

import pytest

from ltpif.web.planning.models import Membership
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINE = "smoking-cessation-funding"


def test_application_to_award(browser, site):  # noqa: F811  (the fixtures imported above)
    lead = Membership.objects.filter(role="system_lead").select_related("system").first()
    system = lead.system
    regional = Membership.objects.get(role="regional_lead", region=system.region_id)

    page = _sign_in(browser, site, "national")
    page.goto(f"{site}/funding/")
    page.fill(f"[id='amount__{LINE}']", "3")
    page.locator(f"tr[data-line={LINE}] button").click()
    assert "£3m" in page.locator(f"tr[data-line={LINE}]").inner_text()
    _shot(page, "funding-01-envelope-set")
    page.close()

    page = _sign_in(browser, site, lead.user.username)
    page.goto(f"{site}/plans/{system.code}/funding/")
    page.select_option("#line", LINE)
    page.select_option("#applicant", "system")
    page.fill("[id='amount__2020/21']", "2")
    page.fill("[id='amount__2021/22']", "2")
    page.fill("#purpose", "A stop-smoking service in maternity.")
    page.click("[data-testid=apply]")
    page.locator("[data-testid=application]").wait_for()
    application_url = page.url
    assert "Submitted" in page.locator("[data-testid=decision]").inner_text()
    _shot(page, "funding-02-applied")
    page.close()

    page = _sign_in(browser, site, regional.user.username)
    page.goto(application_url)
    page.fill("#award", "4")
    page.click("[data-testid=decide]")
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert "Only £3m remains" in page.locator("#award-error").inner_text()
    _shot(page, "funding-03-above-the-envelope")
    page.fill("#award", "3")
    page.fill("#reason", "The whole of what remains.")
    page.click("[data-testid=decide]")
    assert "Awarded in part: £3m" in page.locator("[data-testid=decision]").inner_text()
    assert "£0m remains" in page.locator("[data-testid=envelope]").inner_text()
    _shot(page, "funding-04-awarded")
    page.close()

    page = _sign_in(browser, site, lead.user.username)
    page.goto(f"{site}/plans/{system.code}/infrastructure/")
    assert "£3m" in page.locator("[data-testid=funding-awards]").inner_text()
    page.close()
