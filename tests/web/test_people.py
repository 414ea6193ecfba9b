"""People: who sees and changes whose account (a permission matrix), the invitation journey
through the test client (invite → email → set password → sign in with the role), links that
no longer work, and an audit event for every change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from ltpif.web.people.models import Invitation, Person
from ltpif.web.planning.models import AuditEvent, Membership
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, api_headers, client_for

NOT_FOUND, BAD_FORM, GONE, CONFLICT, MOVED = 404, 400, 410, 409, 302

# The scene (tests/web/conftest.py): the lead of system S (own), a system of another region
# (other), and S's partner and regional lead. {partner}: S's or other's partner; {regional}:
# S's region's or another region's regional lead.
URLS = {
    "people": "/people/",
    "invite": "/people/invite/",
    "partner": "/people/{partner}/",
    "partner-deactivate": "/people/{partner}/deactivate/",
    "regional": "/people/{regional}/",
    "regional-deactivate": "/people/{regional}/deactivate/",
    "invitation": "/invitations/not-a-token-we-sent/",
}
MANAGERS = ("lead", "regional", "national")
BOTH = {"people", "invite", "invitation"}  # the same page for either side
EXPECTED = {
    "lead": {
        "partner": (OK, FORBIDDEN),
        "partner-deactivate": (OK, FORBIDDEN),
        "regional": (FORBIDDEN, FORBIDDEN),
        "regional-deactivate": (FORBIDDEN, FORBIDDEN),
    },
    "partner": dict.fromkeys(
        ("partner", "partner-deactivate", "regional", "regional-deactivate"), (FORBIDDEN,) * 2
    ),
    "regional": {
        "partner": (OK, FORBIDDEN),
        "partner-deactivate": (OK, FORBIDDEN),
        "regional": (FORBIDDEN, FORBIDDEN),
        "regional-deactivate": (FORBIDDEN, FORBIDDEN),
    },
    "national": {
        "partner": (FORBIDDEN, FORBIDDEN),
        "partner-deactivate": (FORBIDDEN, FORBIDDEN),
        "regional": (OK, OK),
        "regional-deactivate": (OK, OK),
    },
    "observer": dict.fromkeys(
        ("partner", "partner-deactivate", "regional", "regional-deactivate"), (FORBIDDEN,) * 2
    ),
}
for who, rows in EXPECTED.items():
    allowed = OK if who in MANAGERS else FORBIDDEN
    rows |= {"people": (allowed,) * 2, "invite": (allowed,) * 2, "invitation": (NOT_FOUND,) * 2}
EXPECTED["anonymous"] = {
    name: (NOT_FOUND,) * 2 if name == "invitation" else (SIGN_IN,) * 2 for name in URLS
}
CASES = [(who, name) for who in EXPECTED for name in URLS]


def _people(scene) -> tuple[dict, dict]:
    """Each side's partner and regional lead, by user id."""
    _, other, members = scene
    partners = [members["partner"], Membership.objects.get(role="la_partner", system=other)]
    regionals = [
        members["regional"],
        Membership.objects.get(role="regional_lead", region=other.region),
    ]
    return (
        {"partner": partners[0].user_id, "regional": regionals[0].user_id},
        {"partner": partners[1].user_id, "regional": regionals[1].user_id},
    )


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{n}" for w, n in CASES])
def test_pages(scene, who, name):
    _, _, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for side, status in zip(_people(scene), EXPECTED[who][name], strict=True):
        url = URLS[name].format(**side)
        response = client.get(url)
        assert response.status_code == status, f"{who} GET {url}"
        if status == SIGN_IN:
            assert response["Location"].startswith("/sign-in/")


