"""Queries answered (issue 13 item 3): a planner explains a query finding in the plan, the
answer goes with the next version, and the region accepts it (the query is explained and no
longer counts against the RAG) or rejects it with a reason — through the pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.web.planning import actions
from ltpif.web.planning.models import AuditEvent, Membership, Plan, QueryDecision
from tests.web.conftest import PASSWORD, client_for

ASSIGNMENTS = demo_assignments(load_pack())
COMPLIANT = sorted(code for code, failings in ASSIGNMENTS.items() if not failings)
RULE, POINTER = "demand-growth-reduced", "/narrative/demand"
EXPLANATION = "Demand is held by the ageing-well programme, costed in the finance section."


def _people(system: str) -> dict[str, Membership]:
    plan = Plan.objects.select_related("system").get(system_id=system)
    return {
        "lead": Membership.objects.get(role="system_lead", system_id=system),
        "regional": Membership.objects.get(role="regional_lead", region_id=plan.system.region_id),
    }


def _with_a_query(system: str) -> Plan:
    """The plan with its demand narrative emptied: one query, demand-growth-reduced."""
    plan = Plan.objects.get(system_id=system)
    lead = _people(system)["lead"].user
    actions.update_narrative(
        plan=plan, field="demand", text="", lock_version=plan.lock_version, by=lead
    )
    plan.refresh_from_db()
    assert (plan.rag, plan.errors, plan.queries) == ("amber", 0, 1)
    return plan


def _answer(client, plan: Plan, explanation: str = EXPLANATION, lock_version=None):
    return client.post(
        f"/plans/{plan.system_id}/queries/answer/",
        {
            "rule": RULE,
            "pointer": POINTER,
            "explanation": explanation,
            "lock_version": plan.lock_version if lock_version is None else lock_version,
        },
    )


def _decide(client, plan: Plan, decision: str, reason: str = ""):
    return client.post(
        f"/plans/{plan.system_id}/queries/decision/",
        {"rule": RULE, "pointer": POINTER, "decision": decision, "reason": reason},
    )


def _submitted_for_review(system: str) -> Plan:
    people = _people(system)
    plan = _with_a_query(system)
    assert _answer(client_for(people["lead"]), plan).status_code == 302
    lead, regional = client_for(people["lead"]), client_for(people["regional"])
    assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    assert regional.post(f"/plans/{system}/actions/start_review/").status_code == 302
    return Plan.objects.get(system_id=system)


def test_the_planner_s_answer_is_part_of_the_plan_and_its_next_version(world):
    system = COMPLIANT[12]
    plan = _with_a_query(system)
    lead = client_for(_people(system)["lead"])
    blank = _answer(lead, plan, explanation="   ")
    assert blank.status_code == 400
    assert "Write the explanation of this query" in blank.content.decode()
    unknown = lead.post(
        f"/plans/{system}/queries/answer/",
        {
            "rule": "dph-engaged",
            "pointer": "/engagement",
            "explanation": "x",
            "lock_version": plan.lock_version,
        },
    )
    assert unknown.status_code == 400
    assert "The plan has no such query to answer" in unknown.content.decode()
    assert _answer(lead, plan).status_code == 302
    plan.refresh_from_db()
    assert plan.working["query_answers"] == [
        {"rule": RULE, "pointer": POINTER, "explanation": EXPLANATION}
    ]
    assert plan.queries == 1  # answered, not yet accepted: it still counts
    page = lead.get(f"/plans/{system}/").content.decode()
    assert 'data-testid="answer-status">Answered</strong>' in page
    stale = _answer(lead, plan, "Another answer.", lock_version=plan.lock_version - 1)
    assert stale.status_code == 409
    assert "Someone else saved this plan after you opened it" in stale.content.decode()
    assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    version = plan.versions.order_by("-number").first()
    assert version.document["query_answers"][0]["explanation"] == EXPLANATION


def test_answering_on_a_frozen_version_is_refused_with_a_clear_message(world):
    system = COMPLIANT[13]
    plan = _submitted_for_review(system)
    lead = client_for(_people(system)["lead"])
    refused = _answer(lead, plan, "A later thought.")
    assert refused.status_code == 409
    text = refused.content.decode()
    number = plan.versions.order_by("-number").first().number
    assert f"The plan is “in review”: version {number} is frozen, so it cannot take an answer" in (
        text.replace("&#34;", '"')
    )
    plan.refresh_from_db()
    assert plan.working["query_answers"][0]["explanation"] == EXPLANATION


def test_the_region_accepts_an_answer_and_the_query_is_explained(world):
    system = COMPLIANT[14]
    plan = _submitted_for_review(system)
    regional = client_for(_people(system)["regional"])
    assert 'data-testid="accept-answer"' in regional.get(f"/plans/{system}/").content.decode()
    assert _decide(regional, plan, "accepted").status_code == 302
    plan.refresh_from_db()
    assert (plan.rag, plan.errors, plan.queries) == ("green", 0, 0)
    page = regional.get(f"/plans/{system}/").content.decode()
    assert 'data-testid="answer-status">Explained</strong>' in page
    assert 'data-testid="explained">EXPLAINED</strong>' in page
    event = AuditEvent.objects.filter(plan=plan, action="decide_answer").get()
    assert event.after == {"decision": "accepted", "reason": None}


def test_a_rejection_needs_a_reason_and_the_query_still_counts(world):
    system = COMPLIANT[15]
    plan = _submitted_for_review(system)
    regional = client_for(_people(system)["regional"])
    bare = _decide(regional, plan, "rejected")
    assert bare.status_code == 400
    assert "Say why the answer is rejected" in bare.content.decode()
    assert not QueryDecision.objects.filter(plan=plan).exists()
    assert _decide(regional, plan, "rejected", "The programme is not costed.").status_code == 302
    plan.refresh_from_db()
    assert (plan.rag, plan.queries) == ("amber", 1)
    page = client_for(_people(system)["lead"]).get(f"/plans/{system}/").content.decode()
    assert 'data-testid="answer-status">Rejected</strong>' in page
    assert "The programme is not costed." in page


def test_two_assurers_deciding_one_answer_the_first_wins_and_the_second_is_told(world):
    system = COMPLIANT[16]
    plan = _submitted_for_review(system)
    first = _people(system)["regional"]
    second_user = get_user_model().objects.create_user("second-assurer", password=PASSWORD)
    second = Membership.objects.create(
        user=second_user, role="regional_lead", region_id=first.region_id
    )
    # both read the page with the answer undecided, then both decide
    for member in (first, second):
        assert (
            'data-testid="reject-answer"'
            in client_for(member).get(f"/plans/{system}/").content.decode()
        )
    assert _decide(client_for(first), plan, "accepted").status_code == 302
    late = _decide(client_for(second), plan, "rejected", "Not enough.")
    assert late.status_code == 409
    assert f"{first.user.username} has already accepted this answer" in late.content.decode()
    decision = QueryDecision.objects.get(plan=plan)
    assert (decision.decision, decision.decided_by) == ("accepted", first.user)
