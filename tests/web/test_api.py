"""The JSON API: OpenAPI, reads, writes with conflicts and bad bodies, workflow actions."""

from __future__ import annotations

import copy
import hashlib

import pytest
from django.test import Client, override_settings

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning.models import ApiToken, AuditEvent, Membership, Plan
from tests.web.conftest import api_headers, client_for


def test_openapi_describes_every_endpoint(world):
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"] == "ltpif API"
    paths = set(schema["paths"])
    assert {
        "/api/systems",
        "/api/statuses",
        "/api/plans/{system}",
        "/api/plans/{system}/versions",
        "/api/plans/{system}/versions/{number}",
        "/api/plans/{system}/findings",
        "/api/plans/{system}/reviews",
        "/api/plans/{system}/actions/{name}",
    } <= paths
    assert "BearerToken" in schema["components"]["securitySchemes"]


def test_the_docs_page_uses_no_cdn(world):
    html = Client().get("/api/docs").content.decode()
    assert "cdn." not in html and "/static/ninja/" in html


def test_reading_a_plan_its_versions_and_findings(lead):
    client, headers = Client(), api_headers(lead)
    system = lead.system_id
    plan = client.get(f"/api/plans/{system}", headers=headers).json()
    assert plan["status"] == "drafting" and plan["document"]["system"] == system
    versions = client.get(f"/api/plans/{system}/versions", headers=headers).json()
    assert [v["kind"] for v in versions] == ["initial"]
    one = client.get(f"/api/plans/{system}/versions/1", headers=headers).json()
    assert one["sha256"] == versions[0]["sha256"]
    assert client.get(f"/api/plans/{system}/versions/9", headers=headers).status_code == 404
    findings = client.get(f"/api/plans/{system}/findings", headers=headers).json()
    assert findings["format"] == "ltpif-assurance/1" and findings["readiness"]["ready"] is True


def _put(lead, document, lock_version):
    return Client().put(
        f"/api/plans/{lead.system_id}",
        {"lock_version": lock_version, "document": document},
        content_type="application/json",
        headers=api_headers(lead),
    )


def test_replacing_a_plan_makes_a_version(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    document = copy.deepcopy(plan.working)
    document["narrative"]["innovation"] = "Through the API."
    response = _put(lead, document, plan.lock_version)
    assert response.status_code == 200, response.content
    assert response.json()["document"]["narrative"]["innovation"] == "Through the API."
    assert plan.versions.order_by("-number").first().kind == "api"


def test_a_stale_put_is_a_conflict_and_changes_nothing(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    response = _put(lead, plan.working, plan.lock_version - 1)
    assert response.status_code == 409
    assert "Someone else saved" in response.json()["detail"]
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version


def test_a_bad_document_lists_every_problem(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    document = copy.deepcopy(plan.working)
    document["commitments"][0]["commitment"] = "no-such-commitment"
    document["finance"]["organisations"][0]["kind"] = "hospital"
    document["colour"] = "red"
    response = _put(lead, document, plan.lock_version)
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"colour", "finance.organisations[0].kind"} <= fields


def test_an_unknown_commitment_is_refused(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    document = copy.deepcopy(plan.working)
    document["commitments"][0]["commitment"] = "no-such-commitment"
    response = _put(lead, document, plan.lock_version)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {
            "field": "commitments[0].commitment",
            "message": "unknown commitment 'no-such-commitment' in ltpif-2019",
        }
    ]


# A plan stays its system's, under its pack: a document naming another is refused whole.
OTHER_SYSTEM = sorted(demo_assignments(load_pack()))[-1]


@pytest.mark.parametrize(
    "changes",
    [
        {"system": OTHER_SYSTEM},
        {"pack": "no-such-pack"},
        {"pack_version": "9.9"},
        {"system": OTHER_SYSTEM, "pack": "no-such-pack"},
    ],
    ids="+".join,
)
def test_a_plan_keeps_its_system_and_pack(lead, changes):
    plan = Plan.objects.get(system_id=lead.system_id)
    versions = plan.versions.count()
    document = {**copy.deepcopy(plan.working), **changes}
    response = _put(lead, document, plan.lock_version)
    assert response.status_code == 422
    own = {
        "system": plan.system_id,
        "pack": plan.round.pack,
        "pack_version": plan.round.pack_version,
    }
    assert response.json()["problems"] == [
        {
            "field": field,
            "message": f"a plan's {field.replace('_', ' ')} cannot change: keep {own[field]!r}",
        }
        for field in own
        if field in changes
    ]
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.lock_version, stored.working["system"], stored.versions.count()) == (
        plan.lock_version,
        plan.system_id,
        versions,
    )
    workbook = client_for(lead).get(f"/plans/{plan.system_id}/workbook/")
    assert workbook.status_code == 200


def test_workflow_through_the_api(lead):
    client, headers = Client(), api_headers(lead)
    system = lead.system_id
    done = client.post(
        f"/api/plans/{system}/actions/submit_draft",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert done.json() == {"status": "draft_submitted"}
    again = client.post(
        f"/api/plans/{system}/actions/submit_draft",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 409
    unknown = client.post(
        f"/api/plans/{system}/actions/explode", {}, content_type="application/json", headers=headers
    )
    assert unknown.status_code == 404
    regional = Membership.objects.get(role="regional_lead", region_id=lead.system.region_id)
    statuses = client.get("/api/statuses", headers=api_headers(regional)).json()
    assert statuses["draft_submitted"] == 1


def test_a_late_submission_through_the_api_states_its_reason(lead):
    client, headers = Client(), api_headers(lead)
    url = f"/api/plans/{lead.system_id}/actions/submit_draft"
    with override_settings(LTPIF_TODAY="2019-10-01"):  # after 27 September 2019
        bare = client.post(url, {}, content_type="application/json", headers=headers)
        assert bare.status_code == 422
        assert bare.json()["problems"][0]["field"] == "late_reason"
        done = client.post(
            url,
            {"late_reason": "Board met late."},
            content_type="application/json",
            headers=headers,
        )
    assert done.json() == {"status": "draft_submitted"}
    version = Plan.objects.get(system_id=lead.system_id).versions.order_by("-number").first()
    assert version.late_reason == "Board met late."


def test_bodies_are_size_limited(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    document = copy.deepcopy(plan.working)
    document["narrative"]["innovation"] = "x" * (6 * 1024 * 1024)
    response = _put(lead, document, plan.lock_version)
    assert response.status_code in (400, 413)
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version


def test_making_a_token_is_audited_without_the_token(lead):
    from ltpif.cli.web_commands import create_token

    username = lead.user.username
    token = create_token(username, "ci")
    event = AuditEvent.objects.get(action="create_token")
    assert (event.plan, event.actor, event.summary, event.before, event.after) == (
        None,
        None,
        f"API token “ci” made for {username}",
        None,
        {"user": username, "name": "ci"},
    )
    assert ApiToken.objects.get(name="ci").sha256 == hashlib.sha256(token.encode()).hexdigest()
