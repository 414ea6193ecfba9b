"""Sign-offs belong to a version (issue 13 item 4), in the web: signing the version shown,
a later change asking for sign-offs again, closing concerns, refusing a stale version, and
each partner type signed by the users of its organisations."""

from __future__ import annotations

import pytest

from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.people.models import Person
from ltpif.web.planning.models import AuditEvent, Membership, Plan
from ltpif.web.planning.queries import assurance, document
from ltpif.web.signoffs.actions import signing_fields
from tests.web.conftest import client_for
from tests.web.test_workflow_and_editing import COMPLIANT

SYSTEM = COMPLIANT[5]


def _partner() -> Membership:
    return Membership.objects.get(role="la_partner", system_id=SYSTEM)


def _of_organisation(member: Membership, kind: str, code: str, name: str) -> Membership:
    """The partner as a user of an organisation of `kind` in the system's footprint."""
    organisation = Organisation.objects.create(type=kind, code=code, name=name)
    Footprint.objects.create(organisation=organisation, system_id=SYSTEM)
    Person.objects.update_or_create(
        user=member.user, defaults={"name": "A partner", "organisation_code": code}
    )
    return member


def _sign(member: Membership, fields: dict, seen: dict | None = None):
    plan = Plan.objects.get(system_id=SYSTEM)
    posted = {**(seen if seen is not None else signing_fields(plan)), **fields}
    return client_for(member).post(f"/plans/{SYSTEM}/sign-offs/add/", posted)


def _sign_offs() -> list[dict]:
    return Plan.objects.get(system_id=SYSTEM).working["sign_offs"]


def _partner_sign_off_findings() -> list[str]:
    plan = Plan.objects.get(system_id=SYSTEM)
    report = assurance(plan, document(plan), "final")
    return [f.message for f in report.findings if f.rule == "partner-sign-offs"]


