"""The framework's calendar in the web: stage-aware readiness (issue 13 item 1), deadlines
acted on (item 2) — through the pages, as users do them."""

from __future__ import annotations

import dataclasses

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.framework.typed import to_plain
from ltpif.plans.workflow import Status
from ltpif.web.planning.models import Membership, Plan
from ltpif.web.planning.queries import document
from tests.web.conftest import client_for

ASSIGNMENTS = demo_assignments(load_pack())
COMPLIANT = sorted(code for code, failings in ASSIGNMENTS.items() if not failings)


def _people(system: str) -> dict[str, Membership]:
    plan = Plan.objects.select_related("system").get(system_id=system)
    return {
        "lead": Membership.objects.get(role="system_lead", system_id=system),
        "regional": Membership.objects.get(role="regional_lead", region_id=plan.system.region_id),
    }


def _without_sign_offs(system: str) -> Plan:
    """The plan as it stands before any partner has signed it off (saved as another process
    would, so the page reads it afresh)."""
    plan = Plan.objects.get(system_id=system)
    emptied = dataclasses.replace(document(plan), sign_offs=[])
    Plan.objects.filter(pk=plan.pk).update(
        working=to_plain(emptied), lock_version=plan.lock_version + 1
    )
    return Plan.objects.get(pk=plan.pk)


def test_a_draft_without_sign_offs_can_be_submitted_but_not_a_final_plan(world):
    system = COMPLIANT[6]
    people = _people(system)
    _without_sign_offs(system)
    lead = client_for(people["lead"])
    page = lead.get(f"/plans/{system}/").content.decode()
    assert "Readiness for the draft plan" in page
    assert 'data-testid="stage-judged">Judged for the draft plan.' in page
    assert page.count('data-testid="other-stage">error for the final plan') == 6
    final = lead.post(f"/plans/{system}/actions/submit_final/")
    assert final.status_code == 409
    assert "6 error(s) must be fixed before submission of the final plan." in final.content.decode()
    assert lead.post(f"/plans/{system}/actions/submit_draft/").status_code == 302
    plan = Plan.objects.get(system_id=system)
    assert (plan.status, plan.versions.order_by("-number").first().kind) == (
        Status.DRAFT_SUBMITTED,
        "draft",
    )
    after = lead.get(f"/plans/{system}/").content.decode()
    assert "Readiness for the final plan" in after
    assert "Not ready to submit: 6 error(s) must be fixed." in after
