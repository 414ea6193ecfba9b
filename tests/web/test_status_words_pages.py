"""The pages' status words match the plan's status (issue 19 item 4)."""

from __future__ import annotations

from ltpif.plans.workflow import Status
from ltpif.web.planning.models import Plan
from tests.web.conftest import client_for


def test_the_home_page_asks_a_lead_with_no_errors_to_submit_not_to_fix_errors(lead):
    assert Plan.objects.get(system_id=lead.system_id).errors == 0
    text = client_for(lead).get("/").content.decode()
    assert "Submit the draft plan: assurance found no errors." in text
    assert "Fix the" not in text


def test_an_agreed_plan_never_says_ready_to_submit(lead):
    Plan.objects.filter(system_id=lead.system_id).update(status=Status.AGREED)
    for tab in ("", "commitments/", "narrative/"):
        text = client_for(lead).get(f"/plans/{lead.system_id}/{tab}").content.decode()
        assert "Ready to submit" not in text and "No errors" in text, tab
