"""Every page and API call answers each role as the policy says: role × action × own/other."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from ltpif.web.planning.models import ApiToken, Membership, Plan
from ltpif.web.publishing.models import PublicationRun
from ltpif.web.signoffs import actions as signing
from ltpif.web.signoffs.actions import signing_fields
from tests.web import (
    test_funding_pages,
    test_ics_assurance_pages,
    test_landscape_change_pages,
    test_landscape_pages,
    test_maturity_pages,
    test_monitoring_pages,
    test_next_round,
    test_notifications,
    test_operational_workflow,
    test_people,
    test_publish_agreed,
    test_rollup_pages,
    test_rounds,
    test_sign_off_requests,
    test_upload_actuals,
)
from tests.web.conftest import (
    FORBIDDEN,
    OK,
    SIGN_IN,
    check_page_for_both,
    client_for,
    date_boxes,
)

NOT_FOUND, BAD_FORM = 404, 400

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
    "home": "/",
    "commitments": "/plans/{system}/commitments/",
    "narrative": "/plans/{system}/narrative/",
    "infrastructure": "/plans/{system}/infrastructure/",
    "maturity": "/plans/{system}/maturity/",
    "feasibility": "/plans/{system}/feasibility/",
    "feasibility-csv": "/plans/{system}/feasibility/waiting-list.csv",
    # the tab's charts as CSV and its capacity what-if (issue 14 items 4 and 6): as the tab
    "feasibility-chart-csv": "/plans/{system}/feasibility/projection.csv",
    "feasibility-what-if": "/plans/{system}/feasibility/what-if/",
    "operational": "/plans/{system}/operational/",
    "operational-csv": "/plans/{system}/operational/operational.csv",
    "versions": "/plans/{system}/versions/",
    "workbook": "/plans/{system}/workbook/",
    # a finished national publication (the `run` fixture); seen as the national dashboard is
    "publish-run": "/publish/{run}/",
    "publish-status": "/publish/{run}/status/",
    "publish-file": "/publish/{run}/files/index.html",
    # the system's footprint as organisations: seen as its plan is (adding: test_organisations)
    "organisations": "/systems/{system}/organisations/",
    # only the region's assurance lead extends a plan's deadline (issue 13 item 2)
    "extension": "/plans/{system}/extension/",
    # a local priority's form (issue 15 item 2): seen as the plan is; one the plan lacks is 404
    "local-priority-new": "/plans/{system}/local-priorities/new/",
    "local-priority-missing": "/plans/{system}/local-priorities/local-none/",
    # the health and wellbeing partnership (issue 15 item 4): the boards' strategies and the
    # plan's links to them, seen as the plan is; a record the system's boards lack is 404
    "partnership": "/systems/{system}/partnership/",
    "strategy-links": "/plans/{system}/strategy-links/",
    "partnership-item-missing": "/systems/{system}/partnership/items/999999/",
    # a part of the plan's form (issue 19 item 3): seen as the plan is; saving: EDITS below
    "part-finance": "/plans/{system}/parts/finance/",
    "part-milestones": "/plans/{system}/commitments/adult-crisis-teams/milestones/",
}
# the plan's other tabs and its workbook: seen as its overview is
TABS = (
    "commitments",
    "narrative",
    "infrastructure",
    "maturity",
    "feasibility",
    "feasibility-csv",
    "feasibility-chart-csv",
    "feasibility-what-if",
    "operational",
    "operational-csv",
    "versions",
    "workbook",
    "local-priority-new",
    "partnership",
    "strategy-links",
    "part-finance",
    "part-milestones",
)
RUN = ("publish-run", "publish-status", "publish-file")

# who: {page: (status for the own system / own region, status for the other system / region)}
EXPECTED = {
    "lead": {
        "overview": (OK, FORBIDDEN),
        "organisations": (OK, FORBIDDEN),
        "commitment": (OK, FORBIDDEN),
        "engagement": (OK, FORBIDDEN),
        "versions-audit": (OK, FORBIDDEN),
        "review": (OK, FORBIDDEN),
        "submit": (OK, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (FORBIDDEN, FORBIDDEN),
        "national": (FORBIDDEN, FORBIDDEN),
        "home": (OK, OK),
        **dict.fromkeys(TABS, (OK, FORBIDDEN)),
        "extension": (FORBIDDEN, FORBIDDEN),
        **dict.fromkeys(RUN, (FORBIDDEN, FORBIDDEN)),
        "local-priority-missing": (NOT_FOUND, FORBIDDEN),
        "partnership-item-missing": (NOT_FOUND, FORBIDDEN),
    },
    "partner": {
        "overview": (OK, FORBIDDEN),
        "organisations": (OK, FORBIDDEN),
        "commitment": (OK, FORBIDDEN),
        "engagement": (OK, FORBIDDEN),
        "versions-audit": (OK, FORBIDDEN),
        "review": (OK, FORBIDDEN),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (FORBIDDEN, FORBIDDEN),
        "national": (FORBIDDEN, FORBIDDEN),
        "home": (OK, OK),
        **dict.fromkeys(TABS, (OK, FORBIDDEN)),
        "extension": (FORBIDDEN, FORBIDDEN),
        **dict.fromkeys(RUN, (FORBIDDEN, FORBIDDEN)),
        "local-priority-missing": (NOT_FOUND, FORBIDDEN),
        "partnership-item-missing": (NOT_FOUND, FORBIDDEN),
    },
    "regional": {
        "overview": (OK, FORBIDDEN),
        "organisations": (OK, FORBIDDEN),
        "commitment": (OK, FORBIDDEN),
        "engagement": (OK, FORBIDDEN),
        "versions-audit": (OK, FORBIDDEN),
        "review": (OK, FORBIDDEN),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (OK, FORBIDDEN),
        "region": (OK, FORBIDDEN),
        "national": (FORBIDDEN, FORBIDDEN),
        "home": (OK, OK),
        **dict.fromkeys(TABS, (OK, FORBIDDEN)),
        "extension": (OK, FORBIDDEN),
        **dict.fromkeys(RUN, (FORBIDDEN, FORBIDDEN)),
        "local-priority-missing": (NOT_FOUND, FORBIDDEN),
        "partnership-item-missing": (NOT_FOUND, FORBIDDEN),
    },
    "national": {
        "overview": (OK, OK),
        "organisations": (OK, OK),
        "commitment": (OK, OK),
        "engagement": (OK, OK),
        "versions-audit": (OK, OK),
        "review": (OK, OK),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (OK, OK),
        "national": (OK, OK),
        "home": (OK, OK),
        **dict.fromkeys(TABS, (OK, OK)),
        "extension": (FORBIDDEN, FORBIDDEN),
        **dict.fromkeys(RUN, (OK, OK)),
        "local-priority-missing": (NOT_FOUND, NOT_FOUND),
        "partnership-item-missing": (NOT_FOUND, NOT_FOUND),
    },
    "observer": {
        "overview": (OK, OK),
        "organisations": (OK, OK),
        "commitment": (OK, OK),
        "engagement": (OK, OK),
        "versions-audit": (OK, OK),
        "review": (OK, OK),
        "submit": (FORBIDDEN, FORBIDDEN),
        "start-review": (FORBIDDEN, FORBIDDEN),
        "region": (OK, OK),
        "national": (OK, OK),
        "home": (OK, OK),
        **dict.fromkeys(TABS, (OK, OK)),
        "extension": (FORBIDDEN, FORBIDDEN),
        **dict.fromkeys(RUN, (OK, OK)),
        "local-priority-missing": (NOT_FOUND, NOT_FOUND),
        "partnership-item-missing": (NOT_FOUND, NOT_FOUND),
    },
    "anonymous": dict.fromkeys(PAGES, (SIGN_IN, SIGN_IN)),
}


CASES = [(who, page) for who in EXPECTED for page in PAGES]


@pytest.fixture
def run(tmp_path):
    """A finished national publication with one file."""
    (tmp_path / "index.html").write_text("<h1>National implementation plan</h1>")
    return PublicationRun.objects.create(status=PublicationRun.DONE, folder=str(tmp_path))


@pytest.mark.parametrize(("who", "page"), CASES, ids=[f"{w}-{p}" for w, p in CASES])
def test_pages(scene, run, who, page):
    url = PAGES[page].replace("{run}", str(run.pk))
    check_page_for_both(scene, who, url, EXPECTED[who][page])


# Forms that change a plan, posted empty: whoever may edit is told what the form lacks (400)
# and nothing is saved; everyone else is refused before the form is read.
EDITS = {
    "trajectories": "/plans/{system}/commitments/adult-crisis-teams/trajectories/",
    "commitment-details": "/plans/{system}/commitments/adult-crisis-teams/details/",
    "maturity": "/plans/{system}/maturity/save/",
    # an answer to a query (issue 13 item 3): the lead's form lacks its lock version
    "query-answer": "/plans/{system}/queries/answer/",
    # a local priority added (issue 15 item 2): the form lacks its lock version; changing and
    # removing one: test_local_priority_pages.py (the URL names one of the plan's own)
    "local-priority-new": "/plans/{system}/local-priorities/new/",
    # a link to a board's strategy (issue 15 item 4): the form lacks its lock version; the
    # links' own rules: test_partnership_pages.py
    "strategy-links": "/plans/{system}/strategy-links/",
    # a part of the plan saved (issue 19 item 3): the form lacks its lock version
    "part-workforce": "/plans/{system}/parts/workforce/",
    "part-milestones": "/plans/{system}/commitments/adult-crisis-teams/milestones/",
}
EDIT_EXPECTED = {
    "lead": (BAD_FORM, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}
EDIT_CASES = [(who, form) for who in EDIT_EXPECTED for form in EDITS]


@pytest.mark.parametrize(("who", "form"), EDIT_CASES, ids=[f"{w}-{f}" for w, f in EDIT_CASES])
def test_edit_forms(scene, who, form):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), EDIT_EXPECTED[who], strict=True):
        plan = Plan.objects.get(system=target)
        before = plan.lock_version
        response = client.post(EDITS[form].format(system=target.code), {})
        assert response.status_code == status, f"{who} POST {form} of {target.code}"
        plan.refresh_from_db()
        assert plan.lock_version == before


# A board's strategy recorded (issue 15 item 4), posted empty: only the system's partner, a
# user of an upper-tier authority of its footprint, is told what the form lacks (400); everyone
# else is refused before the form is read; nothing is saved.
RECORD = "/systems/{system}/partnership/"
RECORD_EXPECTED = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (BAD_FORM, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize("who", RECORD_EXPECTED)
def test_recording_a_strategy(scene, who):
    from ltpif.web.organisations.models import Footprint, Organisation
    from ltpif.web.partnership.models import StrategyItem
    from ltpif.web.people.models import Person

    own, other, members = scene
    board = Organisation.objects.create(type="local_authority", code="E06000093", name="Board")
    Footprint.objects.create(organisation=board, system=own)
    Person.objects.update_or_create(
        user=members["partner"].user, defaults={"name": "P", "organisation_code": "E06000093"}
    )
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), RECORD_EXPECTED[who], strict=True):
        response = client.post(RECORD.format(system=target.code), {})
        assert response.status_code == status, f"{who} records a strategy of {target.code}"
    assert not StrategyItem.objects.exists()


# The region's decision on a query answer, posted empty: the region's own lead is told the
# plan is not in review (409); everyone else is refused before the form is read.
DECISION = "/plans/{system}/queries/decision/"
DECISION_EXPECTED = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (409, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize("who", DECISION_EXPECTED)
def test_query_decisions(scene, who):
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), DECISION_EXPECTED[who], strict=True):
        plan = Plan.objects.get(system=target)
        response = client.post(DECISION.format(system=target.code), {})
        assert response.status_code == status, f"{who} POST decision on {target.code}"
        assert not plan.query_decisions.exists()


CLOSE_CONCERNS = "/plans/{system}/sign-offs/{index}/close/"
CLOSE_EXPECTED = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (302, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (FORBIDDEN, FORBIDDEN),
    "observer": (FORBIDDEN, FORBIDDEN),
    "anonymous": (SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize("who", CLOSE_EXPECTED)
def test_closing_concerns(scene, who):
    """Only the partner who raised concerns, on their own system's plan, may close them."""
    own, other, members = scene
    client = Client() if who == "anonymous" else client_for(members[who])
    for target, status in zip((own, other), CLOSE_EXPECTED[who], strict=True):
        plan = Plan.objects.get(system=target)
        raiser = members["partner"] if target == own else None
        if raiser is None:  # the other system's partner raises them
            raiser = Membership.objects.filter(system=target, role="la_partner").first().user
        else:
            raiser = raiser.user
        fields = {"partner": "local-authority", "name": "A council", "status": "concerns"}
        fields |= {"concerns": "Care.", **signing_fields(plan)}
        signing.sign(plan=plan, fields=fields, by=raiser)
        plan.refresh_from_db()
        index = len(plan.working["sign_offs"]) - 1
        url = CLOSE_CONCERNS.format(system=target.code, index=index)
        response = client.post(url, {"outcome": "resolved", "note": "Agreed."})
        assert response.status_code == status, f"{who} closes concerns on {target.code}"
        plan.refresh_from_db()
        closed = plan.working["sign_offs"][index].get("concerns_closed")
        allowed = who == "partner" and target == own
        assert closed == ("resolved" if allowed else None)


