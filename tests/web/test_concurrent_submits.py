"""Two people submitting the same plan at the same moment on SQLite: one submits, the other
is told the plan moved on (409), never a 500 ("database is locked")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from ltpif.web.planning import actions

REPO = Path(__file__).resolve().parents[2]


def test_two_simultaneous_submits_one_succeeds_the_other_conflicts(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "web" / "concurrent_submits.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.splitlines()[-1])
    assert len(answers) == 21  # every compliant demo system, raced once
    for system, answer in answers.items():
        # the first version is the loaded plan, the second the one draft submitted
        assert answer == {"statuses": [302, 409], "versions": 2}, system
    assert "Traceback" not in done.stderr


LOCKED = OperationalError("database is locked")


@pytest.mark.parametrize(
    ("failures", "outcome"),
    [
        ([], "saved after 1 attempt(s)"),
        ([LOCKED], "saved after 2 attempt(s)"),
        ([LOCKED, LOCKED], "saved after 3 attempt(s)"),
        ([LOCKED, LOCKED, LOCKED], "Conflict: The database is busy"),
        ([OperationalError("disk I/O error")], "OperationalError: disk I/O error"),
    ],
)
def test_a_write_that_finds_the_database_busy_is_retried_a_bounded_number_of_times(
    failures, outcome
):
    attempts = []

    @actions.retried_when_busy
    def write():
        attempts.append(1)
        if len(attempts) <= len(failures):
            raise failures[len(attempts) - 1]
        return f"saved after {len(attempts)} attempt(s)"

    try:
        result = write()
    except (actions.Conflict, OperationalError) as exc:
        result = f"{type(exc).__name__}: {exc}"
    assert result.startswith(outcome)
