"""On PostgreSQL a statement a connection runs again is prepared (database_url.PREPARE_AFTER):
planned once, not at every run. SQLite has nothing to say here (its run skips the test; the
PostgreSQL run of the web tests runs it)."""

from __future__ import annotations

import pytest
from django.db import connection

from ltpif.web.database_url import PREPARE_AFTER
from ltpif.web.planning.models import Plan


def _prepared(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return cursor.fetchone()[0]


def test_a_statement_run_again_is_prepared(world):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    question = Plan.objects.filter(status="no-such-status")
    assert _prepared('"planning_plan"."status"') == 0
    for _ in range(PREPARE_AFTER + 1):
        assert not question.exists()
    assert _prepared('"planning_plan"."status"') == 1
