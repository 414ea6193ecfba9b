"""A save changes the plan and appends its audit event, both or neither (audited_update.py):
an accepted save writes one event saying who did what with the before and after; a save
refused (someone saved since) writes neither. On PostgreSQL the two are one statement (a
data-modifying WITH): one round trip, no BEGIN and COMMIT of its own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ltpif.web.planning import actions
from ltpif.web.planning.models import AuditEvent, Plan

COMMITMENT, METRIC = "adult-crisis-teams", "adult-crisis-24-7-coverage"
NEW = {"metric": METRIC, "numerator": {"2018/19": 31415.0}, "denominator": {"2018/19": 40000.0}}


def _save(lead, lock_version: int) -> None:
    actions.update_trajectories(
        plan=Plan.objects.get(system_id=lead.system_id),
        commitment=COMMITMENT,
        trajectories=[NEW],
        lock_version=lock_version,
        by=lead.user,
    )


def test_an_accepted_save_writes_the_plan_and_one_event_saying_what_changed(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    events = AuditEvent.objects.filter(plan=plan)
    before = events.count()
    _save(lead, plan.lock_version)
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.lock_version == plan.lock_version + 1
    entry = next(e for e in saved.working["commitments"] if e["commitment"] == COMMITMENT)
    mine = next(t for t in entry["trajectories"] if t["metric"] == METRIC)
    assert mine["numerator"] == {"2018/19": 31415.0}
    assert events.count() == before + 1
    event = events.order_by("-id").first()
    assert (event.actor, event.action) == (lead.user, "update_trajectories")
    assert event.summary == f"Trajectories changed: {METRIC}"
    assert event.after == [{**NEW, "values": {}}]
    assert event.before and event.before[0]["metric"] == METRIC
    assert event.at is not None


def test_a_refused_save_writes_neither_the_plan_nor_an_event(lead):
    plan = Plan.objects.get(system_id=lead.system_id)
    _save(lead, plan.lock_version)  # someone saves first
    working = Plan.objects.get(pk=plan.pk).working
    events = AuditEvent.objects.count()
    with pytest.raises(actions.Conflict):
        _save(lead, plan.lock_version)  # the same form, read before their save
    assert Plan.objects.get(pk=plan.pk).working == working
    assert AuditEvent.objects.count() == events


def test_on_postgresql_the_plan_and_its_event_are_written_by_one_statement(lead):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has no data-modifying WITH: an UPDATE and an INSERT, in one transaction"
        )
    plan = Plan.objects.get(system_id=lead.system_id)
    with CaptureQueriesContext(connection) as asked:
        _save(lead, plan.lock_version)
    writes = [
        q["sql"] for q in asked.captured_queries if not q["sql"].lstrip().startswith("SELECT")
    ]
    assert len(writes) == 1, writes
    assert (
        'UPDATE "planning_plan"' in writes[0] and 'INSERT INTO "planning_auditevent"' in writes[0]
    )
