"""Every page and API call answers each role as the policy says: role × action × own/other."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from ltpif.web.planning.models import ApiToken, Membership, Plan
from tests.web.conftest import FORBIDDEN, OK, SIGN_IN, check_page_for_both, client_for

# Who acts: a key → how to find their membership. "own" is the lead's system S; "other" is a
# system in another region; the regional leads are S's region's and another region's.
PAGES = {
    "overview": "/plans/{system}/",
    "commitment": "/plans/{system}/commitments/adult-crisis-teams/",
    "engagement": "/plans/{system}/engagement/",
    "versions-audit": "/plans/{system}/audit/",
    "review": "/plans/{system}/review/",
    "submit": "/plans/{system}/actions/submit_draft/",
    "start-review": "/plans/{system}/actions/start_review/",
    "region": "/regions/{region}/",
    "national": "/national/",
}

# who: {page: (status for the own system / own region, status for the other system / region)}
EXPECTED = {
    "lead": {
        "overview": (OK, FORBIDDEN),
        "commitment": (OK, FORBIDDEN),
        "engagement": (OK, FORBIDDEN),
        "versions-audit": (OK, FORBIDDEN),
        "review": (OK, FORBIDDEN),
        "submit": (OK, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (FORBIDDEN, FORBIDDEN),
        "national": (FORBIDDEN, FORBIDDEN),
    },
    "partner": {
        "overview": (OK, FORBIDDEN),
        "commitment": (OK, FORBIDDEN),
        "engagement": (OK, FORBIDDEN),
        "versions-audit": (OK, FORBIDDEN),
        "review": (OK, FORBIDDEN),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (FORBIDDEN, FORBIDDEN),
        "national": (FORBIDDEN, FORBIDDEN),
    },
    "regional": {
        "overview": (OK, FORBIDDEN),
        "commitment": (OK, FORBIDDEN),
        "engagement": (OK, FORBIDDEN),
        "versions-audit": (OK, FORBIDDEN),
        "review": (OK, FORBIDDEN),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (OK, FORBIDDEN),
        "region": (OK, FORBIDDEN),
        "national": (FORBIDDEN, FORBIDDEN),
    },
    "national": {
        "overview": (OK, OK),
        "commitment": (OK, OK),
        "engagement": (OK, OK),
        "versions-audit": (OK, OK),
        "review": (OK, OK),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (OK, OK),
        "national": (OK, OK),
    },
    "observer": {
        "overview": (OK, OK),
        "commitment": (OK, OK),
        "engagement": (OK, OK),
        "versions-audit": (OK, OK),
        "review": (OK, OK),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (OK, OK),
        "national": (OK, OK),
    },
    "anonymous": dict.fromkeys(PAGES, (SIGN_IN, SIGN_IN)),
}


CASES = [(who, page) for who in EXPECTED for page in PAGES]


@pytest.mark.parametrize(("who", "page"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_pages(scene, who, page):
    check_page_for_both(scene, who, PAGES[page], EXPECTED[who][page])


WRITES = [
    ("lead", "/plans/{system}/narrative/save/", {"field": "prevention", "text": "More."}),
    (
        "partner",
        "/plans/{system}/sign-offs/add/",
        {
            "partner": "local-authority",
            "name": "A council",
            "status": "signed",
            "date": "2019-09-10",
        },
    ),
    (
        "partner",
        "/plans/{system}/engagement/add/",
        {
            "date": "2019-09-10",
            "partner": "health-and-wellbeing-board",
            "partner_name": "A board",
            "kind": "dedicated-discussion",
            "summary": "Discussed.",
        },
    ),
]


@pytest.mark.parametrize(("who", "url", "data"), WRITES)
def test_writes_only_to_own_system(scene, who, url, data):
    own, other, members = scene
    client = client_for(members[who])
    for target, allowed in ((own, True), (other, False)):
        plan = Plan.objects.get(system=target)
        before = plan.lock_version
        response = client.post(url.format(system=target.code), {**data, "lock_version": before})
        plan.refresh_from_db()
        if allowed:
            assert response.status_code == 302, response.content[:500]
            assert plan.lock_version == before + 1
        else:
            assert response.status_code == 403
            assert plan.lock_version == before


@pytest.mark.parametrize("who", ["partner", "regional", "national", "observer"])
def test_only_the_system_lead_edits(scene, who):
    own, _, members = scene
    plan = Plan.objects.get(system=own)
    response = client_for(members[who]).post(
        f"/plans/{own.code}/narrative/save/",
        {"field": "prevention", "text": "Changed.", "lock_version": plan.lock_version},
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.working["narrative"]["prevention"] != "Changed."


def _token(member: Membership) -> str:
    token = f"token-{member.user.username}"
    ApiToken.objects.get_or_create(
        user=member.user, sha256=hashlib.sha256(token.encode()).hexdigest(), defaults={"name": "t"}
    )
    return token


@pytest.mark.parametrize(
    ("who", "own_status", "other_status"),
    [
        ("lead", 200, 403),
        ("partner", 200, 403),
        ("regional", 200, 403),
        ("national", 200, 200),
        ("observer", 200, 200),
    ],
)
def test_api_reads(scene, who, own_status, other_status):
    own, other, members = scene
    headers = {"Authorization": f"Bearer {_token(members[who])}"}
    client = Client()
    assert client.get(f"/api/plans/{own.code}", headers=headers).status_code == own_status
    assert client.get(f"/api/plans/{other.code}", headers=headers).status_code == other_status
    listed = {s["code"] for s in client.get("/api/systems", headers=headers).json()}
    assert (own.code in listed, other.code in listed) == (own_status == 200, other_status == 200)


def test_api_needs_a_valid_token(scene):
    own, _, _ = scene
    assert Client().get(f"/api/plans/{own.code}").status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert Client().get(f"/api/plans/{own.code}", headers=bad).status_code == 401


@pytest.mark.parametrize(
    ("who", "expected"),
    [("lead", 200), ("partner", 403), ("regional", 403), ("national", 403), ("observer", 403)],
)
def test_api_writes(scene, who, expected):
    own, _, members = scene
    plan = Plan.objects.get(system=own)
    response = Client().put(
        f"/api/plans/{own.code}",
        {"lock_version": plan.lock_version, "document": plan.working},
        content_type="application/json",
        headers={"Authorization": f"Bearer {_token(members[who])}"},
    )
    assert response.status_code == expected, response.content[:300]