def _change_the_plan() -> None:
    lead = Membership.objects.get(role="system_lead", system_id=SYSTEM)
    plan = Plan.objects.get(system_id=SYSTEM)
    response = client_for(lead).post(
        f"/plans/{SYSTEM}/narrative/save/",
        {
            "field": "prevention",
            "text": f"Paragraph {plan.lock_version}.",
            "lock_version": plan.lock_version,
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("kind", "partners"),
    [
        ("local_authority", ["local-authority", "health-and-wellbeing-board"]),
        ("ccg", ["ccg"]),
        ("trust", ["trust", "community-provider"]),
        ("gp_practice", ["primary-care-provider"]),
        ("pcn", ["primary-care-provider"]),
    ],
)
def test_each_partner_type_is_signed_by_its_organisations_users(world, kind, partners):
    member = _of_organisation(_partner(), kind, "ZZ1", "Zed organisation")
    page = client_for(member).get(f"/plans/{SYSTEM}/engagement/").content.decode()
    offered = [
        p
        for p in (
            "local-authority",
            "health-and-wellbeing-board",
            "ccg",
            "trust",
            "community-provider",
            "primary-care-provider",
        )
        if f'<option value="{p}">' in page.split('id="so-partner"')[1].split("</select>")[0]
    ]
    assert offered == partners
    assert 'value="Zed organisation"' in page
    before = len(_sign_offs())
    assert _sign(member, {"partner": partners[-1], "status": "signed"}).status_code == 302
    added = _sign_offs()[before]
    assert (added["partner"], added["name"], added["organisation"]) == (
        partners[-1],
        "Zed organisation",
        "ZZ1",
    )


def test_a_user_may_not_sign_for_another_partner_type(world):
    member = _of_organisation(_partner(), "ccg", "ZZ2", "A CCG")
    before = _sign_offs()
    response = _sign(member, {"partner": "trust", "status": "signed"})
    assert response.status_code == 400
    assert "You may sign only for: ccg" in response.content.decode()
    assert _sign_offs() == before


def test_a_partner_with_no_organisation_signs_for_local_government(world):
    member = _partner()
    before = len(_sign_offs())
    response = _sign(member, {"partner": "ccg", "name": "A CCG", "status": "signed"})
    assert response.status_code == 400
    ok = _sign(member, {"partner": "local-authority", "name": "A council", "status": "signed"})
    assert ok.status_code == 302
    assert len(_sign_offs()) == before + 1


def test_a_sign_off_records_its_version_and_a_change_asks_for_it_again(world):
    member = _partner()
    plan = Plan.objects.get(system_id=SYSTEM)
    # the demo's plan is its initial version 1, unchanged
    assert signing_fields(plan)["version"] == "1"
    # replace the demo's local authority sign-off by one given in the web
    plan.working["sign_offs"] = [
        s for s in plan.working["sign_offs"] if s["partner"] != "local-authority"
    ]
    plan.save()
    assert _partner_sign_off_findings() == ["No sign-off from the local authority."]
    assert (
        _sign(
            member, {"partner": "local-authority", "name": "A council", "status": "signed"}
        ).status_code
        == 302
    )
    assert _sign_offs()[-1]["version"] == 1
    assert _partner_sign_off_findings() == []
    _change_the_plan()  # the working copy, no longer version 1, is the version 2 to come
    assert signing_fields(Plan.objects.get(system_id=SYSTEM))["version"] == "2"
    assert _partner_sign_off_findings() == [
        "The local authority's sign-off was given for version 1; the plan has changed since, "
        "so it is asked for again."
    ]
    page = client_for(member).get(f"/plans/{SYSTEM}/engagement/").content.decode()
    assert "Given for version 1" in page
    assert (
        _sign(
            member, {"partner": "local-authority", "name": "A council", "status": "signed"}
        ).status_code
        == 302
    )
    assert _sign_offs()[-1]["version"] == 2
    assert _partner_sign_off_findings() == []


def test_signing_a_version_that_is_not_the_latest_saves_nothing(world):
    member = _partner()
    decision = {"partner": "local-authority", "name": "A council", "status": "signed"}
    seen = signing_fields(Plan.objects.get(system_id=SYSTEM))
    _change_the_plan()
    before = Plan.objects.get(system_id=SYSTEM)
    response = _sign(member, decision, seen)
    assert response.status_code == 400
    assert (
        "You were signing version 1, but the plan is now version 2. Nothing was saved"
        in response.content.decode()
    )
    after = Plan.objects.get(system_id=SYSTEM)
    assert (after.lock_version, after.working) == (before.lock_version, before.working)
    # the working copy changed again while the partner read it: still version 2, but not
    # what they read
    seen = signing_fields(after)
    _change_the_plan()
    response = _sign(member, {**decision}, {**seen})
    assert response.status_code == 400
    assert "The plan has changed since you opened version 2 to sign it." in (
        response.content.decode()
    )
    missing = _sign(member, decision, {})
    assert missing.status_code == 400
    assert "Open the plan again and sign the version shown" in missing.content.decode()


def test_the_partner_who_raised_concerns_resolves_or_withdraws_them(world):
    raiser = _of_organisation(_partner(), "local_authority", "E10000001", "A county")
    response = _sign(
        raiser,
        {"partner": "local-authority", "status": "concerns", "concerns": "Social care funding."},
    )
    assert response.status_code == 302
    index = len(_sign_offs()) - 1
    assert any("Social care funding." in m for m in _partner_sign_off_findings())
    client = client_for(raiser)
    url = f"/plans/{SYSTEM}/sign-offs/{index}/close/"
    no_note = client.post(url, {"outcome": "resolved", "note": " "})
    assert no_note.status_code == 400
    assert "Enter a note" in no_note.content.decode()
    assert client.post(url, {"outcome": "withdrawn", "note": "Funding agreed."}).status_code == 302
    entry = _sign_offs()[index]
    assert (entry["concerns_closed"], entry["closing_note"]) == ("withdrawn", "Funding agreed.")
    assert not any("Social care funding." in m for m in _partner_sign_off_findings())
    assert AuditEvent.objects.filter(action="close_concerns", plan__system_id=SYSTEM).exists()
    again = client.post(url, {"outcome": "resolved", "note": "Again."})
    assert again.status_code == 400
    assert "no open concerns" in again.content.decode()


def test_another_organisation_may_not_close_the_concerns(world):
    raiser = _of_organisation(_partner(), "local_authority", "E10000002", "A county")
    _sign(raiser, {"partner": "local-authority", "status": "concerns", "concerns": "Care."})
    index = len(_sign_offs()) - 1
    Person.objects.filter(user=raiser.user).update(organisation_code="")
    response = client_for(raiser).post(
        f"/plans/{SYSTEM}/sign-offs/{index}/close/", {"outcome": "resolved", "note": "Fine."}
    )
    assert response.status_code == 403
    assert "concerns_closed" not in _sign_offs()[index]
