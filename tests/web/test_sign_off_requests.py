"""A system lead asks the partners to sign off (issue 13 item 5's "sign-off requested"): every
partner user of the system is told in the app and by email, with the version and the note;
nobody else may ask, an agreed plan is not asked about, a system with no partner says so."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from ltpif.web.notifications.models import Notification
from ltpif.web.planning.models import AuditEvent, Membership, Plan
from ltpif.web.signoffs.actions import signing_fields
from tests.web.conftest import FORBIDDEN, SIGN_IN, client_for

ASK = "/plans/{system}/sign-offs/ask/"
# the permission matrix's row: (own system, a system elsewhere)
EXPECTED = {
    "lead": (302, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize("who", EXPECTED)
def test_permission_matrix(scene, who):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), EXPECTED[who], strict=True):
        response = client.post(ASK.format(system=target.code), {"note": ""})
        assert response.status_code == status, (who, target.code)
    asked = AuditEvent.objects.filter(action="request_sign_off").count()
    assert asked == (1 if who == "lead" else 0)


def test_the_partners_are_told_with_the_version_and_note(scene, django_capture_on_commit_callbacks):
    own, _, members = scene
    partners = set(
        Membership.objects.filter(role="la_partner", system=own).values_list("user_id", flat=True)
    )
    assert partners
    version = signing_fields(Plan.objects.get(system=own))["version"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(members["lead"]).post(
            ASK.format(system=own.code), {"note": "Before the board on Friday, please."}
        )
    assert response.status_code == 302
    told = Notification.objects.filter(kind="sign_off_requested")
    assert set(told.values_list("user_id", flat=True)) == partners
    note = told.first()
    assert note.subject == f"{own.name}: your sign-off is asked for"
    assert f"as it stands (version {version})" in note.body
    assert "“Before the board on Friday, please.”" in note.body
    assert note.link == f"/plans/{own.code}/engagement/"
    emails = [m for m in mail.outbox if "sign-off is asked for" in m.subject]
    assert len(emails) == len(partners)
    assert f"/plans/{own.code}/engagement/" in emails[0].body
    [event] = AuditEvent.objects.filter(action="request_sign_off")
    assert event.after == {
        "version": int(version),
        "note": "Before the board on Friday, please.",
        "people": len(partners),
    }
    page = client_for(members["lead"]).get(f"/plans/{own.code}/engagement/").content.decode()
    assert 'data-testid="ask-partners"' in page
    partner_page = client_for(members["partner"]).get(f"/plans/{own.code}/engagement/")
    assert 'data-testid="ask-partners"' not in partner_page.content.decode()


def test_an_agreed_plan_is_not_asked_about(scene):
    own, _, members = scene
    Plan.objects.filter(system=own).update(status="agreed")
    response = client_for(members["lead"]).post(ASK.format(system=own.code), {"note": ""})
    assert response.status_code == 400
    assert "The plan is agreed" in response.content.decode()
    assert not Notification.objects.filter(kind="sign_off_requested").exists()
    page = client_for(members["lead"]).get(f"/plans/{own.code}/engagement/").content.decode()
    assert 'data-testid="ask-partners"' not in page


def test_a_system_with_no_partner_account_is_told_so(scene):
    own, _, members = scene
    Membership.objects.filter(role="la_partner", system=own).update(role="observer", system=None)
    response = client_for(members["lead"]).post(ASK.format(system=own.code), {"note": ""})
    assert response.status_code == 400
    assert "No partner of this system has an account yet" in response.content.decode()
    assert not AuditEvent.objects.filter(action="request_sign_off").exists()


def test_a_note_too_long_is_refused_at_the_field(scene):
    own, _, members = scene
    response = client_for(members["lead"]).post(ASK.format(system=own.code), {"note": "x" * 1001})
    assert response.status_code == 400
    assert "1000 characters or fewer" in response.content.decode()
    assert not Notification.objects.filter(kind="sign_off_requested").exists()
