"""End to end in headless Chromium (issue 16 item 4): a system lead proposes a merger of two
trusts into a new one (first into itself, refused at the field); the region records the
checklist, which puts it on the fast track; the region approves it from 1 April 2020, and the
organisation page lists the new trust in the old ones' place from that date."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import Membership
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CRITERIA = ("local-agreement", "in-the-plan", "financial-effect", "one-system", "patient-benefit")


def _date(page, name: str) -> None:
    """1 April 2020 in an NHS date input."""
    for part, value in (("day", "1"), ("month", "4"), ("year", "2020")):
        page.fill(f"#{name}" if part == "day" else f"#{name}-{part}", value)  # as ui.date_input


@override_settings(LTPIF_TODAY="2019-07-01")
def test_a_merger_proposed_assessed_on_the_fast_track_and_approved(browser, site):  # noqa: F811
    lead = Membership.objects.filter(role="system_lead").order_by("system_id").first()
    own = lead.system
    regional = Membership.objects.get(role="regional_lead", region_id=own.region_id)
    trusts = []
    for code, name in (("E2EA", "Northfield Trust"), ("E2EB", "Southfield Trust")):
        trust = Organisation.objects.create(type="trust", code=code, name=name)
        Footprint.objects.create(organisation=trust, system=own, share=1.0)
        trusts.append(trust)

    page = _sign_in(browser, site, lead.user.username)
    page.goto(f"{site}/systems/{own.code}/landscape-changes/")
    page.select_option("#kind", "merger")
    page.select_option("#organisations", [str(t.pk) for t in trusts])
    page.fill("#successor", "E2EA")  # into one of those merging: refused at the field
    page.fill("#reason", "One site, one board, one workforce.")
    _date(page, "intended")
    page.click("[data-testid=propose-submit]")
    assert "cannot merge into itself" in page.locator(".nhsuk-error-summary").inner_text()
    assert "cannot merge into itself" in page.locator("#successor-error").inner_text()
    page.select_option("#organisations", [str(t.pk) for t in trusts])
    page.fill("#successor", "E2EC")
    page.fill("#successor_name", "Fieldside Trust")
    page.click("[data-testid=propose-submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Awaiting the region's checklist"
    assert "29 September 2019" in page.locator("[data-testid=timetable]").inner_text()
    url = page.url
    _shot(page, "32-landscape-proposed")
    page.close()

    page = _sign_in(browser, site, regional.user.username)
    page.goto(url)
    for criterion in CRITERIA:
        page.check(f"#criterion-{criterion}-met")
    page.click("[data-testid=checklist-submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Awaiting the region's decision"
    timetable = page.locator("[data-testid=timetable]").inner_text()
    assert timetable.startswith("Fast track: decision due by 31 July 2019")
    page.select_option("#decision", "approve")
    _date(page, "effective")
    page.click("[data-testid=decide-submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Approved from 1 April 2020"
    _shot(page, "33-landscape-approved")
    page.close()

    with override_settings(LTPIF_TODAY="2020-04-01"):
        page = _sign_in(browser, site, lead.user.username)
        page.goto(f"{site}/systems/{own.code}/organisations/")
        listed = page.locator("[data-testid=organisations-trust]").inner_text()
        assert "Fieldside Trust" in listed and "Northfield Trust" not in listed
        assert "Northfield Trust" in page.locator("[data-testid=successions]").inner_text()
        _shot(page, "34-landscape-organisations")
        page.close()
