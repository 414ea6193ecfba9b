"""ICS maturity in the web (issue 16 item 1): the self-assessment per characteristic, the
region's moderation, the national view; bad input named at its field with nothing saved."""

from __future__ import annotations

import re

import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.maturity.models import Moderation
from ltpif.web.planning.models import AuditEvent, Membership, Plan, PlanVersion, Review
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, check_page_for_both, client_for

PACK = load_pack()
CHARACTERISTICS = [c.id for c in PACK.maturity.characteristic]
YEARS = PACK.plan_years  # 2018/19 … 2023/24

PAGES = {
    "maturity": "/maturity/",
    "maturity-csv": "/maturity/levels.csv",
}
NATIONAL_ONLY = (FORBIDDEN, FORBIDDEN)
EXPECTED = {
    "lead": dict.fromkeys(PAGES, NATIONAL_ONLY),
    "partner": dict.fromkeys(PAGES, NATIONAL_ONLY),
    "regional": dict.fromkeys(PAGES, NATIONAL_ONLY),
    "national": dict.fromkeys(PAGES, (OK, OK)),
    "observer": dict.fromkeys(PAGES, (OK, OK)),
    "anonymous": dict.fromkeys(PAGES, (SIGN_IN, SIGN_IN)),
}
CASES = [(who, name) for who in EXPECTED for name in PAGES]

MODERATE = "/plans/{system}/maturity/moderate/"
# who: (own system, a system of another region) for a well-formed moderation
MODERATE_EXPECTED = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (302, FORBIDDEN),
    "national": (302, 302),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize(("who", "name"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_who_sees_the_national_view(scene, who, name):
    check_page_for_both(scene, who, PAGES[name], EXPECTED[who][name])


def _agree_all(year: str) -> dict:
    return {"year": year, **{f"decision__{c}": "agree" for c in CHARACTERISTICS}}


@pytest.mark.parametrize("who", MODERATE_EXPECTED)
def test_who_moderates(scene, who):
    from django.test import Client

    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), MODERATE_EXPECTED[who], strict=True):
        before = Moderation.objects.filter(system=target).count()
        response = client.post(MODERATE.format(system=target.code), _agree_all("2019/20"))
        assert response.status_code == status, (who, target.code)
        added = Moderation.objects.filter(system=target).count() - before
        saved = status == 302 and who != "anonymous"  # SIGN_IN is a 302 too
        assert added == (len(CHARACTERISTICS) if saved else 0)


def _assessment(rise_evidence: str = "Independent chair appointed in May 2020.") -> dict:
    """Every characteristic developing in 2019/20 and maturing from 2020/21."""
    data = {}
    for c in CHARACTERISTICS:
        for year in YEARS[1:]:
            data[f"level__{c}__{year}"] = "developing" if year == "2019/20" else "maturing"
        data[f"evidence__{c}__2020/21"] = rise_evidence
    return data


