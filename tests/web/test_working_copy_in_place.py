"""A save that edits one commitment writes that entry in place (planning/json_item.py) and the
working copy read back afresh is the edited document, on SQLite and on PostgreSQL alike; any
other edit writes the copy whole."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ltpif.framework.typed import parse
from ltpif.plans.document import Plan as PlanDocument
from ltpif.web.planning import actions
from ltpif.web.planning.models import Membership, Plan
from ltpif.web.planning.queries import document

# quotes, a backslash, a line break, non-ASCII and a JSON-looking text: escaped, never read
AWKWARD = 'Ann said "yes" \\ then\nno — 50% of “all”, {"not": "json"} 🏥'


def _plan() -> tuple[Plan, object]:
    plan = Plan.objects.order_by("system_id")[3]
    lead = Membership.objects.get(role="system_lead", system_id=plan.system_id).user
    return plan, lead


def _update(captured) -> str:
    """The save's UPDATE (on PostgreSQL the first part of one statement: audited_update.py)."""
    [sql] = [q["sql"] for q in captured if 'UPDATE "planning_plan"' in q["sql"]]
    return sql


def _afresh(plan: Plan) -> PlanDocument:
    return parse(PlanDocument, Plan.objects.get(pk=plan.pk).working)


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_one_commitment_edited_is_written_in_place_and_reads_back_as_saved(world, position):
    plan, lead = _plan()
    entries = document(plan).commitments
    index = {"first": 0, "middle": len(entries) // 2, "last": len(entries) - 1}[position]
    commitment = entries[index].commitment
    with CaptureQueriesContext(connection) as captured:
        actions.update_commitment(
            plan=plan,
            commitment=commitment,
            lead_name="Dr Ann Example",
            lead_role="Clinical director",
            narrative=AWKWARD,
            local_justification="",
            lock_version=plan.lock_version,
            by=lead,
        )
    sql = _update(captured)
    assert ("json_set" in sql or "jsonb_set" in sql) and len(sql) < 5_000  # the entry alone
    stored = _afresh(plan)
    assert stored == document(plan)  # the whole copy, as saved
    assert stored.commitments[index].narrative == AWKWARD
    assert stored.commitments[index].clinical_lead.name == "Dr Ann Example"
    assert [e.commitment for e in stored.commitments] == [e.commitment for e in entries]


def test_any_other_edit_writes_the_copy_whole(world):
    plan, lead = _plan()
    with CaptureQueriesContext(connection) as captured:
        actions.update_narrative(
            plan=plan, field="innovation", text=AWKWARD, lock_version=plan.lock_version, by=lead
        )
    sql = _update(captured)
    assert "json_set" not in sql and len(sql) > 20_000
    assert _afresh(plan) == document(plan)
    assert _afresh(plan).narrative.innovation == AWKWARD


def test_a_save_on_a_plan_read_at_another_version_is_written_whole(world):
    """`plan` as read is older than the version the save names (a stale object): the entry
    cannot be placed against the copy it was not made from, so the copy goes whole."""
    plan, lead = _plan()
    stale = Plan.objects.get(pk=plan.pk)
    actions.update_narrative(
        plan=plan, field="innovation", text="Newer", lock_version=plan.lock_version, by=lead
    )
    doc = document(stale)
    with CaptureQueriesContext(connection) as captured:
        actions.update_commitment(
            plan=stale,
            commitment=doc.commitments[0].commitment,
            lead_name="",
            lead_role="",
            narrative="Edited",
            local_justification="",
            lock_version=plan.lock_version,  # the newest: no conflict
            by=lead,
        )
    assert "json_set" not in _update(captured)
    stored = _afresh(plan)
    assert stored.commitments[0].narrative == "Edited"
    # the edit was made on the stale version's document: the newer narrative is replaced by it
    # as a whole save would (the lock version said the saver had seen it)
    assert stored == document(Plan.objects.get(pk=plan.pk))
