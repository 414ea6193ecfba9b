"""Spec: who is told what when a plan needs someone, and which deadline reminder is due on a
day (issue 13 item 5). Worked out by hand from the brief and the seeds' deadlines: the draft
plan is due by 27 September 2019, the final plan by 15 November 2019."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.app.notices import PASSED, Event, Kind, Reminder, notice, reminder_due
from ltpif.framework.loader import load_pack
from ltpif.plans.workflow import Role, Status

DEADLINES = load_pack().stage_deadlines
D = dt.date.fromisoformat
S = Status
LEAD, PARTNER, REGIONAL = "system_lead@system", "la_partner@system", "regional_lead@region"

# event → (who is told, as role@place; words the subject has; words the body has)
WHO = [
    (
        Event(Kind.SUBMITTED, "Kent and Medway", stage="draft"),
        {REGIONAL},
        "Kent and Medway: draft plan submitted",
        "has submitted its draft plan",
    ),
    (
        Event(Kind.SUBMITTED, "Kent and Medway", stage="final"),
        {REGIONAL},
        "final plan submitted",
        "its final plan",
    ),
    (
        Event(Kind.CHANGES_REQUESTED, "Kent and Medway", text="Fix the A&E trajectory"),
        {LEAD},
        "asks for changes",
        "“Fix the A&E trajectory”",
    ),
    (
        Event(Kind.AGREED, "Kent and Medway", text="Report quarterly"),
        {LEAD},
        "plan agreed",
        "“Report quarterly”",
    ),
    (
        Event(Kind.AGREED, "Kent and Medway", stage="operational"),
        {LEAD},
        "Kent and Medway: operational plan agreed",
        "The region has agreed the operational plan.",
    ),
    (
        Event(Kind.CHANGES_REQUESTED, "Kent and Medway", stage="operational", text="Winter"),
        {LEAD},
        "asks for changes to the operational plan",
        "changes to the operational plan before it can be agreed.\n\n“Winter”",
    ),
    (
        Event(Kind.SUBMITTED, "Kent and Medway", stage="operational"),
        {REGIONAL},
        "Kent and Medway: operational plan submitted",
        "Kent and Medway has submitted its operational plan.",
    ),
    (Event(Kind.SIGN_OFF_REQUESTED, "Kent and Medway"), {PARTNER}, "sign-off", "sign off"),
    (
        Event(Kind.SIGN_OFF_REQUESTED, "Kent and Medway", text="By Friday please", version=4),
        {PARTNER},
        "your sign-off is asked for",
        "sign off the plan as it stands (version 4), or to record their concerns.\n\n"
        "“By Friday please”",
    ),
    (
        Event(Kind.CONCERNS_RAISED, "Kent and Medway", text="Kent County Council"),
        {LEAD, REGIONAL},
        "has concerns",
        "Kent County Council recorded concerns",
    ),
    (
        Event(Kind.QUERY_ANSWERED, "Kent and Medway", text="ae-4-hour-below-ambition"),
        {REGIONAL},
        "a query is answered",
        "ae-4-hour-below-ambition",
    ),
    (
        Event(Kind.QUERY_REJECTED, "Kent and Medway", text="Not evidenced"),
        {LEAD},
        "rejected an answer",
        "“Not evidenced”",
    ),
    (
        Event(Kind.DEADLINE, "Kent and Medway", "draft", deadline=D("2019-09-27"), days_left=14),
        {LEAD},
        "Kent and Medway: the draft plan is due in 14 days",
        "due by 27 September 2019, in 14 days",
    ),
    (
        Event(Kind.DEADLINE, "Kent and Medway", "final", deadline=D("2019-11-15"), days_left=1),
        {LEAD},
        "the final plan is due in 1 day",
        "due by 15 November 2019",
    ),
    (
        Event(Kind.DEADLINE, "Kent and Medway", "draft", deadline=D("2019-09-27"), days_left=0),
        {LEAD},
        "the draft plan is due today",
        "27 September 2019, today",
    ),
    (
        Event(Kind.DEADLINE, "Kent and Medway", "draft", deadline=D("2019-09-27"), days_left=-3),
        {LEAD},
        "the draft plan is overdue",
        "was due by 27 September 2019 (the deadline passed 3 days ago)",
    ),
]


@pytest.mark.parametrize(("event", "who", "subject", "body"), WHO)
def test_who_is_told_what(event, who, subject, body):
    told = notice(event)
    assert {f"{a.role.value}@{a.place.value}" for a in told.audiences} == who
    assert subject in told.subject
    assert body in told.body


def test_every_kind_of_event_has_a_row():
    assert {event.kind for event, *_ in WHO} == set(Kind)


def test_the_roles_of_the_table_are_the_workflows():
    assert {who.split("@")[0] for _, whos, *_ in WHO for who in whos} <= {r.value for r in Role}


# (today, status, reviewing a final plan, extensions) → (stage, deadline, days before) or None
DUE = [
    # drafting, the draft due by 27 September: nothing until 14 days before
    ("2019-09-12", S.DRAFTING, False, {}, None),
    ("2019-09-13", S.DRAFTING, False, {}, ("draft", "2019-09-27", 14)),
    ("2019-09-16", S.DRAFTING, False, {}, ("draft", "2019-09-27", 14)),  # window of 14
    ("2019-09-19", S.DRAFTING, False, {}, ("draft", "2019-09-27", 14)),
    ("2019-09-20", S.DRAFTING, False, {}, ("draft", "2019-09-27", 7)),
    ("2019-09-25", S.DRAFTING, False, {}, ("draft", "2019-09-27", 7)),
    ("2019-09-26", S.DRAFTING, False, {}, ("draft", "2019-09-27", 1)),
    ("2019-09-27", S.DRAFTING, False, {}, ("draft", "2019-09-27", 1)),  # due today
    ("2019-09-28", S.DRAFTING, False, {}, ("draft", "2019-09-27", PASSED)),
    ("2019-11-20", S.DRAFTING, False, {}, ("draft", "2019-09-27", PASSED)),
    # an extension to 4 October moves the reminders with it
    ("2019-09-28", S.DRAFTING, False, {"draft": "2019-10-04"}, ("draft", "2019-10-04", 7)),
    ("2019-10-03", S.DRAFTING, False, {"draft": "2019-10-04"}, ("draft", "2019-10-04", 1)),
    # the draft is in: the final plan's reminders (15 November)
    ("2019-09-30", S.DRAFT_SUBMITTED, False, {}, None),
    ("2019-11-01", S.IN_REVIEW, False, {}, ("final", "2019-11-15", 14)),
    ("2019-11-08", S.CHANGES_REQUESTED, False, {}, ("final", "2019-11-15", 7)),
    ("2019-11-14", S.CHANGES_REQUESTED, False, {}, ("final", "2019-11-15", 1)),
    ("2019-11-16", S.IN_REVIEW, False, {}, ("final", "2019-11-15", PASSED)),
    # the final plan is in: no reminder, however late
    ("2019-11-14", S.FINAL_SUBMITTED, True, {}, None),
    ("2019-11-16", S.IN_REVIEW, True, {}, None),
    ("2019-12-20", S.AGREED, True, {}, None),
]


@pytest.mark.parametrize(("today", "status", "final", "extensions", "expected"), DUE)
def test_the_reminder_due_on_a_day(today, status, final, extensions, expected):
    found = reminder_due(
        D(today), status, final, DEADLINES, {k: D(v) for k, v in extensions.items()}
    )
    if expected is None:
        assert found is None
        return
    stage, date, days_before = expected
    assert isinstance(found, Reminder)
    assert (found.stage, found.date, found.days_before) == (stage, D(date), days_before)
    assert found.days_left == (D(date) - D(today)).days
