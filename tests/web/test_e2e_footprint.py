"""End to end in headless Chromium (issue 16 item 3): after the notice date a system lead
notifies a footprint change (late, with its reason) to a system of another region; that
region agrees; the system's region approves it from 1 April 2020, and the organisation page
shows the change."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import Membership, Plan
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@override_settings(LTPIF_TODAY="2019-08-15")  # after the notice date, 31 July 2019
def test_a_late_notice_agreed_by_the_other_region_and_approved(browser, site):  # noqa: F811
    lead = Membership.objects.filter(role="system_lead").order_by("system_id").first()
    own = lead.system
    other = Plan.objects.exclude(system__region=own.region).select_related("system").first().system
    regional = Membership.objects.get(role="regional_lead", region_id=own.region_id)
    theirs = Membership.objects.get(role="regional_lead", region_id=other.region_id)
    ccg = Organisation.objects.create(type="ccg", code="E2E01", name="Borderland CCG")
    Footprint.objects.create(organisation=ccg, system=own, share=1.0)

    page = _sign_in(browser, site, lead.user.username)
    page.goto(f"{site}/systems/{own.code}/footprint-notices/")
    assert page.locator("[data-testid=late-warning]").is_visible()
    page.select_option("#organisations", str(ccg.pk))
    page.select_option("#receiving", other.code)
    page.fill("#reason", "Its patients flow to the neighbouring hospitals.")
    page.fill("#evidence", "Both governing bodies agreed on 5 August 2019.")
    page.click("[data-testid=notify-submit]")  # no reason for lateness: refused at the field
    assert "enter why this notice is late" in page.locator(".nhsuk-error-summary").inner_text()
    page.select_option("#organisations", str(ccg.pk))
    page.fill("#late_reason", "The governing bodies met after the date.")
    page.click("[data-testid=notify-submit]")
    status = page.locator("[data-testid=status]")
    assert status.inner_text() == "Awaiting another region's agreement"
    url = page.url
    _shot(page, "30-footprint-notice")
    page.close()

    page = _sign_in(browser, site, theirs.user.username)
    page.goto(url)
    page.select_option("#answer", "agreed")
    page.click("[data-testid=agree-submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Awaiting the region's decision"
    page.close()

    page = _sign_in(browser, site, regional.user.username)
    page.goto(url)
    page.select_option("#decision", "approve")
    page.fill("#effective", "1")
    page.fill("#effective-month", "4")
    page.fill("#effective-year", "2020")
    page.click("[data-testid=decide-submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Approved from 1 April 2020"
    page.goto(f"{site}/systems/{own.code}/organisations/")
    moves = page.locator("[data-testid=footprint-moves]").inner_text()
    assert "Borderland CCG" in moves and other.name in moves
    _shot(page, "31-footprint-approved")
    page.close()
