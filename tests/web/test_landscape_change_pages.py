"""Landscape changes (issue 16 item 4): who sees, proposes, agrees, assesses and decides; the
checklist sets the timetable (fast track or standard); an approved merger replaces its
organisations in the list from its date; bad input at its field, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from ltpif.web.landscape.models import LandscapeChange, Succession
from ltpif.web.landscape.queries import organisation_list_on
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import AuditEvent, Membership, System
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for

TODAY = "2019-07-01"
CHANGES = "/systems/{system}/landscape-changes/"
CHANGE = "/landscape-changes/{pk}/"
PAGES = {"changes": CHANGES, "change": CHANGE}
# who: {page: (own system / region, another region's)}; a proposal is seen as its plan is
EXPECTED = {
    "lead": (OK, FORBIDDEN),
    "partner": (OK, FORBIDDEN),
    "regional": (OK, FORBIDDEN),
    "national": (OK, OK),
    "observer": (OK, OK),
    "anonymous": (SIGN_IN, SIGN_IN),
}
CASES = [(who, name) for who in EXPECTED for name in PAGES]
PROPOSE_EXPECTED = {
    "lead": (302, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}
ASSESS_EXPECTED = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (302, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}
CRITERIA = ("local-agreement", "in-the-plan", "financial-effect", "one-system", "patient-benefit")
ALL_MET = {f"criterion-{c}": "met" for c in CRITERIA}


def _org(system: System, code: str, type_: str = "trust") -> Organisation:
    org = Organisation.objects.create(type=type_, code=code, name=f"Trust {code}", source="test")
    Footprint.objects.create(organisation=org, system=system, share=1.0)
    return org


def _date(name: str, day: dt.date) -> dict:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _merger(orgs, successor: str, **extra) -> dict:
    return {
        "kind": "merger",
        "organisations": [str(o.pk) for o in orgs],
        "successor": successor,
        "reason": "Two small trusts share one hospital site and one board.",
        **_date("intended", dt.date(2020, 4, 1)),
        **extra,
    }


def _change(system: System, member: Membership) -> LandscapeChange:
    change = LandscapeChange.objects.create(
        system=system,
        kind="new-structure",
        intended=dt.date(2020, 4, 1),
        reason="r",
        submitted_by=member.user,
        submitted_on=dt.date(2019, 7, 1),
        status=LandscapeChange.SUBMITTED,
        decision_due=dt.date(2019, 9, 29),
    )
    change.organisations.set([_org(system, f"L{change.pk}")])
    return change


def _client(members, who) -> Client:
    return Client() if who == "anonymous" else client_for(members[who])


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_who_sees_which_page(scene, who, name):
    own, other, members = scene
    client = _client(members, who)
    for target, status in zip((own, other), EXPECTED[who], strict=True):
        pk = _change(target, members["national"]).pk
        response = client.get(PAGES[name].format(system=target.code, pk=pk))
        assert response.status_code == status, (who, name, target.code)


@override_settings(LTPIF_TODAY=TODAY)
@pytest.mark.parametrize("who", PROPOSE_EXPECTED)
def test_only_the_system_lead_proposes(scene, who):
    own, other, members = scene
    client = _client(members, who)
    for target, status in zip((own, other), PROPOSE_EXPECTED[who], strict=True):
        orgs = [_org(target, f"P{target.code}1"), _org(target, f"P{target.code}2")]
        before = LandscapeChange.objects.count()
        response = client.post(
            CHANGES.format(system=target.code), _merger(orgs, "NEW01", successor_name="New")
        )
        assert response.status_code == status, (who, target.code)
        made = LandscapeChange.objects.count() - before
        assert made == (1 if who == "lead" and status == 302 else 0)


@pytest.mark.parametrize("who", ASSESS_EXPECTED)
def test_only_the_system_region_assesses(scene, who):
    own, other, members = scene
    client = _client(members, who)
    for target, status in zip((own, other), ASSESS_EXPECTED[who], strict=True):
        change = _change(target, members["national"])
        response = client.post(CHANGE.format(pk=change.pk), {"step": "checklist", **ALL_MET})
        assert response.status_code == status, (who, target.code)
        change.refresh_from_db()
        assert change.status == ("assessed" if who == "regional" and status == 302 else "submitted")


@override_settings(LTPIF_TODAY=TODAY)
def test_a_merger_on_the_fast_track_replaces_its_organisations_from_its_date(scene):
    own, _, members = scene
    lead, regional = client_for(members["lead"]), client_for(members["regional"])
    first, second = _org(own, "RA1"), _org(own, "RA2")
    response = lead.post(
        CHANGES.format(system=own.code), _merger([first, second], "RA9", successor_name="United")
    )
    assert response.status_code == 302
    change = LandscapeChange.objects.get()
    # both trusts are in the system's own region: no other agreement; standard until assessed
    assert (change.status, change.agreements) == ("submitted", {})
    assert change.decision_due == dt.date(2019, 9, 29)  # 1 July 2019 + 90 days
    assert not Organisation.objects.filter(code="RA9").exists()  # made only on approval
    # the decision waits for the checklist
    early = regional.post(
        CHANGE.format(pk=change.pk),
        {"step": "decide", "decision": "approve"} | _date("effective", dt.date(2020, 4, 1)),
    )
    assert early.status_code == 400 and "already been taken" in early.content.decode()
    # "patient benefit" is not needed for the fast track: still fast (1 July + 30 days)
    checklist = {**ALL_MET, "criterion-patient-benefit": "not_met"}
    no_note = regional.post(CHANGE.format(pk=change.pk), {"step": "checklist", **checklist})
    assert (
        no_note.status_code == 400 and 'id="note-patient-benefit-error"' in no_note.content.decode()
    )
    checklist["note-patient-benefit"] = "Not yet set out."
    assert (
        regional.post(CHANGE.format(pk=change.pk), {"step": "checklist", **checklist}).status_code
        == 302
    )
    change.refresh_from_db()
    assert (change.status, change.fast_track) == ("assessed", True)
    assert change.decision_due == dt.date(2019, 7, 31)
    assert change.checklist["patient-benefit"] == {"met": False, "note": "Not yet set out."}
    page = regional.get(CHANGE.format(pk=change.pk)).content.decode()
    assert "Fast track: decision due by 31 July 2019" in page
    decide = {"step": "decide", "decision": "approve"} | _date("effective", dt.date(2020, 4, 1))
    assert regional.post(CHANGE.format(pk=change.pk), decide).status_code == 302
    change.refresh_from_db()
    united = Organisation.objects.get(code="RA9")
    assert (change.status, change.effective, change.successor) == (
        "approved",
        dt.date(2020, 4, 1),
        united,
    )
    assert (united.type, united.name) == ("trust", "United")
    assert sorted(Succession.objects.values_list("predecessor__code", "successor__code")) == [
        ("RA1", "RA9"),
        ("RA2", "RA9"),
    ]
    before = {o.code for o in organisation_list_on(own, dt.date(2020, 3, 31))}
    after = {o.code for o in organisation_list_on(own, dt.date(2020, 4, 1))}
    assert {"RA1", "RA2"} <= before and "RA9" not in before
    assert "RA9" in after and not {"RA1", "RA2"} & after
    assert len(before) - len(after) == 1  # two trusts became one
    actions = sorted(
        AuditEvent.objects.filter(after__landscape_change=change.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == ["landscape_change", "landscape_checklist", "landscape_decision"]
    # a second decision is refused, nothing changes
    again = regional.post(
        CHANGE.format(pk=change.pk),
        {"step": "decide", "decision": "refuse", "decision_reason": "x"},
    )
    assert again.status_code == 400 and Succession.objects.count() == 2
    # the organisation page lists the successor from the merger's date
    with override_settings(LTPIF_TODAY="2020-04-01"):
        listed = lead.get(f"/systems/{own.code}/organisations/").content.decode()
    trusts = listed.split('data-testid="organisations-trust"')[1].split("</table>")[0]
    assert "United" in trusts and "Trust RA1" not in trusts
    assert "Trust RA1 (RA1)" in listed.split('data-testid="successions"')[1]


@override_settings(LTPIF_TODAY=TODAY)
def test_a_fast_track_criterion_not_met_keeps_the_standard_timetable_and_refusal_merges_nothing(
    scene,
):
    own, _, members = scene
    regional = client_for(members["regional"])
    first, second = _org(own, "RB1"), _org(own, "RB2")
    client_for(members["lead"]).post(CHANGES.format(system=own.code), _merger([first], "RB2"))
    change = LandscapeChange.objects.get()
    assert change.successor == second
    checklist = {
        **ALL_MET,
        "criterion-financial-effect": "not_met",
        "note-financial-effect": "None",
    }
    regional.post(CHANGE.format(pk=change.pk), {"step": "checklist", **checklist})
    change.refresh_from_db()
    assert (change.fast_track, change.decision_due) == (False, dt.date(2019, 9, 29))
    no_reason = regional.post(CHANGE.format(pk=change.pk), {"step": "decide", "decision": "refuse"})
    assert no_reason.status_code == 400
    assert 'id="decision_reason-error"' in no_reason.content.decode()
    refuse = {
        "step": "decide",
        "decision": "refuse",
        "decision_reason": "The finances are unclear.",
    }
    assert regional.post(CHANGE.format(pk=change.pk), refuse).status_code == 302
    change.refresh_from_db()
    assert (change.status, change.effective) == ("refused", None)
    assert not Succession.objects.exists()


@override_settings(LTPIF_TODAY=TODAY)
def test_another_regions_organisation_waits_for_that_regions_agreement(scene):
    own, other, members = scene
    regional = client_for(members["regional"])
    theirs = client_for(Membership.objects.get(role="regional_lead", region=other.region))
    mine, across = _org(own, "RC1"), _org(other, "RC2")
    form = _merger([mine], "RC1X", successor_name="Cross-border", other_codes="rc2")
    assert (
        client_for(members["lead"]).post(CHANGES.format(system=own.code), form).status_code == 302
    )
    change = LandscapeChange.objects.get()
    assert set(change.organisations.all()) == {mine, across}
    assert (change.status, list(change.agreements)) == ("awaiting_agreement", [other.region_id])
    # the region cannot assess it before the other region agrees: a clear message, no change
    early = regional.post(CHANGE.format(pk=change.pk), {"step": "checklist", **ALL_MET})
    assert early.status_code == 400
    assert (
        "Another region whose organisations it names has not agreed yet" in early.content.decode()
    )
    # the other region sees it and refuses (with a reason): closed, nothing merged
    assert theirs.get(CHANGE.format(pk=change.pk)).status_code == OK
    answer = {"step": "agree", "answer": "refused", "agreement_reason": "Not consulted."}
    assert theirs.post(CHANGE.format(pk=change.pk), answer).status_code == 302
    change.refresh_from_db()
    assert change.status == "not_agreed" and not Succession.objects.exists()


@override_settings(LTPIF_TODAY=TODAY)
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": "takeover"}, "kind", "Choose the type of change"),
        ({"organisations": []}, "organisations", "Choose the organisations the change involves"),
        (
            {"organisations": ["999999"]},
            "organisations",
            "Choose only organisations in the footprint",
        ),
        ({"successor": "RD1"}, "successor", "Trust RD1 (RD1) cannot merge into itself"),
        ({"successor": ""}, "successor", "Enter the code of the organisation they merge into"),
        (
            {"successor": "NEW99", "successor_name": ""},
            "successor_name",
            "NEW99 is not in the round&#39;s organisation list",
        ),
        (
            {"other_codes": "ZZZ99"},
            "other_codes",
            "ZZZ99 is not in the round&#39;s organisation list",
        ),
        ({"other_codes": "<b>"}, "other_codes", "is not an organisation code"),
        ({"intended-day": ""}, "intended", "The date must include a day"),
        ({"intended-month": "13"}, "intended", "must be a real date"),
        ({"intended-year": "2019", "intended-month": "6"}, "intended", "today or later"),
        ({"reason": " "}, "reason", "Enter why the change is proposed"),
    ],
)
def test_a_bad_proposal_is_refused_at_its_field(scene, change, field, message):
    own, _, members = scene
    form = _merger([_org(own, "RD1"), _org(own, "RD2")], "RD3", successor_name="New trust")
    form |= change
    response = client_for(members["lead"]).post(CHANGES.format(system=own.code), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#{field}"' in page and f'id="{field}-error"' in page and message in page
    assert not LandscapeChange.objects.exists()
    assert not Organisation.objects.filter(code__in=["RD3", "NEW99"]).exists()


@override_settings(LTPIF_TODAY=TODAY)
def test_organisations_of_different_types_cannot_merge(scene):
    own, _, members = scene
    form = _merger([_org(own, "RE1"), _org(own, "RE2", "ccg")], "RE3", successor_name="Mixed")
    response = client_for(members["lead"]).post(CHANGES.format(system=own.code), form)
    assert response.status_code == 400
    assert "Organisations of different types cannot merge" in response.content.decode()
    assert not LandscapeChange.objects.exists()


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"decision": "maybe"}, "decision"),
        ({"decision": "approve"}, "effective"),
        (
            {
                "decision": "approve",
                **_date("effective", dt.date(2020, 2, 1)),
                "effective-day": "30",
            },
            "effective",
        ),
        ({"decision": "approve", **_date("effective", dt.date(2019, 6, 30))}, "effective"),
    ],
)
def test_a_bad_decision_is_refused_at_its_field(scene, form, field):
    own, _, members = scene
    change = _change(own, members["lead"])
    regional = client_for(members["regional"])
    regional.post(CHANGE.format(pk=change.pk), {"step": "checklist", **ALL_MET})
    response = regional.post(CHANGE.format(pk=change.pk), {"step": "decide", **form})
    assert response.status_code == 400 and f'id="{field}-error"' in response.content.decode()
    change.refresh_from_db()
    assert change.status == "assessed"


@override_settings(LTPIF_TODAY=TODAY)
def test_two_proposals_merging_one_organisation_approve_only_the_first(scene):
    own, _, members = scene
    lead, regional = client_for(members["lead"]), client_for(members["regional"])
    first = _org(own, "RF1")
    _org(own, "RF2"), _org(own, "RF3")  # the two organisations each proposal merges it into
    lead.post(CHANGES.format(system=own.code), _merger([first], "RF2"))
    lead.post(CHANGES.format(system=own.code), _merger([first], "RF3"))
    earlier, later = LandscapeChange.objects.order_by("pk")
    approve = {"step": "decide", "decision": "approve"} | _date("effective", dt.date(2020, 4, 1))
    for change in (earlier, later):
        regional.post(CHANGE.format(pk=change.pk), {"step": "checklist", **ALL_MET})
    assert regional.post(CHANGE.format(pk=earlier.pk), approve).status_code == 302
    response = regional.post(CHANGE.format(pk=later.pk), approve)
    assert response.status_code == 400
    assert "Trust RF1 has merged already" in response.content.decode()
    later.refresh_from_db()
    assert later.status == "assessed"
    assert list(Succession.objects.values_list("predecessor__code", "successor__code")) == [
        ("RF1", "RF2")
    ]
