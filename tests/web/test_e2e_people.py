"""The invitation journey in headless Chromium: the national team invites a regional lead
(an error first, shown at the top and at the field), the invitee opens the emailed link (read
back from Django's in-memory email backend), sets a password against the validators, signs in
and works with the invited role; the link then no longer works."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from ltpif.web.planning.models import AuditEvent, Membership
from tests.web.test_e2e_browser import _shot, _sign_in, browser, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "priya.shah@example.nhs.uk"
PASSWORD = "rain on the moorland in May"


def _national_invites(chromium, base, region) -> None:
    page = _sign_in(chromium, base, "national")
    page.click("text=People")
    page.wait_for_url(f"{base}/people/")
    page.click("[data-testid=invite-someone]")
    page.fill("#email", "priya.shah at example")
    page.fill("#name", "Priya Shah")
    page.select_option("#role", "regional_lead")
    page.click("[data-testid=send-invitation]")
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter an email address in the correct format" in summary.inner_text()
    assert "Select their region" in summary.inner_text()
    assert page.locator("#email-error").is_visible() and page.locator("#region-error").is_visible()
    _shot(page, "20-invite-errors")
    page.fill("#email", EMAIL)
    page.select_option("#region", region.code)
    page.click("[data-testid=send-invitation]")
    page.wait_for_url(f"{base}/people/")
    assert f"Invitation sent to {EMAIL}" in page.locator(".ltpif-message").inner_text()
    row = page.locator(f"[data-username='{EMAIL}']")
    assert row.locator("[data-testid=account-status]").inner_text() == "Invited"
    _shot(page, "21-people")
    page.close()


def _invitee_sets_a_password_and_signs_in(chromium, base, link, region) -> None:
    invitee = chromium.new_page(viewport={"width": 1280, "height": 1000})
    invitee.goto(link)
    assert invitee.locator("[data-testid=invited-username]").inner_text() == EMAIL
    invitee.fill("#password", "priyashah")
    invitee.fill("#confirmation", "priyashah")
    invitee.click("[data-testid=set-password]")
    assert "too short" in invitee.locator(".nhsuk-error-summary").inner_text()
    _shot(invitee, "22-set-password-error")
    invitee.fill("#password", PASSWORD)
    invitee.fill("#confirmation", PASSWORD)
    invitee.click("[data-testid=set-password]")
    invitee.wait_for_url(f"{base}/sign-in/")
    assert "Your password is set" in invitee.locator(".ltpif-message").inner_text()
    invitee.fill("#id_username", EMAIL)
    invitee.fill("#id_password", PASSWORD)
    invitee.click("[data-testid=sign-in]")
    invitee.wait_for_url(f"{base}/")
    assert "Regional assurance lead" in invitee.locator(".ltpif-account").inner_text()
    response = invitee.goto(f"{base}/regions/{region.code}/")
    assert response.status == 200  # the region's dashboard: the invited role's own page
    _shot(invitee, "23-invitee-signed-in")
    response = invitee.goto(link)  # the link worked once
    assert response.status == 410
    assert "already been used" in invitee.locator("h1").inner_text()
    invitee.close()


def test_the_invitation_journey_in_the_browser(browser, site):  # noqa: F811
    region = Membership.objects.filter(role="regional_lead").order_by("region_id").first().region
    mail.outbox.clear()
    _national_invites(browser, site, region)
    [message] = mail.outbox
    assert message.to == [EMAIL]
    [link] = re.findall(r"http://\S+/invitations/[\w-]+/", message.body)
    assert link.startswith(site)
    _invitee_sets_a_password_and_signs_in(browser, site, link, region)
    actions = set(
        AuditEvent.objects.filter(plan=None, after__user=EMAIL).values_list("action", flat=True)
    )
    assert actions == {"person_invited", "invitation_accepted"}
    page = _sign_in(browser, site, "national")  # the person's page: now active, with history
    page.goto(f"{site}/people/{Membership.objects.get(user__username=EMAIL).user_id}/")
    assert page.locator("[data-testid=account-status]").inner_text() == "Active"
    assert "set a password" in page.locator("[data-testid=history]").inner_text()
    _shot(page, "24-person")
    page.close()
