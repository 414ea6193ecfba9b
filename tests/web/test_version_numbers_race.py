"""On PostgreSQL a submission waiting for the plan's lock while another writer (an upload)
adds a version numbers its own after that one: the statement that locks the plan reads the
versions as they were before it waited, so the number is asked again when the plan moved on
meanwhile. Before, a second version of the same number: a 500."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from ltpif.web.planning import actions
from ltpif.web.planning.models import Membership, Plan, PlanVersion
from ltpif.web.planning.queries import assurance


def _upload_in_another_connection(plan_pk: int, locked: threading.Event) -> None:
    """An upload's transaction: the plan locked and moved on, a version added, committed only
    after the submission has started waiting for the lock."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "UPDATE planning_plan SET lock_version = lock_version + 1 WHERE id = %s",
                [plan_pk],
            )
            cursor.execute(
                "INSERT INTO planning_planversion (plan_id, number, kind, document, sha256,"
                " outstanding, created_at, late_reason)"
                " SELECT plan_id, number + 1, 'import', document, sha256, outstanding, now(), ''"
                " FROM planning_planversion WHERE plan_id = %s ORDER BY number DESC LIMIT 1",
                [plan_pk],
            )
            locked.set()
            time.sleep(0.5)  # the submission is now waiting for the plan's row
            cursor.execute("COMMIT")
    finally:
        other.close()


@pytest.fixture
def undone(django_db_blocker):
    """What the upload committed outside the test's transaction, taken out again once that
    transaction has been rolled back (asked for before `world`, so torn down after it: until
    then the submission's uncommitted row lock would hold the undoing back). Raw SQL: the
    model refuses to delete a version."""
    made: list[tuple[int, int]] = []
    yield made
    with django_db_blocker.unblock():
        _undo(made)


def _undo(made: list[tuple[int, int]]) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            for plan_pk, number in made:
                cursor.execute(
                    "DELETE FROM planning_planversion WHERE plan_id = %s AND number = %s",
                    [plan_pk, number],
                )
                cursor.execute(
                    "UPDATE planning_plan SET lock_version = lock_version - 1 WHERE id = %s",
                    [plan_pk],
                )
    finally:
        other.close()


def test_a_submission_waiting_behind_an_upload_numbers_its_version_after_it(undone, world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's writers take the whole database's lock before they read")
    member = next(
        m
        for m in Membership.objects.filter(role="system_lead").order_by("pk")
        if assurance(Plan.objects.get(system_id=m.system_id)).readiness.ready
    )
    plan = Plan.objects.get(system_id=member.system_id)
    last = plan.versions.order_by("-number").first().number
    locked = threading.Event()
    upload = threading.Thread(target=_upload_in_another_connection, args=(plan.pk, locked))
    undone.append((plan.pk, last + 1))
    upload.start()
    try:
        assert locked.wait(10)
        actions.transition(plan=plan, name="submit_draft", by=member.user, late_reason="Agreed")
    finally:
        upload.join()
    numbers = list(
        PlanVersion.objects.filter(plan=plan).order_by("number").values_list("number", "kind")
    )
    assert numbers[-2:] == [(last + 1, "import"), (last + 2, "draft")]
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version
