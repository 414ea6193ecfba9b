"""The database going away under a running server (a 503 page that says so, no traceback,
nothing half-written, and back when it is) and under a command (one line, exit code 3)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from urllib.parse import urlsplit

import pytest

from tests.faults.conftest import assert_consistent, clean_env, lead_of, ltpif, rows

SYSTEM = "E54000006"
GONE = "The database cannot be reached just now, so nothing was saved"
POSTGRES = os.environ.get("POSTGRES_TEST_URL", "postgres://postgres@127.0.0.1:5432/ltpif")


def _assert_unavailable(response) -> None:
    assert response.status_code == 503, response.text[:500]
    assert "Service unavailable" in response.text and GONE in response.text
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()


def test_the_sqlite_file_gone_while_serving(data_dir, server):
    running = server()
    running.start()
    lead = running.sign_in(lead_of(data_dir, SYSTEM))
    plan = f"{running.url}/plans/{SYSTEM}/"
    before = rows(data_dir, "select status, lock_version from planning_plan")
    database = data_dir / "ltpif.sqlite3"
    database.rename(data_dir / "aside.sqlite3")
    database.mkdir()  # a folder where the file was: SQLite cannot open it
    _assert_unavailable(lead.get(plan, timeout=30))
    _assert_unavailable(lead.post(f"{plan}actions/submit_draft/", timeout=30))
    database.rmdir()
    (data_dir / "aside.sqlite3").rename(database)
    assert lead.get(plan, timeout=30).status_code == 200  # back, without a restart
    assert rows(data_dir, "select status, lock_version from planning_plan") == before
    assert_consistent(data_dir)


def _long_file(path):
    path.write_text(
        "organisation_code,metric,period,value\n"
        f"{SYSTEM},rtt-52-week-waiters,2019-04,100\n{SYSTEM},rtt-52-week-waiters,2019-05,90\n"
    )
    return path


def _counts(data_dir) -> list[tuple]:
    return rows(
        data_dir,
        "select (select count(*) from actuals_actual), (select count(*) from actuals_actualsload),"
        " (select count(*) from planning_auditevent)",
    )


def test_a_command_finding_the_database_taken_midway(data_dir, tmp_path):
    """Past the start-up check the database stops answering (another process holds it)."""
    before = _counts(data_dir)
    holder = sqlite3.connect(data_dir / "ltpif.sqlite3", isolation_level=None)
    holder.execute("begin exclusive")
    try:
        args = ["actuals", "load", str(_long_file(tmp_path / "waits.csv")), "--format", "long"]
        done = ltpif(*args, "--data-dir", str(data_dir))
    finally:
        holder.execute("rollback")
        holder.close()
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert f"Cannot use the SQLite database {data_dir / 'ltpif.sqlite3'}" in done.stderr
    assert "database is locked" in done.stderr
    assert _counts(data_dir) == before


@pytest.fixture
def postgres_url():
    """A PostgreSQL database of this test's own, dropped after."""
    psycopg = pytest.importorskip("psycopg")
    parts = urlsplit(POSTGRES)
    admin = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username}
    try:
        connection = psycopg.connect(**admin, dbname="postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        if os.environ.get("LTPIF_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES}")
    name = f"ltpif_faults_{uuid.uuid4().hex[:8]}"
    connection.execute(f"create database {name}")
    try:
        yield parts._replace(path=f"/{name}").geturl(), connection, name
    finally:
        connection.execute(f"drop database if exists {name} with (force)")
        connection.close()


@pytest.mark.postgres
def test_the_postgres_database_dropped_while_serving(postgres_url, tmp_path, server):
    url, admin, name = postgres_url
    data_dir = tmp_path / "data"
    env = clean_env(DATABASE_URL=url)
    done = ltpif("demo", "--no-serve", "--data-dir", str(data_dir), env=env)
    assert done.returncode == 0, done.stderr
    running = server(DATABASE_URL=url)
    running.data_dir = data_dir
    running.start()
    national = running.sign_in("national")
    assert national.get(f"{running.url}/publish/", timeout=30).status_code == 200
    admin.execute(f"drop database {name} with (force)")  # its connections cut, mid-session
    _assert_unavailable(national.get(f"{running.url}/publish/", timeout=30))
    _assert_unavailable(national.post(f"{running.url}/publish/", {}, timeout=30))
    done = ltpif(
        "actuals",
        "load",
        str(_long_file(tmp_path / "waits.csv")),
        "--format",
        "long",
        "--data-dir",
        str(data_dir),
        env=env,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert f"Cannot use the PostgreSQL database {name} on {urlsplit(url).hostname}" in done.stderr
