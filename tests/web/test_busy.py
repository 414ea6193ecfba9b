"""The one retry of SQLite's busy answers (`ltpif.web.busy`), which every write that may meet
them uses: the plan actions (through `retried_when_busy`) and the publication's progress."""

from __future__ import annotations

import pytest
from django.db import OperationalError, transaction

from ltpif.web import background, busy
from ltpif.web.publishing import runner

BUSY = OperationalError("database is locked")
TABLE = OperationalError("database table is locked: publishing_publicationrun")
DISK = OperationalError("disk I/O error")


@pytest.mark.parametrize(
    ("failures", "attempts", "outcome", "tries"),
    [
        ([], 3, "written after 1 attempt(s)", 1),
        ([BUSY], 3, "written after 2 attempt(s)", 2),
        ([TABLE, BUSY], 3, "written after 3 attempt(s)", 3),
        ([BUSY, BUSY, BUSY], 3, "OperationalError: database is locked", 3),  # the last raised
        ([TABLE], 1, "OperationalError: database table is locked", 1),
        ([DISK], 3, "OperationalError: disk I/O error", 1),  # not busy: raised at once
        ([OperationalError("the locked door")], 3, "OperationalError: the locked door", 1),
    ],
)
def test_a_busy_database_is_tried_again_a_bounded_number_of_times(
    failures, attempts, outcome, tries
):
    tried = []

    def write():
        tried.append(1)
        if len(tried) <= len(failures):
            raise failures[len(tried) - 1]
        return f"written after {len(tried)} attempt(s)"

    try:
        result = busy.retried(write, attempts)
    except OperationalError as exc:
        result = f"OperationalError: {exc}"
    assert result.startswith(outcome)
    assert len(tried) == tries


@pytest.mark.django_db
def test_inside_a_transaction_a_busy_answer_is_raised_at_once():
    tried = []

    def write():
        tried.append(1)
        raise BUSY

    with pytest.raises(OperationalError), transaction.atomic():
        busy.retried(write, 3)
    assert tried == [1]  # the transaction is spoilt: the caller rolls it back whole


def test_the_publications_progress_is_written_through_the_same_retry(monkeypatch):
    calls = []
    monkeypatch.setattr(busy, "retried", lambda write, attempts, pause=0.0: calls.append(attempts))
    runner._set(1, step="x")
    assert calls == [background.SET_ATTEMPTS]
