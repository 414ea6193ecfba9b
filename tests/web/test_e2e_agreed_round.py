"""End to end in headless Chromium (issue 13): the whole round from a draft to an agreed final
plan to the national implementation plan published from the agreed plans, with the emails the
round sent read back from the file backend (as the demo writes them).

A system lead asks the partners to sign off; a partner signs; the lead submits the draft; the
region asks for changes; the lead submits the final plan; the region agrees; the national team
checks the systems not yet agreed, chooses to publish agreed plans only, and the stamp of the
run lists the plan as agreed at its version."""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from ltpif.web.planning.models import Membership, Plan, PlanVersion
from ltpif.web.publishing.models import PublicationRun
from tests.web.test_e2e_browser import (  # noqa: F401 (fixtures)
    COMPLIANT,
    _lead_submits_final,
    _partner_signs_off,
    _regional_agrees,
    _regional_requests_changes,
    _shot,
    _sign_in,
    browser,
    site,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between the messages the file backend writes


def _emails(folder: Path) -> list:
    """Every email the file backend wrote: (to, subject, body)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                message = message_from_bytes(raw.strip() + b"\n", policy=default)
                found.append((message["To"], message["Subject"], message.get_content()))
    return found


def _lead_asks_and_submits_the_draft(browser, site, lead, system):  # noqa: F811
    page = _sign_in(browser, site, lead)
    page.goto(f"{site}/plans/{system}/engagement/")
    page.fill("[data-testid=ask-partners] #note", "Before the board meets, please.")
    page.click("[data-testid=ask-partners-button]")
    assert "The partners have been asked to sign off." in page.content()
    _shot(page, "30-sign-off-asked")
    page.close()


def _submit_draft(browser, site, lead, system):  # noqa: F811
    page = _sign_in(browser, site, lead)
    page.goto(f"{site}/plans/{system}/")
    page.click("[data-testid=action-submit_draft]")
    page.click("[data-testid=confirm]")
    assert "Draft submitted" in page.locator("[data-testid=status]").inner_text()
    page.close()


def _national_publishes(browser, site, system):  # noqa: F811
    page = _sign_in(browser, site, "national")
    page.goto(f"{site}/publish/")
    page.uncheck("#pdf")
    page.click("[data-testid=publish]")
    assert "1 of 42 systems have an agreed final plan" in page.inner_text(
        "[data-testid=agreed-count]"
    )
    assert page.locator("[data-testid=not-agreed] tbody tr").count() == 41
    assert page.locator(f"[data-testid=not-agreed] [data-system='{system}']").count() == 0
    page.click("[data-testid=confirm-publish]")  # no choice made: refused at the field
    assert "Choose what the publication shows" in page.inner_text(".nhsuk-error-summary")
    _shot(page, "31-publish-confirm")
    page.check("#missing-omit")
    page.click("[data-testid=confirm-publish]")
    page.locator("[data-testid=run-status][data-status=done]").wait_for(timeout=180_000)
    assert "1 agreed" in page.inner_text("[data-testid=run-standing]")
    _shot(page, "32-published")
    page.close()


def test_from_a_draft_to_the_published_agreed_plan_with_its_emails(
    browser,  # noqa: F811
    site,  # noqa: F811
    settings,
    tmp_path,
):
    settings.DATA_DIR = tmp_path
    mail_dir = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    system = COMPLIANT[2]
    people = {m.role: m.user for m in Membership.objects.filter(system_id=system)}
    plan = Plan.objects.select_related("system").get(system_id=system)
    region = plan.system.region_id
    regional = Membership.objects.get(role="regional_lead", region_id=region).user

    _lead_asks_and_submits_the_draft(browser, site, people["system_lead"].username, system)
    _partner_signs_off(browser, site, people["la_partner"].username, system)
    _submit_draft(browser, site, people["system_lead"].username, system)
    _regional_requests_changes(browser, site, regional.username, system, region)
    _lead_submits_final(browser, site, people["system_lead"].username, system)
    _regional_agrees(browser, site, regional.username, system)
    _national_publishes(browser, site, system)

    final = PlanVersion.objects.filter(plan=plan, kind="final").latest("number")
    run = PublicationRun.objects.get()
    stamp = json.loads((Path(run.folder) / "stamp.json").read_text())
    [entry] = stamp["plans"]
    assert (entry["system"], entry["status"], entry["version"]) == (system, "agreed", final.number)
    assert entry["sha256"] == final.sha256
    assert len(stamp["left_out"]) == 41

    emails = _emails(mail_dir)
    name = plan.system.name
    expected = [  # (who, subject), in the order the round sent them
        (people["la_partner"].email, f"{name}: your sign-off is asked for"),
        (regional.email, f"{name}: draft plan submitted"),
        (people["system_lead"].email, f"{name}: the region asks for changes"),
        (regional.email, f"{name}: final plan submitted"),
        (people["system_lead"].email, f"{name}: plan agreed"),
    ]
    seen = [(to, subject) for to, subject, _ in emails]
    for item in expected:
        assert item in seen, (item, seen)
    assert [seen.index(item) for item in expected] == sorted(seen.index(i) for i in expected)
    bodies = {subject: body for _, subject, body in emails}
    assert "“Before the board meets, please.”" in bodies[f"{name}: your sign-off is asked for"]
    assert "Add the 2021/22 workforce trajectory." in bodies[f"{name}: the region asks for changes"]
    assert "Report crisis coverage quarterly." in bodies[f"{name}: plan agreed"]