# Forms posted: changing a partner's role with an empty form (a manager is told what it
# lacks), resending to a partner who has a password (a manager is told it cannot be done
# now), deactivating the partner (done). Nothing changes for anyone refused.
POSTS = {
    "partner": "/people/{partner}/",
    "partner-resend": "/people/{partner}/resend/",
    "partner-deactivate": "/people/{partner}/deactivate/",
}
POST_EXPECTED = {
    "lead": {
        "partner": (BAD_FORM, FORBIDDEN),
        "partner-resend": (CONFLICT, FORBIDDEN),
        "partner-deactivate": (MOVED, FORBIDDEN),
    },
    "regional": {
        "partner": (BAD_FORM, FORBIDDEN),
        "partner-resend": (CONFLICT, FORBIDDEN),
        "partner-deactivate": (MOVED, FORBIDDEN),
    },
    **{who: dict.fromkeys(POSTS, (FORBIDDEN,) * 2) for who in ("partner", "national", "observer")},
    "anonymous": dict.fromkeys(POSTS, (SIGN_IN,) * 2),
}
POST_CASES = [(who, name) for who in POST_EXPECTED for name in POSTS]


@pytest.mark.parametrize(("who", "name"), POST_CASES, ids=[f"{w}-{n}" for w, n in POST_CASES])
def test_posts(scene, who, name):
    _, _, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for side, status in zip(_people(scene), POST_EXPECTED[who][name], strict=True):
        target = Membership.objects.select_related("user").get(user_id=side["partner"])
        before = (target.role, target.system_id, target.user.is_active)
        events = AuditEvent.objects.count()
        response = client.post(POSTS[name].format(**side), {})
        assert response.status_code == status, f"{who} POST {name}"
        target = Membership.objects.select_related("user").get(user_id=side["partner"])
        changed = status == MOVED and who != "anonymous"  # not sent to sign in
        assert ((target.role, target.system_id, target.user.is_active) != before) is changed
        assert AuditEvent.objects.count() == events + changed


def _link(message) -> str:
    [url] = re.findall(r"http://testserver/invitations/[\w-]+/", message.body)
    return url.removeprefix("http://testserver")


def _invite(client, **fields) -> object:
    return client.post("/people/invite/", fields)


