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