def test_the_lead_saves_a_level_per_characteristic_per_year(lead):
    plan = Plan.objects.get(system=lead.system)
    data = {**_assessment(), "evidence": "Summary.", "lock_version": plan.lock_version}
    response = client_for(lead).post(f"/plans/{plan.system_id}/maturity/save/", data)
    assert response.status_code == 302, response.content[:2000]
    plan.refresh_from_db()
    maturity = plan.working["maturity"]
    assert len(maturity["characteristics"]) == len(CHARACTERISTICS)
    # the system's level is its lowest characteristic's, each year
    assert maturity["self_assessment"] == {
        "2019/20": "developing",
        **dict.fromkeys(YEARS[2:], "maturing"),
    }
    event = AuditEvent.objects.filter(plan=plan, action="update_maturity").first()
    assert event.after["characteristics"][0]["evidence"] == {
        "2020/21": "Independent chair appointed in May 2020."
    }
    page = client_for(lead).get(f"/plans/{plan.system_id}/maturity/").content.decode()
    assert "Independent chair appointed in May 2020." in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"level__no-such-characteristic__2019/20": "maturing"},
            "level__no-such-characteristic__2019/20",
            "is not a characteristic of a mature ICS in the pack",
        ),
        (
            {f"evidence__{CHARACTERISTICS[2]}__2020/21": ""},
            f"evidence__{CHARACTERISTICS[2]}__2020/21",
            "The level rises in 2020/21: give the evidence for 2020/21",
        ),
        (
            {f"level__{CHARACTERISTICS[0]}__2019/20": "mature"},
            f"level__{CHARACTERISTICS[0]}__2019/20",
            "Unknown level",
        ),
    ],
)
def test_bad_assessments_are_named_at_the_field_and_nothing_is_saved(lead, change, field, message):
    plan = Plan.objects.get(system=lead.system)
    before, working = plan.lock_version, plan.working
    data = {**_assessment(), **change, "evidence": "Summary.", "lock_version": before}
    response = client_for(lead).post(f"/plans/{plan.system_id}/maturity/save/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#{field}"' in page  # the error summary links to the field
    assert f'id="{field}-error"' in page or "no-such" in field  # and the field says why
    assert message in page
    plan.refresh_from_db()
    assert (plan.lock_version, plan.working) == (before, working)


def test_the_region_moderates_and_the_moderated_level_counts(scene):
    own, _, members = scene
    regional = client_for(members["regional"])
    url = MODERATE.format(system=own.code)
    # set one characteristic down without a reason: refused at the field, nothing saved
    bad = {**_agree_all("2020/21"), f"decision__{CHARACTERISTICS[0]}": "set"}
    bad[f"level__{CHARACTERISTICS[0]}"] = "developing"
    before = Moderation.objects.count()
    response = regional.post(url, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="reason__{CHARACTERISTICS[0]}-error"' in page
    assert "Give the reason the region sets another level" in page
    assert Moderation.objects.count() == before
    # with the reason: saved, audited, and the national view counts the region's level
    bad[f"reason__{CHARACTERISTICS[0]}"] = "No independent chair appointed yet."
    assert regional.post(url, bad).status_code == 302
    row = Moderation.objects.filter(
        system=own, year="2020/21", characteristic=CHARACTERISTICS[0]
    ).first()
    assert (row.level, row.agreed, row.reason) == (
        "developing",
        False,
        "No independent chair appointed yet.",
    )
    event = AuditEvent.objects.filter(plan__system=own, action="moderate_maturity").first()
    assert event.actor == members["regional"].user
    assert event.after["levels"][CHARACTERISTICS[0]] == "developing"
    national = client_for(members["national"]).get("/maturity/").content.decode()
    row_html = national.split(f'data-system="{own.code}"')[1].split("</tr>")[0]
    # every characteristic of 2020/21 is moderated, one of them down: the system is developing
    assert "Developing (moderated)" in row_html


def test_a_characteristic_not_in_the_pack_is_refused(scene):
    own, _, members = scene
    response = client_for(members["regional"]).post(
        MODERATE.format(system=own.code), {"year": "2019/20", "decision__made-up": "agree"}
    )
    assert response.status_code == 400
    assert "“made-up” is not a characteristic of a mature ICS in the pack" in (
        response.content.decode()
    )


def test_the_national_view_names_the_plans_that_do_not_reach_mature(scene):
    """The demo's late systems (an independent list: the demo's pinned failings) are the
    ones named, before any moderation."""
    _, _, members = scene
    late = {
        code
        for code, failings in demo_assignments(PACK).items()
        if "not-mature-by-2021" in failings
    }
    moderated = set(Moderation.objects.values_list("system_id", flat=True))
    response = client_for(members["national"]).get("/maturity/")
    page = response.content.decode()
    named = page.split('data-testid="not-reaching"')[1].split("</ul>")[0]
    for code in late - moderated:
        assert f"/plans/{code}/maturity/" in named
    assert "<svg" in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script (CSP)
    assert "style=" not in page and "<style" not in page
    csv = client_for(members["observer"]).get("/maturity/levels.csv").content.decode()
    assert csv.count("\n") == 1 + Plan.objects.count()


def _set_all(year: str, level: str) -> dict:
    data = {"year": year}
    for c in CHARACTERISTICS:
        data |= {f"decision__{c}": "set", f"level__{c}": level, f"reason__{c}": "Evidence seen."}
    return data


def test_a_change_of_moderated_level_changes_the_freedoms_at_once(lead):
    """Level → what changes (issue 16 item 2): moderated maturing, the plan's assurance stops
    asking the waived query and the region's review stops judging two areas; moderated back
    down, both return. Each change is audited with the freedoms before and after."""
    plan = Plan.objects.get(system=lead.system)
    regional = client_for(
        Membership.objects.get(role="regional_lead", region=lead.system.region_id)
    )
    short = {"field": "engagement", "text": "Met partners.", "lock_version": plan.lock_version}
    assert (
        client_for(lead).post(f"/plans/{plan.system_id}/narrative/save/", short).status_code == 302
    )
    plan.refresh_from_db()
    asked = plan.queries
    findings_url = f"/plans/{plan.system_id}/"
    assert "sections-substantial" in client_for(lead).get(findings_url).content.decode()

    assert (
        regional.post(
            MODERATE.format(system=plan.system_id), _set_all("2019/20", "maturing")
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.queries == asked - 1  # the stored summary changed with the level
    assert "sections-substantial" not in client_for(lead).get(findings_url).content.decode()
    page = client_for(lead).get(f"/plans/{plan.system_id}/maturity/").content.decode()
    assert 'data-testid="waived-rules"' in page and "earned</strong>" in page
    event = AuditEvent.objects.filter(plan=plan, action="moderate_maturity").first()
    assert (event.before["freedoms"], event.before["level"]) == ([], None)
    assert event.after["level"] == "maturing"
    assert set(event.after["freedoms"]) == {f.id for f in PACK.maturity.freedom}

    # the region's review asks fewer judgements, and refuses one on an area the ICS assures
    version = PlanVersion.objects.filter(plan=plan).first()
    Review.objects.create(plan=plan, version=version, reviewer=regional_user(lead))
    review = regional.get(f"/plans/{plan.system_id}/review/").content.decode()
    assert 'data-testid="ics-assured-local-need"' in review
    assert 'data-testid="judge-local-need"' not in review
    assert 'data-testid="judge-efficiency"' in review
    refused = regional.post(
        f"/plans/{plan.system_id}/review/", {"area": "engagement", "rag": "green"}
    )
    assert refused.status_code == 400
    assert "The ICS assures this area itself" in refused.content.decode()

    # moderated back down: the freedoms go at once
    down = _set_all("2019/20", "developing")
    assert regional.post(MODERATE.format(system=plan.system_id), down).status_code == 302
    plan.refresh_from_db()
    assert plan.queries == asked
    review = regional.get(f"/plans/{plan.system_id}/review/").content.decode()
    assert 'data-testid="judge-local-need"' in review
    event = AuditEvent.objects.filter(plan=plan, action="moderate_maturity").first()
    assert (event.before["level"], event.after["level"], event.after["freedoms"]) == (
        "maturing",
        "developing",
        [],
    )


def regional_user(lead):
    return Membership.objects.get(role="regional_lead", region=lead.system.region_id).user