def test_the_invitation_journey(scene):
    """The national team invites a regional lead; the invitee opens the emailed link, sets a
    password, signs in through the form and has the regional lead's role and region."""
    own, _, members = scene
    response = _invite(
        client_for(members["national"]),
        email=" Jane.Doe@Example.NHS.uk ",
        name="Jane  Doe",
        role="regional_lead",
        region=own.region_id,
        organisation="",
    )
    assert response.status_code == MOVED, response.content[:2000]
    [message] = mail.outbox
    assert message.to == ["jane.doe@example.nhs.uk"]
    assert "Regional assurance lead" in message.body
    link = _link(message)
    user = get_user_model().objects.get(username="jane.doe@example.nhs.uk")
    assert not user.has_usable_password()
    invitation = Invitation.objects.get(user=user)
    token = link.split("/")[2]
    assert token not in invitation.sha256 and len(invitation.sha256) == 64
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    assert Person.objects.get(user=user).name == "Jane Doe"

    anonymous = Client()
    assert anonymous.get(link).status_code == OK
    response = anonymous.post(
        link, {"password": "a long walk by the river", "confirmation": "a long walk by the river"}
    )
    assert response.status_code == MOVED and response["Location"] == "/sign-in/"
    response = anonymous.post(
        "/sign-in/",
        {"username": "jane.doe@example.nhs.uk", "password": "a long walk by the river"},
    )
    assert response.status_code == MOVED
    assert anonymous.get(f"/regions/{own.region_id}/").status_code == OK
    assert anonymous.get("/national/").status_code == FORBIDDEN
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.region_id, membership.system_id) == (
        "regional_lead",
        own.region_id,
        None,
    )
    actions = list(
        AuditEvent.objects.filter(plan=None, after__user=user.username)
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert actions == [
        ("person_invited", members["national"].user.username),
        ("invitation_accepted", user.username),
    ]
    # the link worked once: again, it says so and changes nothing
    password = get_user_model().objects.get(pk=user.pk).password
    response = Client().post(link, {"password": "another long one!", "confirmation": "x"})
    assert response.status_code == GONE
    assert b"already been used" in response.content
    assert get_user_model().objects.get(pk=user.pk).password == password


@pytest.fixture
def invited(scene):
    """A partner of the lead's system, invited by the lead: (membership, link)."""
    own, _, members = scene
    response = _invite(
        client_for(members["lead"]),
        email="sam.partner@county.gov.uk",
        name="Sam Partner",
        role="la_partner",
        organisation=own.ods,
    )
    assert response.status_code == MOVED, response.content[:2000]
    membership = Membership.objects.select_related("user").get(
        user__username="sam.partner@county.gov.uk"
    )
    return membership, _link(mail.outbox[-1])


def test_a_system_lead_invites_a_partner_of_their_system(scene, invited):
    own, _, _ = scene
    membership, _ = invited
    assert (membership.role, membership.system_id, membership.region_id) == (
        "la_partner",
        own.code,
        None,
    )
    assert Person.objects.get(user=membership.user).organisation_code == own.ods


def test_an_expired_link_changes_nothing(invited):
    membership, link = invited
    Invitation.objects.filter(user=membership.user).update(expires_at=timezone.now())
    for response in (Client().get(link), Client().post(link, {"password": "x" * 20})):
        assert response.status_code == GONE
        assert b"This invitation has expired" in response.content
    membership.user.refresh_from_db()
    assert not membership.user.has_usable_password()
    assert Invitation.objects.get(user=membership.user).used_at is None


def test_an_unknown_link_says_so(db):
    response = Client().get("/invitations/" + "x" * 43 + "/")
    assert response.status_code == NOT_FOUND
    assert b"This link does not work" in response.content


@pytest.mark.parametrize(
    ("password", "confirmation", "messages"),
    [
        ("", "", [b"Enter a password"]),
        ("short", "short", [b"This password is too short"]),
        ("1234567890123", "1234567890123", [b"entirely numeric"]),
        ("password12345", "password12345", [b"too common"]),
        ("sam.partner@county", "sam.partner@county", [b"too similar"]),
        ("a long walk by the river", "a long walk by the sea", [b"Enter the same password"]),
        ("ab" * 65, "ab" * 65, [b"Enter a password of 128 characters or fewer"]),
    ],
)
def test_a_password_the_validators_refuse_is_not_set(invited, password, confirmation, messages):
    membership, link = invited
    response = Client().post(link, {"password": password, "confirmation": confirmation})
    assert response.status_code == BAD_FORM
    assert b"nhsuk-error-summary" in response.content
    for message in messages:
        assert message in response.content
    membership.user.refresh_from_db()
    assert not membership.user.has_usable_password()
    assert Invitation.objects.get(user=membership.user).used_at is None


A = {"email": "a@b.nhs.uk", "name": "A"}  # a good email address and name
INVITE_ERRORS = [
    # (who, fields, [(field, words of its message)])
    ("national", {}, [("email", "Enter their email address"), ("name", "Enter their full name")]),
    (
        "national",
        {"email": "not an address", "name": "A", "role": "observer"},
        [("email", "like name@example.nhs.uk")],
    ),
    ("national", {**A, "role": "la_partner"}, [("role", "not a role you can give")]),
    ("national", {**A, "role": "regional_lead"}, [("region", "Select their region")]),
    (
        "national",
        {**A, "role": "observer", "organisation": "ZZZ"},
        [("organisation", "ZZZ is not an organisation of this round")],
    ),
    ("regional", {**A, "role": "system_lead"}, [("system", "Select the system they work on")]),
    (
        "regional",
        {**A, "role": "system_lead", "system": "{other}"},
        [("system", "You cannot invite people there")],
    ),
    ("lead", {**A, "role": "system_lead"}, [("role", "not a role you can give")]),
]


@pytest.mark.parametrize(("who", "fields", "expected"), INVITE_ERRORS)
def test_a_bad_invitation_lists_every_problem_and_makes_nobody(scene, who, fields, expected):
    _, other, members = scene
    users = get_user_model().objects.count()
    data = {k: v.format(other=other.code) for k, v in fields.items()}
    response = _invite(client_for(members[who]), **data)
    assert response.status_code == BAD_FORM
    text = response.content.decode()
    assert text.count('class="nhsuk-error-summary"') == 1
    for field, words in expected:
        assert f'href="#{field}"' in text  # in the summary, linking to the field
        assert f'id="{field}-error"' in text  # and at the field
        assert words in text
    assert get_user_model().objects.count() == users
    assert mail.outbox == []


def test_an_email_with_an_account_is_refused(scene):
    _, _, members = scene
    taken = members["national"].user.email
    response = _invite(
        client_for(members["national"]), email=taken.upper(), name="A", role="observer"
    )
    assert response.status_code == BAD_FORM
    assert "already has an account" in response.content.decode()


def test_changing_a_role_is_audited(scene):
    own, _, members = scene
    partner = members["partner"]
    response = client_for(members["regional"]).post(
        f"/people/{partner.user_id}/", {"role": "system_lead", "system": own.code}
    )
    assert response.status_code == MOVED
    partner.refresh_from_db()
    assert (partner.role, partner.system_id) == ("system_lead", own.code)
    event = AuditEvent.objects.get(action="role_changed")
    assert event.plan is None and event.actor == members["regional"].user
    assert event.before["role"] == "la_partner" and event.after["role"] == "system_lead"
    page = client_for(members["regional"]).get(f"/people/{partner.user_id}/").content.decode()
    assert "is now System planning lead" in page  # the person's history


def test_a_regional_lead_cannot_move_someone_out_of_their_region(scene):
    _, other, members = scene
    partner = members["partner"]
    response = client_for(members["regional"]).post(
        f"/people/{partner.user_id}/", {"role": "la_partner", "system": other.code}
    )
    assert response.status_code == BAD_FORM
    partner.refresh_from_db()
    assert partner.system_id != other.code
    assert not AuditEvent.objects.filter(action="role_changed").exists()


def test_a_deactivated_person_cannot_sign_in_and_keeps_their_name(scene, invited):
    _, _, members = scene
    membership, link = invited
    response = client_for(members["lead"]).post(f"/people/{membership.user_id}/deactivate/")
    assert response.status_code == MOVED
    user = get_user_model().objects.get(pk=membership.user_id)  # not deleted
    assert not user.is_active and Person.objects.get(user=user).name == "Sam Partner"
    assert Client().get(link).status_code == GONE  # the open invitation no longer works
    event = AuditEvent.objects.get(action="person_deactivated")
    assert event.before["active"] is True and event.after["active"] is False
    assert event.actor == members["lead"].user
    listed = client_for(members["lead"]).get("/people/").content.decode()
    assert "Sam Partner" in listed and "Deactivated" in listed
    again = client_for(members["lead"]).post(f"/people/{membership.user_id}/deactivate/")
    assert again.status_code == CONFLICT


def test_a_signed_in_person_is_signed_out_when_deactivated(scene):
    _, _, members = scene
    partner = client_for(members["partner"])
    assert partner.get("/").status_code == OK
    client_for(members["lead"]).post(f"/people/{members['partner'].user_id}/deactivate/")
    assert partner.get("/").status_code == SIGN_IN


def test_resending_expires_the_earlier_link(scene, invited):
    _, _, members = scene
    membership, first = invited
    response = client_for(members["lead"]).post(f"/people/{membership.user_id}/resend/")
    assert response.status_code == MOVED
    second = _link(mail.outbox[-1])
    assert second != first
    assert Client().get(first).status_code == GONE
    assert Client().get(second).status_code == OK
    resent = AuditEvent.objects.filter(action="invitation_resent")
    assert list(resent.values_list("after__user", flat=True)) == [membership.user.username]


def test_no_one_changes_their_own_account(scene):
    _, _, members = scene
    national = members["national"]
    client = client_for(national)
    other_national = get_user_model().objects.create_user("second.national@example.nhs.uk")
    Membership.objects.create(user=other_national, role="national")
    assert client.post(f"/people/{national.user_id}/deactivate/").status_code == FORBIDDEN
    assert (
        client.post(f"/people/{national.user_id}/", {"role": "observer"}).status_code == FORBIDDEN
    )
    national.user.refresh_from_db()
    assert national.user.is_active


def test_a_deactivated_persons_api_token_stops_working(scene):
    own, _, members = scene
    headers = api_headers(members["partner"])
    assert Client().get(f"/api/plans/{own.code}", headers=headers).status_code == OK
    client_for(members["lead"]).post(f"/people/{members['partner'].user_id}/deactivate/")
    assert Client().get(f"/api/plans/{own.code}", headers=headers).status_code == 401
