"""Targeted funding in the web (issue 16 item 5): who may apply, decide and set envelopes; an
application to an award journey; awards never above the envelope; bad input at its field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from ltpif.framework.loader import load_pack
from ltpif.web.funding.models import Application, Envelope
from ltpif.web.planning.models import AuditEvent, Membership
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, client_for

PACK = load_pack()
LINE = "smoking-cessation-funding"  # the seeds give no amount: the national team sets it
SEEDED = "cancer-alliances-additional-funding"  # "over £400 million" by 2023/24, from the seeds

PAGES = {
    "funding": "/funding/",
    "plan-funding": "/plans/{system}/funding/",
    "application": "/funding/applications/{application}/",
}
EXPECTED = {
    "lead": {"funding": (FORBIDDEN, FORBIDDEN), "plan-funding": (OK, FORBIDDEN)},
    "partner": {"funding": (FORBIDDEN, FORBIDDEN), "plan-funding": (OK, FORBIDDEN)},
    "regional": {"funding": (FORBIDDEN, FORBIDDEN), "plan-funding": (OK, FORBIDDEN)},
    "national": {"funding": (OK, OK), "plan-funding": (OK, OK)},
    "observer": {"funding": (OK, OK), "plan-funding": (OK, OK)},
    "anonymous": {"funding": (SIGN_IN, SIGN_IN), "plan-funding": (SIGN_IN, SIGN_IN)},
}
for _who, _pages in EXPECTED.items():
    _pages["application"] = _pages["plan-funding"]  # an application is seen as its plan is
CASES = [(who, name) for who in EXPECTED for name in PAGES]

APPLY = "/plans/{system}/funding/apply/"
ENVELOPE = "/funding/envelopes/{line}/"
# who: (own system / own region, another region's), for a well-formed post
APPLY_EXPECTED = {
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
    "national": (302, 302),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}
ENVELOPE_EXPECTED = {
    "lead": FORBIDDEN,
    "partner": FORBIDDEN,
    "regional": FORBIDDEN,
    "national": 302,
    "observer": FORBIDDEN,
    "anonymous": SIGN_IN,
}


def _application(system, member: Membership, line: str = LINE, amount: str = "1") -> Application:
    return Application.objects.create(
        system=system,
        line=line,
        applicant="system",
        amounts={"2020/21": amount},
        requested=Decimal(amount),
        purpose="Stop-smoking service in maternity.",
        applied_by=member.user,
    )


@pytest.fixture
def envelope(world):
    found, _ = Envelope.objects.update_or_create(
        line=LINE, defaults={"amount": Decimal(10), "awarded": Decimal(0)}
    )
    return found


def _form(amount: str = "2.5", line: str = LINE, applicant: str = "system") -> dict:
    return {
        "line": line,
        "applicant": applicant,
        "amount__2020/21": amount,
        "amount__2021/22": "1",
        "purpose": "Stop-smoking service in maternity.",
        "commitments": ["smoking-cessation"],
    }


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_who_sees_which_page(scene, who, name):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), EXPECTED[who][name], strict=True):
        url = PAGES[name].format(
            system=target.code,
            application=_application(target, members["national"]).pk,
        )
        response = client.get(url)
        assert response.status_code == status, f"{who} GET {url}"


@pytest.mark.parametrize("who", APPLY_EXPECTED)
def test_only_the_system_lead_applies_for_its_own_system(scene, who):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), APPLY_EXPECTED[who], strict=True):
        before = Application.objects.count()
        response = client.post(APPLY.format(system=target.code), _form())
        assert response.status_code == status, (who, target.code)
        made = who == "lead" and status == 302
        assert Application.objects.count() == before + (1 if made else 0)


@pytest.mark.parametrize("who", DECIDE_EXPECTED)
def test_the_region_or_the_national_team_decides(scene, envelope, who):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), DECIDE_EXPECTED[who], strict=True):
        application = _application(target, members["national"])
        response = client.post(
            f"/funding/applications/{application.pk}/", {"decision": "award", "award": "1"}
        )
        assert response.status_code == status, (who, target.code)
        application.refresh_from_db()
        decided = who in ("regional", "national") and status == 302
        assert application.status == ("full" if decided else "submitted")


@pytest.mark.parametrize("who", ENVELOPE_EXPECTED)
def test_only_the_national_team_sets_an_envelope(scene, who):
    _, _, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    Envelope.objects.filter(line=LINE).delete()
    response = client.post(ENVELOPE.format(line=LINE), {f"amount__{LINE}": "12"})
    assert response.status_code == ENVELOPE_EXPECTED[who]
    assert Envelope.objects.filter(line=LINE).exists() == (who == "national")


def test_application_to_award_and_the_envelope_is_never_exceeded(scene, envelope):
    own, _, members = scene
    lead, regional = client_for(members["lead"]), client_for(members["regional"])
    neighbour = (
        Membership.objects.filter(role="system_lead", system__region=own.region)
        .exclude(system=own)
        .first()
    )
    # two systems of the region apply, £6m each, against a £10m envelope
    first = lead.post(APPLY.format(system=own.code), _form("5"))  # 5 + 1 = £6m
    second = client_for(neighbour).post(APPLY.format(system=neighbour.system_id), _form("5"))
    assert (first.status_code, second.status_code) == (302, 302)
    a, b = Application.objects.order_by("-id")[1], Application.objects.order_by("-id")[0]
    assert (a.requested, a.amounts) == (Decimal(6), {"2020/21": "5.000", "2021/22": "1.000"})
    assert regional.post(f"/funding/applications/{a.pk}/", {"award": "6"}).status_code == 302
    # the second asks £6m but £4m remains: refused at the field, nothing saved
    response = regional.post(f"/funding/applications/{b.pk}/", {"award": "6"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#award"' in page and 'id="award-error"' in page
    assert "Only £4m remains of this line&#39;s national envelope" in page
    b.refresh_from_db()
    envelope.refresh_from_db()
    assert (b.status, envelope.awarded) == ("submitted", Decimal(6))
    # in part, with a reason: the last £4m
    answer = regional.post(
        f"/funding/applications/{b.pk}/", {"award": "4", "reason": "What remains."}
    )
    assert answer.status_code == 302
    b.refresh_from_db()
    envelope.refresh_from_db()
    assert (b.status, b.awarded, envelope.awarded, envelope.remaining) == (
        "part",
        Decimal(4),
        Decimal(10),
        Decimal(0),
    )
    event = AuditEvent.objects.filter(action="funding_decide").first()
    assert event.after["awarded"] == "4.000" and event.actor == members["regional"].user
    # the award shows in the plan's finance page and nationally
    finance = lead.get(f"/plans/{own.code}/infrastructure/").content.decode()
    assert f"/funding/applications/{a.pk}/" in finance and "£6m" in finance
    national = client_for(members["national"]).get("/funding/").content.decode()
    row = national.split(f'data-line="{LINE}"')[1].split("</tr>")[0]
    assert "£10m" in row and "£0m" in row


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (_form(line="no-such-line"), "line", "Choose one of the targeted funding lines"),
        (_form(line=SEEDED), "applicant", "This line takes applications from: cancer-alliance"),
        (_form("-2"), "amount__2020/21", "Enter an amount of £0m or more"),
        (_form("lots"), "amount__2020/21", ""),
        ({**_form(), "purpose": " "}, "purpose", "Enter what the funding is for"),
        ({**_form(), "commitments": ["made-up"]}, "commitments", "Not commitments of the pack"),
    ],
)
def test_a_bad_application_is_named_at_its_field_and_not_saved(scene, form, field, message):
    own, _, members = scene
    before = Application.objects.count()
    response = client_for(members["lead"]).post(APPLY.format(system=own.code), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#{field}"' in page and f'id="{field}-error"' in page and message in page
    assert Application.objects.count() == before


def test_the_seeds_envelope_is_not_set_by_hand_and_an_unset_one_takes_no_award(scene):
    own, _, members = scene
    national = client_for(members["national"])
    response = national.post(ENVELOPE.format(line=SEEDED), {f"amount__{SEEDED}": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The seeds give this line&#39;s envelope" in page
    assert "£400m (seeds)" in page.split(f'data-line="{SEEDED}"')[1].split("</tr>")[0]
    assert not Envelope.objects.filter(line=SEEDED).exists()  # reading a page writes nothing
    Envelope.objects.filter(line=LINE).delete()
    application = _application(own, members["national"])
    response = national.post(f"/funding/applications/{application.pk}/", {"award": "1"})
    assert response.status_code == 400
    assert "No national envelope is set for this line yet" in response.content.decode()


def test_an_envelope_is_never_set_below_what_is_awarded(scene, envelope):
    _, _, members = scene
    Envelope.objects.filter(line=LINE).update(awarded=Decimal(7))
    response = client_for(members["national"]).post(
        ENVELOPE.format(line=LINE), {f"amount__{LINE}": "6.5"}
    )
    assert response.status_code == 400
    assert "£7m is already awarded from this line" in response.content.decode()
    envelope.refresh_from_db()
    assert envelope.amount == Decimal(10)


def test_the_first_award_from_the_seeds_envelope_writes_it(scene):
    own, _, members = scene
    application = _application(own, members["national"], line=SEEDED, amount="150")
    application.applicant = "cancer-alliance"
    application.save()
    regional = client_for(members["regional"])
    above = regional.post(f"/funding/applications/{application.pk}/", {"award": "151"})
    assert above.status_code == 400  # above the amount applied for: nothing written
    assert not Envelope.objects.filter(line=SEEDED).exists()
    assert (
        regional.post(f"/funding/applications/{application.pk}/", {"award": "150"}).status_code
        == 302
    )
    envelope = Envelope.objects.get(line=SEEDED)
    assert (envelope.amount, envelope.awarded, envelope.from_pack) == (
        Decimal(400),
        Decimal(150),
        True,
    )


DEVOLVABLE = "respiratory-funding"


def _moderate_all(client, system: str, level: str) -> None:
    data = {"year": "2019/20"}
    for c in PACK.maturity.characteristic:
        data |= {f"decision__{c.id}": "set", f"level__{c.id}": level, f"reason__{c.id}": "Seen."}
    assert client.post(f"/plans/{system}/maturity/moderate/", data).status_code == 302


def test_a_devolved_block_is_distributed_by_the_system_itself(scene):
    """Devolved transformation budgets (issue 16 item 2c): once the region moderates the
    system maturing, a devolvable line comes as one block, its need-weighted share of the
    envelope, which the system distributes itself within the block; moderated back down,
    applications go to the region again."""
    own, _, members = scene
    lead, regional = client_for(members["lead"]), client_for(members["regional"])
    Envelope.objects.update_or_create(
        line=DEVOLVABLE, defaults={"amount": Decimal(100), "awarded": Decimal(0)}
    )
    form = {**_form("1", line=DEVOLVABLE), "amount__2021/22": ""}
    assert lead.post(APPLY.format(system=own.code), form).status_code == 302
    assert Application.objects.filter(line=DEVOLVABLE).latest("id").status == "submitted"

    _moderate_all(regional, own.code, "maturing")
    weights = {s.code: s.population.need_weighted for s in PACK.geography.system}
    quota = Decimal(100) * Decimal(weights[own.code]) / Decimal(sum(weights.values()))
    page = lead.get(f"/plans/{own.code}/funding/").content.decode()
    row = page.split('data-testid="devolved-blocks"')[1].split(f'data-line="{DEVOLVABLE}"')[1]
    shown = Decimal(row.split("£")[1].split("m")[0])  # the block, as the page says it
    assert abs(shown - quota) < Decimal("0.001")

    assert lead.post(APPLY.format(system=own.code), _form("2", line=DEVOLVABLE)).status_code == 302
    made = Application.objects.filter(line=DEVOLVABLE).latest("id")
    assert (made.status, made.awarded, made.decided_by) == (
        "full",
        Decimal(3),
        members["lead"].user,
    )
    assert Envelope.objects.get(line=DEVOLVABLE).awarded == Decimal(3)
    assert AuditEvent.objects.filter(action="funding_devolved").exists()

    before = Application.objects.count()
    above = lead.post(APPLY.format(system=own.code), _form(str(int(shown) + 1), line=DEVOLVABLE))
    assert above.status_code == 400
    assert "of the system&#39;s devolved block of" in above.content.decode()
    assert 'id="amount__2020/21-error"' in above.content.decode()
    assert Application.objects.count() == before
    assert Envelope.objects.get(line=DEVOLVABLE).awarded == Decimal(3)

    _moderate_all(regional, own.code, "developing")
    assert lead.post(APPLY.format(system=own.code), form).status_code == 302
    assert Application.objects.filter(line=DEVOLVABLE).latest("id").status == "submitted"
