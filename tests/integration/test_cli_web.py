"""`ltpif demo` as the README runs it: sets up SQLite, loads the demo, serves a working app."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack


def _env(tmp_path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LTPIF_", "DJANGO_", "DATABASE_URL"))
    }
    return env  # as on a fresh machine: `ltpif demo` makes its own secret key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The demo's failings that raise queries, never errors: a plan with only these may be submitted.
QUERY_ONLY_FAILINGS = {
    "admin-savings-short",
    "la-concerns",
    "ld-checks-justified",
    "list-outruns-capacity",
    "local-pace-justified",
    "long-waits-unclearable",
    "omission-justified",
    "savings-overclaimed",
    "staff-shrink",
    "workforce-unfunded",
}


def test_demo_sets_up_and_reports(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ltpif", "demo", "--no-serve", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    ready = sum(
        1
        for failings in demo_assignments(load_pack()).values()
        if set(failings) <= QUERY_ONLY_FAILINGS
    )
    assert f"Loaded 42 demo plans ({ready} ready to submit)" in done.stdout
    # the round opened by the code of `ltpif round open`, with the lookups' organisations
    assert "Opened the round of ltpif-2019 2019.1. Added 7 region(s), 42 system(s)" in done.stdout
    assert (tmp_path / "assurance.html").read_text().count("<section>") == 42
    assert len(list((tmp_path / "plans").glob("*.yaml"))) == 42
    assert "the password of every demo user is:" in done.stdout
    assert (
        f"Invitation emails (People, Invite someone) are written to {tmp_path / 'emails'}/"
        in done.stdout
    )
    assert (tmp_path / "ltpif.sqlite3").exists()
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    again = subprocess.run(
        [sys.executable, "-m", "ltpif", "demo", "--no-serve", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    assert again.returncode == 0 and "Loaded" not in again.stdout  # loaded once, kept


def test_demo_serves_the_app(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ltpif", "demo", "--data-dir", str(tmp_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(tmp_path),
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2) as page:
                    assert page.status == 200
                    assert "Sign in" in page.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the demo did not start serving"
                time.sleep(1)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/nhsuk/nhsuk-frontend.min.css"
        ) as css:
            assert css.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"ltpif is running at http://127.0.0.1:{port}/" in output


def test_demo_refuses_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ltpif",
                "demo",
                "--data-dir",
                str(tmp_path),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=60,
        )
    assert done.returncode == 2
    assert f"port {port} is in use" in done.stderr


def test_the_app_without_a_secret_explains_itself(tmp_path):
    env = _env(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; "
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'ltpif.web.settings'; django.setup()",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Set LTPIF_SECRET_KEY" in done.stderr


def _ltpif(*args: str, cwd, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ltpif", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


# A database that cannot be used: one message naming it (never its password), exit code 3.
# Each database command meets one way of failing, and each way of failing one command.
REFUSED = 'connection failed: connection to server at "127.0.0.1", port 1 failed'
UNUSABLE = [
    (
        ["migrate"],
        "postgres://bob:pw-s3cret@127.0.0.1:1/ltpif",
        f"Cannot use the PostgreSQL database ltpif on 127.0.0.1: {REFUSED}",
    ),
    (
        ["serve", "--port", "1"],
        "postgres://bob:pw-s3cret@127.0.0.1:port/ltpif",
        "DATABASE_URL cannot be used: the port is not a number: "
        "postgres://bob:***@127.0.0.1:port/ltpif",
    ),
    (
        ["token", "create", "someone"],
        "mysql://bob:pw-s3cret@db/ltpif",
        "DATABASE_URL cannot be used: unsupported database URL scheme 'mysql' "
        "(sqlite, postgres): mysql://bob:***@db/ltpif",
    ),
    (
        ["actuals", "loads"],
        "postgres://bob:pw-s3cret@db/",
        "DATABASE_URL cannot be used: a PostgreSQL URL needs a database name: "
        "postgres://bob:***@db/",
    ),
    (
        ["demo", "--no-serve"],
        "sqlite:////no/such/folder/ltpif.sqlite3",
        "Cannot use the SQLite database /no/such/folder/ltpif.sqlite3: "
        "unable to open database file",
    ),
    (
        ["serve", "--port", "1"],
        "postgres://bob:pw-s3cret@127.0.0.1:1/ltpif",
        f"Cannot use the PostgreSQL database ltpif on 127.0.0.1: {REFUSED}",
    ),
]


@pytest.mark.parametrize(("command", "url", "message"), UNUSABLE, ids=lambda c: str(c)[:24])
def test_an_unusable_database_is_one_message_and_exit_3(tmp_path, command, url, message):
    done = _ltpif(*command, cwd=tmp_path, env={**_env(tmp_path), "DATABASE_URL": url})
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr and "pw-s3cret" not in done.stderr + done.stdout


def test_serve_refuses_a_database_without_its_tables(tmp_path):
    done = _ltpif("serve", "--port", "1", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 3
    database = tmp_path / "ltpif-data" / "ltpif.sqlite3"
    # every migration of every app is missing: their number grows with the apps
    assert re.fullmatch(
        rf"Cannot use the SQLite database {re.escape(str(database))}: "
        r"[1-9]\d* migration\(s\) not applied; run `ltpif migrate`\n",
        done.stderr,
    ), done.stderr
    assert "serving" not in done.stdout


def test_the_data_dir_of_the_environment_is_used_by_every_command(tmp_path):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {**_env(tmp_path), "LTPIF_DATA_DIR": str(tmp_path / "data")}
    assert _ltpif("migrate", cwd=elsewhere, env=env).returncode == 0
    assert (tmp_path / "data" / "ltpif.sqlite3").exists()
    token = _ltpif("token", "create", "nobody", cwd=elsewhere, env=env)
    assert (token.returncode, token.stderr.splitlines()[0]) == (2, "username: no user 'nobody'")
    assert not (elsewhere / "ltpif-data").exists()  # the default folder was never touched

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ltpif", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert not (elsewhere / "ltpif-data").exists()
