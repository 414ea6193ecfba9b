"""Which database the web tests ran on: CI requires one run on PostgreSQL."""

import os

import pytest
from django.db import connection


@pytest.mark.postgres
def test_the_database_is_the_one_required(db):
    required = os.environ.get("LTPIF_REQUIRE_DATABASE")
    if not required:
        pytest.skip("no database required (set LTPIF_REQUIRE_DATABASE=postgresql, as CI does)")
    assert connection.vendor == required
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from planning_plan")
        assert cursor.fetchone()[0] == 42


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("table", "column"), [("planning_plan", "working"), ("planning_planversion", "document")]
)
def test_a_plans_documents_are_compressed_with_lz4_on_postgresql(db, table, column):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's column compression (the suite runs on it in CI)")
    with connection.cursor() as cursor:
        cursor.execute(
            "select attcompression from pg_attribute"
            " where attrelid = %s::regclass and attname = %s",
            [table, column],
        )
        assert cursor.fetchone()[0] == "l"