@pytest.mark.parametrize("who", ["lead", "partner", "regional", "national", "observer", None])
def test_signing_in_and_out(scene, who):
    """The sign-in page is open to all; signing out (a POST) sends anyone back, signed out."""
    _, _, members = scene
    client = Client() if who is None else client_for(members[who])
    assert client.get("/sign-in/").status_code == OK
    assert client.post("/sign-out/").status_code == 302
    assert client.get("/").status_code == SIGN_IN


WRITES = [
    ("lead", "/plans/{system}/narrative/save/", {"field": "prevention", "text": "More."}),
    (
        "partner",
        "/plans/{system}/sign-offs/add/",
        {
            "partner": "local-authority",
            "name": "A council",
            "status": "signed",
            **date_boxes("signed_on", "2019-09-10"),
        },
    ),
    (
        "partner",
        "/plans/{system}/engagement/add/",
        {
            **date_boxes("date", "2019-09-10"),
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
        signed = signing_fields(plan) if "sign-offs/add" in url else {}
        response = client.post(
            url.format(system=target.code), {**data, **signed, "lock_version": before}
        )
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


API_PUT = "/api/plans/{system}"


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


UNAUTHORISED, CONFLICT, UNPROCESSABLE = 401, 409, 422
ALL_OK = dict.fromkeys(("lead", "partner", "regional", "national", "observer"), (OK, OK))
SEES_OWN = {
    "lead": (OK, FORBIDDEN),
    "partner": (OK, FORBIDDEN),
    "regional": (OK, FORBIDDEN),
    "national": (OK, OK),
    "observer": (OK, OK),
}
NATIONAL_ONLY = {
    "lead": (FORBIDDEN, FORBIDDEN),
    "partner": (FORBIDDEN, FORBIDDEN),
    "regional": (FORBIDDEN, FORBIDDEN),
    "national": (OK, OK),
    "observer": (OK, OK),
}
MONITORED = "ae-4-hour-performance"
# API route name: (method, path, body, {who: (own system, another region's system)}); no token
# is 401 but for the open description of the API. PUT /api/plans/… is `test_api_writes`.
API = {
    "api:systems": ("GET", "/api/systems", None, ALL_OK),
    "api:statuses": ("GET", "/api/statuses", None, ALL_OK),
    "api:get_plan": ("GET", "/api/plans/{system}", None, SEES_OWN),
    "api:versions": ("GET", "/api/plans/{system}/versions", None, SEES_OWN),
    "api:findings": ("GET", "/api/plans/{system}/findings", None, SEES_OWN),
    "api:reviews": ("GET", "/api/plans/{system}/reviews", None, SEES_OWN),
    # a plan loaded into the database starts with its "initial" version, number 1
    "api:version": ("GET", "/api/plans/{system}/versions/1", None, SEES_OWN),
    # only the regional lead starts a review; of a draft not yet submitted it is a conflict
    "api:act": (
        "POST",
        "/api/plans/{system}/actions/start_review",
        {},
        {
            "lead": (FORBIDDEN, FORBIDDEN),
            "partner": (FORBIDDEN, FORBIDDEN),
            "regional": (CONFLICT, FORBIDDEN),
            "national": (FORBIDDEN, FORBIDDEN),
            "observer": (FORBIDDEN, FORBIDDEN),
        },
    ),
    # what-if on a metric with no ambition: refused, or (if allowed) told the metric is wrong
    "api:what_if": (
        "POST",
        "/api/what-if",
        {"system": "{system}", "metric": "no-such-metric"},
        {
            "lead": (UNPROCESSABLE, FORBIDDEN),
            "partner": (FORBIDDEN, FORBIDDEN),
            "regional": (UNPROCESSABLE, FORBIDDEN),
            "national": (UNPROCESSABLE, UNPROCESSABLE),
            "observer": (FORBIDDEN, FORBIDDEN),
        },
    ),
}
# the analysts' API (issue 17): as the monitoring and roll-up pages (a region's roll-up, with
# ?region=, is its assurance team's too: test_api_monitoring.py)
API |= {
    "api:actuals": ("GET", f"/api/monitoring/actuals/{MONITORED}/{{system}}", None, SEES_OWN),
    "api:actuals_csv": (
        "GET",
        f"/api/monitoring/actuals/{MONITORED}/{{system}}.csv",
        None,
        SEES_OWN,
    ),
    "api:spc": ("GET", f"/api/monitoring/spc/{MONITORED}/{{system}}", None, SEES_OWN),
    "api:spc_csv": ("GET", f"/api/monitoring/spc/{MONITORED}/{{system}}.csv", None, SEES_OWN),
    "api:funnel": ("GET", f"/api/monitoring/funnel/{MONITORED}", None, NATIONAL_ONLY),
    "api:funnel_csv": ("GET", f"/api/monitoring/funnel/{MONITORED}.csv", None, NATIONAL_ONLY),
    "api:summary": ("GET", "/api/monitoring/summary", None, ALL_OK),
    "api:summary_csv": ("GET", "/api/monitoring/summary.csv", None, ALL_OK),
    "api:ambitions": ("GET", "/api/rollup/ambitions", None, NATIONAL_ONLY),
    "api:ambitions_csv": ("GET", "/api/rollup/ambitions.csv", None, NATIONAL_ONLY),
    "api:gaps": ("GET", "/api/rollup/gaps/pcn-additional-roles-20000", None, NATIONAL_ONLY),
    "api:gap_csv": (
        "GET",
        "/api/rollup/gaps/pcn-additional-roles-20000/trajectory.csv",
        None,
        NATIONAL_ONLY,
    ),
}
# open to anyone, no token: the API's description; its root only names the docs (ninja's 404)
OPEN_API = {
    "api:openapi-json": ("/api/openapi.json", OK),
    "api:openapi-view": ("/api/docs", OK),
    "api:api-root": ("/api/", NOT_FOUND),
}
API_CASES = [(who, name) for name in API for who in API[name][3]]


@pytest.mark.parametrize(("who", "name"), API_CASES, ids=[f"{w}-{n}" for w, n in API_CASES])
def test_api_matrix(scene, who, name):
    own, other, members = scene
    method, path, body, expected = API[name]
    client = Client()
    for target, status in [*zip((own, other), expected[who], strict=True), (own, UNAUTHORISED)]:
        headers = {"Authorization": f"Bearer {_token(members[who])}"} if status != 401 else {}
        data = {k: v.format(system=target.code) for k, v in body.items()} if body else body
        response = client.generic(
            method,
            path.format(system=target.code),
            json.dumps(data) if data is not None else "",
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == status, (who, name, target.code, response.content[:200])


@pytest.mark.parametrize(("url", "status"), OPEN_API.values())
def test_the_api_description_is_open(scene, url, status):
    _, _, members = scene
    for client in (Client(), client_for(members["lead"])):
        assert client.get(url).status_code == status


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
        API_PUT.format(system=own.code),
        {"lock_version": plan.lock_version, "document": plan.working},
        content_type="application/json",
        headers={"Authorization": f"Bearer {_token(members[who])}"},
    )
    assert response.status_code == expected, response.content[:300]


def every_route(resolver=None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every URL pattern of the app, by (namespaced) name: its full route."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= every_route(entry, route, inner)
        else:
            assert isinstance(entry, URLPattern) and entry.name, f"unnamed route {route!r}"
            found[namespace + entry.name] = route
    return found


def rows_by_route() -> dict[str, str]:
    """Every row of the permission matrices (this file's, the roll-up's and monitoring's):
    the route name it exercises → one URL it requests."""
    some = {"system": "E54000007", "region": "E40000010", "run": "1"}
    urls = [
        *(url.format(**some) for url in PAGES.values()),
        *(url.format(**some) for url in test_rollup_pages.PAGES.values()),
        *(url.format(**some) for url in test_maturity_pages.PAGES.values()),
        test_maturity_pages.MODERATE.format(**some),
        *(
            url.format(**some, application="1")
            for url in (*test_funding_pages.PAGES.values(), test_funding_pages.APPLY)
        ),
        test_funding_pages.ENVELOPE.format(line=test_funding_pages.LINE),
        *(url.format(**some, pk="1") for url in test_landscape_pages.PAGES.values()),
        *(url.format(**some, pk="1") for url in test_landscape_change_pages.PAGES.values()),
        *(url.format(**some) for url in test_ics_assurance_pages.PAGES.values()),
        *(
            test_monitoring_pages.URLS[name].format(own="E54000007", other="E54000029")
            for name in test_monitoring_pages.MATRIX
        ),
        *(url.format(upload=1) for url in test_upload_actuals.RUN_URLS.values()),
        *(url.format(partner=1, regional=1) for url in test_people.URLS.values()),
        *(url.format(partner=1) for url in test_people.POSTS.values()),
        *(url.format(**some, round=1) for url in test_rounds.URLS.values()),
        *(url.format(**some, carried=1) for url in test_next_round.URLS.values()),
        *test_notifications.URLS.values(),
        *test_notifications.POSTS.values(),
        test_publish_agreed.CONFIRM,  # only the national team checks before publishing
        test_sign_off_requests.ASK.format(**some),  # only the system lead asks for sign-off
        *(url.format(**some) for url in test_operational_workflow.URLS.values()),
        *(url.format(**some) for url in test_operational_workflow.POSTS.values()),
        *(url.format(**some) for _, url, _ in WRITES),
        *(url.format(**some) for url in EDITS.values()),
        DECISION.format(**some),
        CLOSE_CONCERNS.format(index=0, **some),
        # removing a local priority: test_local_priority_pages.py, who may change or remove
        "/plans/{system}/local-priorities/local-none/remove/".format(**some),
        # removing a link to a board's strategy: test_partnership_pages.py, only the lead
        "/plans/{system}/strategy-links/0/remove/".format(**some),
        "/sign-in/",  # test_signing_in_and_out
        "/sign-out/",
        *(url for url, _ in OPEN_API.values()),
    ]
    rows = {}
    for url in urls:
        rows[resolve(urlsplit(url).path).view_name] = urlsplit(url).path
    rows |= {name: path.format(**some) for name, (_, path, _, _) in API.items()}
    rows["api:put_plan"] = API_PUT.format(**some)  # test_api_writes
    return rows


def test_every_url_has_a_row_in_a_permission_matrix():
    """A new page or API call fails here until a matrix states who may use it."""
    routes, rows = every_route(), rows_by_route()
    assert sorted(set(routes) - set(rows)) == []
    for name, url in rows.items():
        assert resolve(url).route == routes[name], f"{url} is not a URL of {name}"
