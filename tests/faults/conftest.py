"""The real server as a subprocess on a copy of one demo data folder, signed-in sessions, and
the consistency every restart must find."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

STALE_SECONDS = 2  # the publication heartbeat limit the servers run with


def clean_env(**extra: str) -> dict:
    """The environment of a fresh machine (no test settings), with a fast password hash."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LTPIF_", "DJANGO_", "DATABASE_URL"))
    }
    return {**env, "LTPIF_FAST_PASSWORD_HASHER": "1", "LTPIF_TODAY": "2019-09-16", **extra}


def ltpif(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ltpif", *args],
        capture_output=True,
        text=True,
        env=env or clean_env(),
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """The demo set up once (42 plans, users, actuals); each test works on a copy."""
    folder = tmp_path_factory.mktemp("demo")
    done = ltpif("demo", "--no-serve", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def data_dir(demo_dir, tmp_path) -> Path:
    return Path(shutil.copytree(demo_dir, tmp_path / "data"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`ltpif serve` in a process group of its own, so that one signal reaches its workers."""

    def __init__(self, data_dir: Path, **env: str):
        self.data_dir = data_dir
        self.env = clean_env(LTPIF_PUBLICATION_STALE_SECONDS=str(STALE_SECONDS), **env)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> list[str]:
        """Start and wait until it answers; what it printed before serving."""
        args = ["serve", "--data-dir", str(self.data_dir), "--port", str(self.port)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ltpif", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self.env,
            start_new_session=True,
        )
        printed = []
        while not (line := self.process.stdout.readline()).startswith("ltpif is serving"):
            assert line, "".join(printed)  # it stopped before serving
            printed.append(line)
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{self.url}/sign-in/", timeout=2)
                return printed
            except (requests.ConnectionError, requests.Timeout):  # the first page is slow to load
                assert self.process.poll() is None, self.process.stdout.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL to the server and every worker at once: no clean-up code runs."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process.stdout.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.communicate(timeout=30)

    def sign_in(self, username: str) -> requests.Session:
        password = (self.data_dir / "demo-password").read_text().strip()
        session = requests.Session()
        session.get(f"{self.url}/sign-in/", timeout=10)
        signed = session.post(
            f"{self.url}/sign-in/",
            {"username": username, "password": password},
            headers={"X-CSRFToken": session.cookies["csrftoken"]},
            timeout=10,
            allow_redirects=False,
        )
        assert signed.status_code == 302, signed.text[:500]
        session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
        return session


@pytest.fixture
def server(data_dir):
    servers: list[Server] = []

    def make(**env: str) -> Server:
        servers.append(Server(data_dir, **env))
        return servers[-1]

    yield make
    for each in servers:
        each.stop()


def lead_of(data_dir: Path, system: str) -> str:
    """The username of the system's planning lead in the data folder's database."""
    [(username,)] = rows(
        data_dir,
        "select u.username from auth_user u join planning_membership m on m.user_id = u.id"
        " where m.role = 'system_lead' and m.system_id = ?",
        system,
    )
    return username


def rows(data_dir: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{data_dir / 'ltpif.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def _expected_values(document: str) -> int:
    """PlanValue rows a version's document makes: one per trajectory and year."""
    plan = json.loads(document)
    return sum(
        len({*t["values"], *t["numerator"]})
        for entry in plan["commitments"]
        for t in entry["trajectories"]
    )


def assert_consistent(data_dir: Path) -> None:
    """No half-written version or status change, no stuck publication, no leftover folder."""
    for version, plan, document, values in rows(
        data_dir,
        "select v.id, v.plan_id, v.document, count(pv.id) from planning_planversion v"
        " left join planning_planvalue pv on pv.version_id = v.id group by v.id",
    ):
        assert values == _expected_values(document), f"version {version} of plan {plan}"
    for plan, status, versions, numbers, frozen, audited, latest in rows(
        data_dir,
        "select p.id, p.status, count(v.id), max(v.number),"
        " sum(v.kind in ('draft', 'final', 'import')),"
        " (select count(*) from planning_auditevent a where a.plan_id = p.id"
        "  and a.action in ('submit_draft', 'submit_final', 'replace_import')),"
        " (select kind from planning_planversion w where w.plan_id = p.id"
        "  order by number desc limit 1)"
        " from planning_plan p join planning_planversion v on v.plan_id = p.id group by p.id",
    ):
        assert versions == numbers, f"plan {plan}: versions numbered without gaps"
        assert frozen == audited, f"plan {plan}: every version has its audit event"
        if status in ("draft_submitted", "final_submitted"):
            assert latest == status.split("_")[0], f"plan {plan} is {status}, latest {latest}"
    assert rows(data_dir, "select id from publishing_publicationrun where status = 'running'") == []
    publications = data_dir / "publications"
    leftovers = [p.name for p in publications.glob(".*")] if publications.exists() else []
    assert leftovers == []
