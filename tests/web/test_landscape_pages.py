"""Footprint change notices (issue 16 item 3): who may see, notify, agree and decide; a notice
to a system of another region waits for that region's agreement; late notices need a reason;
an approval moves the organisations from its date; bad input at its field, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from ltpif.web.landscape.models import FootprintMove, FootprintNotice
from ltpif.web.landscape.queries import system_of
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import AuditEvent, Membership, System
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for, date_boxes

BEFORE, AFTER = "2019-07-01", "2019-08-15"  # either side of the notice date, 31 July 2019
NOTICES = "/systems/{system}/footprint-notices/"
NOTICE = "/footprint-notices/{pk}/"
PAGES = {"notices": NOTICES, "notice": NOTICE, "footprints": "/footprints/"}
# who: {page: (own system / region, another region's)}
EXPECTED = {
    "lead": {"notices": (OK, FORBIDDEN), "footprints": (FORBIDDEN, FORBIDDEN)},
    "partner": {"notices": (OK, FORBIDDEN), "footprints": (FORBIDDEN, FORBIDDEN)},
    "regional": {"notices": (OK, FORBIDDEN), "footprints": (FORBIDDEN, FORBIDDEN)},
    "national": {"notices": (OK, OK), "footprints": (OK, OK)},
    "observer": {"notices": (OK, OK), "footprints": (OK, OK)},
    "anonymous": {"notices": (SIGN_IN, SIGN_IN), "footprints": (SIGN_IN, SIGN_IN)},
}
for _pages in EXPECTED.values():
    _pages["notice"] = _pages["notices"]  # a notice is seen as its system's plan
CASES = [(who, name) for who in EXPECTED for name in PAGES]

# who may post: (own system / region, another region's); a notice within one region
NOTIFY_EXPECTED = {
    "lead": (302, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}
DECIDE_EXPECTED = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (302, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}


def _org(system: System, code: str, type_: str = "ccg", share: float = 1.0) -> Organisation:
    org = Organisation.objects.create(type=type_, code=code, name=f"Org {code}", source="test")
    Footprint.objects.create(organisation=org, system=system, share=share)
    return org


def _neighbour(system: System) -> System:
    return System.objects.filter(region=system.region).exclude(pk=system.pk).first()


def _form(org: Organisation, receiving: System, **extra) -> dict:
    return {
        "organisations": [str(org.pk)],
        "receiving": receiving.code,
        "reason": "The CCG's patients flow to the neighbouring system's hospitals.",
        "evidence": "Both governing bodies agreed on 3 July 2019 (minutes attached).",
        **extra,
    }


def _notice(system: System, receiving: System, member: Membership) -> FootprintNotice:
    notice = FootprintNotice.objects.create(
        system=system,
        receiving=receiving,
        reason="r",
        evidence="e",
        submitted_by=member.user,
        submitted_on=dt.date(2019, 7, 1),
        status=FootprintNotice.SUBMITTED,
    )
    notice.organisations.set([_org(system, f"N{notice.pk}")])
    return notice


def _client(members, who) -> Client:
    return Client() if who == "anonymous" else client_for(members[who])


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_who_sees_which_page(scene, who, name):
    own, other, members = scene
    client = _client(members, who)
    for target, status in zip((own, other), EXPECTED[who][name], strict=True):
        pk = _notice(target, _neighbour(target), members["national"]).pk
        response = client.get(PAGES[name].format(system=target.code, pk=pk))
        assert response.status_code == status, (who, name, target.code)


@override_settings(LTPIF_TODAY=BEFORE)
@pytest.mark.parametrize("who", NOTIFY_EXPECTED)
def test_only_the_system_lead_notifies(scene, who):
    own, other, members = scene
    client = _client(members, who)
    for target, status in zip((own, other), NOTIFY_EXPECTED[who], strict=True):
        org = _org(target, f"C{target.code}")
        before = FootprintNotice.objects.count()
        response = client.post(NOTICES.format(system=target.code), _form(org, _neighbour(target)))
        assert response.status_code == status, (who, target.code)
        made = FootprintNotice.objects.count() - before
        assert made == (1 if who == "lead" and status == 302 else 0)


@pytest.mark.parametrize("who", DECIDE_EXPECTED)
def test_only_the_system_region_decides(scene, who):
    own, other, members = scene
    client = _client(members, who)
    for target, status in zip((own, other), DECIDE_EXPECTED[who], strict=True):
        notice = _notice(target, _neighbour(target), members["national"])
        form = {"step": "decide", "decision": "refuse", "decision_reason": "Not now."}
        response = client.post(NOTICE.format(pk=notice.pk), form)
        assert response.status_code == status, (who, target.code)
        notice.refresh_from_db()
        refused = who == "regional" and status == 302
        assert notice.status == ("refused" if refused else "submitted")


@override_settings(LTPIF_TODAY=BEFORE)
def test_notice_to_another_region_agreed_then_approved_moves_the_organisation(scene):
    own, other, members = scene
    lead, regional = client_for(members["lead"]), client_for(members["regional"])
    theirs = client_for(Membership.objects.get(role="regional_lead", region=other.region))
    ccg = _org(own, "X01")
    response = lead.post(NOTICES.format(system=own.code), _form(ccg, other))
    assert response.status_code == 302
    notice = FootprintNotice.objects.get()
    assert notice.status == "awaiting_agreement"
    assert notice.agreements == {other.region_id: {"answer": "", "reason": "", "by": None}}
    # the region cannot decide before the other region has agreed
    early = regional.post(
        NOTICE.format(pk=notice.pk),
        {"decision": "approve", **date_boxes("effective", "2020-04-01")},
    )
    assert early.status_code == 400
    assert "already been answered" in early.content.decode()
    # own region cannot answer for the other region
    assert (
        regional.post(
            NOTICE.format(pk=notice.pk), {"step": "agree", "answer": "agreed"}
        ).status_code
        == FORBIDDEN
    )
    # the other region sees the notice and agrees
    assert theirs.get(NOTICE.format(pk=notice.pk)).status_code == OK
    assert (
        theirs.post(NOTICE.format(pk=notice.pk), {"step": "agree", "answer": "agreed"}).status_code
        == 302
    )
    notice.refresh_from_db()
    assert notice.status == "submitted"
    # the other region's lead does not decide it
    form = {"step": "decide", "decision": "approve", **date_boxes("effective", "2020-04-01")}
    assert theirs.post(NOTICE.format(pk=notice.pk), form).status_code == FORBIDDEN
    assert regional.post(NOTICE.format(pk=notice.pk), form).status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.effective) == ("approved", dt.date(2020, 4, 1))
    shown = regional.get(NOTICE.format(pk=notice.pk)).content.decode()
    assert "organisation row(s) of actuals moved from 1 April 2020 on" in shown
    assert system_of(ccg, dt.date(2020, 3, 31)) == {own.code}
    assert system_of(ccg, dt.date(2020, 4, 1)) == {other.code}
    actions = list(
        AuditEvent.objects.filter(after__notice=notice.pk).values_list("action", flat=True)
    )
    # the approval moves the actuals stored before it, and says how many (none here)
    assert sorted(actions) == [
        "footprint_actuals",
        "footprint_agreement",
        "footprint_decision",
        "footprint_notice",
    ]
    # a second decision is refused, nothing changes
    again = regional.post(
        NOTICE.format(pk=notice.pk),
        {"step": "decide", "decision": "refuse", "decision_reason": "x"},
    )
    assert again.status_code == 400 and FootprintMove.objects.count() == 1
    # the change shows on both systems' organisation pages and nationally
    for system in (own, other):
        page = client_for(members["national"]).get(f"/systems/{system.code}/organisations/")
        assert "Org X01 (X01)" in page.content.decode().split('data-testid="footprint-moves"')[1]
    national = client_for(members["national"]).get("/footprints/").content.decode()
    assert "1 April 2020" in national.split('data-testid="footprint-moves"')[1]


@override_settings(LTPIF_TODAY=BEFORE)
def test_another_region_refusing_closes_the_notice(scene):
    own, other, members = scene
    theirs = client_for(Membership.objects.get(role="regional_lead", region=other.region))
    client_for(members["lead"]).post(
        NOTICES.format(system=own.code), _form(_org(own, "X02"), other)
    )
    notice = FootprintNotice.objects.get()
    no_reason = theirs.post(NOTICE.format(pk=notice.pk), {"step": "agree", "answer": "refused"})
    assert (
        no_reason.status_code == 400 and 'id="agreement_reason-error"' in no_reason.content.decode()
    )
    answer = {"step": "agree", "answer": "refused", "agreement_reason": "Our CCG is not consulted."}
    assert theirs.post(NOTICE.format(pk=notice.pk), answer).status_code == 302
    notice.refresh_from_db()
    assert notice.status == "not_agreed"
    decide = {"step": "decide", "decision": "approve", **date_boxes("effective", "2020-04-01")}
    assert (
        client_for(members["regional"]).post(NOTICE.format(pk=notice.pk), decide).status_code == 400
    )
    assert not FootprintMove.objects.exists()


def test_a_late_notice_needs_its_reason(scene):
    own, _, members = scene
    lead = client_for(members["lead"])
    form = _form(_org(own, "X03"), _neighbour(own))
    with override_settings(LTPIF_TODAY="2019-07-31"):  # the notice date itself is on time
        assert (
            'data-testid="late-warning"'
            not in lead.get(NOTICES.format(system=own.code)).content.decode()
        )
    with override_settings(LTPIF_TODAY=AFTER):
        response = lead.post(NOTICES.format(system=own.code), form)
        assert response.status_code == 400
        page = response.content.decode()
        assert 'id="late_reason-error"' in page and "The notice date was 31 July 2019" in page
        assert not FootprintNotice.objects.exists()
        late = {**form, "late_reason": "The governing bodies met on 5 August."}
        assert lead.post(NOTICES.format(system=own.code), late).status_code == 302
    notice = FootprintNotice.objects.get()
    assert notice.late_reason == "The governing bodies met on 5 August."
    assert notice.status == "submitted"  # both systems in one region: no other agreement


def test_refused_with_a_reason_moves_nothing(scene):
    own, _, members = scene
    notice = _notice(own, _neighbour(own), members["lead"])
    regional = client_for(members["regional"])
    response = regional.post(NOTICE.format(pk=notice.pk), {"step": "decide", "decision": "refuse"})
    assert response.status_code == 400 and 'id="decision_reason-error"' in response.content.decode()
    ok = {"step": "decide", "decision": "refuse", "decision_reason": "No local agreement shown."}
    assert regional.post(NOTICE.format(pk=notice.pk), ok).status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.effective) == ("refused", None)
    assert not FootprintMove.objects.exists()


@override_settings(LTPIF_TODAY=BEFORE)
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"organisations": []}, "organisations", "Choose the organisations that would move"),
        (
            {"organisations": ["999999"]},
            "organisations",
            "Choose only organisations in the footprint",
        ),
        ({"organisations": ["abc"]}, "organisations", "Choose only organisations in the footprint"),
        (
            {"receiving": "E99999999"},
            "receiving",
            "Choose the system the organisations would move to",
        ),
        ({"receiving": "OWN"}, "receiving", "Choose a system other than the one they are in"),
        ({"reason": "  "}, "reason", "Enter why the footprint should change"),
        ({"evidence": ""}, "evidence", "Enter the evidence that the change is agreed locally"),
        ({"reason": "x" * 5001}, "reason", "Keep this to 5000 characters or fewer"),
    ],
)
def test_a_bad_notice_is_refused_at_its_field(scene, change, field, message):
    own, _, members = scene
    form = _form(_org(own, "X04"), _neighbour(own))
    form |= {k: (own.code if v == "OWN" else v) for k, v in change.items()}
    response = client_for(members["lead"]).post(NOTICES.format(system=own.code), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#{field}"' in page and f'id="{field}-error"' in page and message in page
    assert not FootprintNotice.objects.exists()


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"decision": "maybe"}, "decision"),
        ({"decision": "approve", **date_boxes("effective", "1 April")}, "effective"),
        ({"decision": "approve", **date_boxes("effective", "2020-02-30")}, "effective"),
        (
            {"decision": "approve", **date_boxes("effective", "2019-06-30")},
            "effective",
        ),  # before its notice
    ],
)
def test_a_bad_decision_is_refused_at_its_field(scene, form, field):
    own, _, members = scene
    notice = _notice(own, _neighbour(own), members["lead"])
    response = client_for(members["regional"]).post(
        NOTICE.format(pk=notice.pk), {"step": "decide", **form}
    )
    assert response.status_code == 400 and f'id="{field}-error"' in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == "submitted" and not FootprintMove.objects.exists()


def test_the_national_page_shows_split_authorities_with_shares(scene):
    own, other, members = scene
    assert (own.name, other.name) == ("West Yorkshire", "Greater Manchester")
    authority = _org(own, "E06000099", "local_authority", 0.25)
    Footprint.objects.create(organisation=authority, system=other, share=0.75)
    _org(own, "E06000098", "local_authority", 1.0)
    page = client_for(members["observer"]).get("/footprints/").content.decode()
    split = page.split('data-testid="split"')[1].split("</table>")[0]
    assert 'data-code="E06000099"' in split and 'data-code="E06000098"' not in split
    row = split.split('data-code="E06000099"')[1].split("</tr>")[0]
    assert "West Yorkshire: 25.0%; Greater Manchester: 75.0%" in row
