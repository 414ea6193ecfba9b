"""Spec: the planning round's calendar as a table — today and a plan's state → what it owes
next, by when, days left, overdue (issue 13 item 2). Dates worked out by hand from the seeds:
the draft plan is due by 27 September 2019, the final plan by 15 November 2019."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.framework.loader import load_pack
from ltpif.plans.calendar import due, is_late
from ltpif.plans.workflow import Status

PACK = load_pack()
DEADLINES = PACK.stage_deadlines
D = dt.date.fromisoformat
S = Status

# (today, status, reviewing a final plan, extensions) → (stage owed, date, days left, overdue)
CASES = [
    # drafting: the draft is owed; on its deadline it is due today, the day after overdue
    ("2019-09-16", S.DRAFTING, False, {}, ("draft", "2019-09-27", 11, False)),
    ("2019-09-27", S.DRAFTING, False, {}, ("draft", "2019-09-27", 0, False)),
    ("2019-09-28", S.DRAFTING, False, {}, ("draft", "2019-09-27", -1, True)),
    ("2019-11-20", S.DRAFTING, False, {}, ("draft", "2019-09-27", -54, True)),
    # an extension moves the draft's deadline for this plan only
    ("2019-09-28", S.DRAFTING, False, {"draft": "2019-10-04"}, ("draft", "2019-10-04", 6, False)),
    ("2019-10-05", S.DRAFTING, False, {"draft": "2019-10-04"}, ("draft", "2019-10-04", -1, True)),
    # an extension of the final plan does not move the draft
    ("2019-09-28", S.DRAFTING, False, {"final": "2019-11-29"}, ("draft", "2019-09-27", -1, True)),
    # the draft is in: the final plan is owed, whoever holds the plan
    ("2019-09-30", S.DRAFT_SUBMITTED, False, {}, ("final", "2019-11-15", 46, False)),
    ("2019-10-10", S.IN_REVIEW, False, {}, ("final", "2019-11-15", 36, False)),
    ("2019-11-15", S.CHANGES_REQUESTED, False, {}, ("final", "2019-11-15", 0, False)),
    ("2019-11-16", S.CHANGES_REQUESTED, False, {}, ("final", "2019-11-15", -1, True)),
    ("2019-11-16", S.IN_REVIEW, False, {}, ("final", "2019-11-15", -1, True)),
    (
        "2019-11-20",
        S.CHANGES_REQUESTED,
        False,
        {"final": "2019-11-29"},
        ("final", "2019-11-29", 9, False),
    ),
    # the final plan is in: nothing more is owed, however late the day
    ("2019-12-20", S.FINAL_SUBMITTED, True, {}, (None, None, None, False)),
    ("2019-12-20", S.IN_REVIEW, True, {}, (None, None, None, False)),
    ("2019-12-20", S.AGREED, True, {}, (None, None, None, False)),
    ("2020-01-10", S.PUBLISHED, True, {}, (None, None, None, False)),
]


@pytest.mark.parametrize(
    ("today", "status", "reviewing_final", "extensions", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1].value}-{'+'.join(c[3]) or 'none'}" for c in CASES],
)
def test_what_a_plan_owes_and_whether_it_is_overdue(
    today, status, reviewing_final, extensions, expected
):
    found = due(
        D(today), status, reviewing_final, DEADLINES, {k: D(v) for k, v in extensions.items()}
    )
    stage, date, days_left, overdue = expected
    assert (found.stage, found.date, found.days_left, found.overdue) == (
        stage,
        D(date) if date else None,
        days_left,
        overdue,
    )
    assert found.extended == (stage in extensions)


@pytest.mark.parametrize(
    ("today", "stage", "extensions", "late_against"),
    [
        ("2019-09-27", "draft", {}, None),
        ("2019-09-28", "draft", {}, "2019-09-27"),
        ("2019-09-28", "draft", {"draft": "2019-10-04"}, None),
        ("2019-10-05", "draft", {"draft": "2019-10-04"}, "2019-10-04"),
        # a plan going straight to its final plan is judged against the final deadline
        ("2019-10-01", "final", {}, None),
        ("2019-11-16", "final", {}, "2019-11-15"),
    ],
)
def test_a_submission_is_late_after_its_deadline(today, stage, extensions, late_against):
    found = is_late(D(today), stage, DEADLINES, {k: D(v) for k, v in extensions.items()})
    assert found == (D(late_against) if late_against else None)


def test_the_pack_names_the_round_s_two_submission_deadlines():
    assert {stage: d.date for stage, d in DEADLINES.items()} == {
        "draft": D("2019-09-27"),
        "final": D("2019-11-15"),
    }
