"""Two people submitting the same plan at the same moment on SQLite: one submits, the other
is told the plan moved on (409), never a 500 ("database is locked")."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from ltpif.web.planning import actions
from tests.web.race import run_race


def test_two_simultaneous_submits_one_succeeds_the_other_conflicts(tmp_path):
    answers = run_race("concurrent_submits.py", tmp_path)
    assert len(answers) == 21  # every compliant demo system, raced once
    for system, answer in answers.items():
        # the first version is the loaded plan, the second the one draft submitted
        assert answer == {"statuses": [302, 409], "versions": 2}, system


LOCKED = OperationalError("database is locked")


@pytest.mark.parametrize(
    ("failures", "outcome"),
    [
        ([], "saved after 1 attempt(s)"),
        ([LOCKED], "saved after 2 attempt(s)"),
        ([LOCKED, LOCKED], "saved after 3 attempt(s)"),
        ([LOCKED, LOCKED, LOCKED], "Busy: The database is busy"),
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
    except (actions.Busy, OperationalError) as exc:
        result = f"{type(exc).__name__}: {exc}"
    assert result.startswith(outcome)
