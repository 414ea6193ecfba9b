"""Who is told what when a plan needs someone: one pure policy (event → audiences and
wording), and the calendar's reminders due on a day. No database, no email: the web's
notifications app finds the people of each audience and sends.

Reminders come at 14, 7 and 1 days before a plan's next deadline, and once after it has
passed. Each reminder is due from its day until the next one's, so a daily run that missed a
day catches up with the reminder of the window it is in (never with the ones before it); the
caller records each sent reminder by (plan, stage, date, days) and never sends one twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ltpif.assurance.wording import day
from ltpif.framework.schema import Deadline, Stage
from ltpif.plans.calendar import due
from ltpif.plans.workflow import Role, Status


class Kind(StrEnum):
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    AGREED = "agreed"
    SIGN_OFF_REQUESTED = "sign_off_requested"
    CONCERNS_RAISED = "concerns_raised"
    QUERY_ANSWERED = "query_answered"
    QUERY_REJECTED = "query_rejected"
    DEADLINE = "deadline"


class Place(StrEnum):
    SYSTEM = "system"  # people of the plan's system
    REGION = "region"  # people of the plan's region


@dataclass(frozen=True)
class Audience:
    role: Role
    place: Place


SYSTEM_LEADS = Audience(Role.SYSTEM_LEAD, Place.SYSTEM)
PARTNERS = Audience(Role.LA_PARTNER, Place.SYSTEM)
REGIONAL_LEADS = Audience(Role.REGIONAL_LEAD, Place.REGION)


@dataclass(frozen=True)
class Event:
    """Something that happened to (or is coming for) one system's plan."""

    kind: Kind
    system: str  # the system's name, as people know it
    stage: Stage | None = None  # the submission (submitted, deadline)
    text: str = ""  # reasons, concerns, the query's rule, the partner's name
    deadline: dt.date | None = None
    days_left: int | None = None  # negative once the deadline has passed
    version: int | None = None  # the plan version it concerns (a sign-off asked for)


@dataclass(frozen=True)
class Notice:
    audiences: tuple[Audience, ...]
    subject: str
    body: str


def _quoted(text: str) -> str:
    return f"\n\n“{text.strip()}”" if text.strip() else ""


def _when(days_left: int) -> str:
    if days_left < 0:
        late = -days_left
        return f"passed {late} day{'s' if late != 1 else ''} ago"
    if days_left == 0:
        return "today"
    return f"in {days_left} day{'s' if days_left != 1 else ''}"


def _wording(event: Event) -> tuple[tuple[Audience, ...], str, str]:
    """The audiences, subject and body of every event but a deadline's."""
    name, stage, text = event.system, event.stage, event.text
    # the region's decisions name the operational plan; the strategy plan is "the plan"
    which = "operational plan" if stage == "operational" else "plan"
    return {
        Kind.SUBMITTED: (
            (REGIONAL_LEADS,),
            f"{name}: {stage} plan submitted",
            f"{name} has submitted its {stage} plan. It waits for the region's review.",
        ),
        Kind.CHANGES_REQUESTED: (
            (SYSTEM_LEADS,),
            f"{name}: the region asks for changes"
            + (" to the operational plan" if stage == "operational" else ""),
            f"The region has asked for changes to the {which} before it can be agreed."
            + _quoted(text),
        ),
        Kind.AGREED: (
            (SYSTEM_LEADS,),
            f"{name}: {which} agreed",
            f"The region has agreed the {which}." + _quoted(text),
        ),
        Kind.SIGN_OFF_REQUESTED: (
            (PARTNERS,),
            f"{name}: your sign-off is asked for",
            "The system asks its partners to sign off the plan"
            + (f" as it stands (version {event.version})" if event.version else "")
            + ", or to record their concerns."
            + _quoted(text),
        ),
        Kind.CONCERNS_RAISED: (
            (SYSTEM_LEADS, REGIONAL_LEADS),
            f"{name}: a partner has concerns about the plan",
            f"{text or 'A partner'} recorded concerns instead of signing off the plan.",
        ),
        Kind.QUERY_ANSWERED: (
            (REGIONAL_LEADS,),
            f"{name}: a query is answered",
            f"The system has answered the query {text} in its plan; the answer goes to the "
            "region with its next submission.",
        ),
        Kind.QUERY_REJECTED: (
            (SYSTEM_LEADS,),
            f"{name}: the region rejected an answer to a query",
            "The region did not accept the plan's answer to a query." + _quoted(text),
        ),
    }[event.kind]


def notice(event: Event) -> Notice:
    """Who is told of `event`, and the words they are told in."""
    if event.kind != Kind.DEADLINE:
        return Notice(*_wording(event))
    assert event.deadline is not None and event.days_left is not None
    name, stage = event.system, event.stage
    when, by = _when(event.days_left), day(event.deadline)
    if event.days_left < 0:
        return Notice(
            (SYSTEM_LEADS,),
            f"{name}: the {stage} plan is overdue",
            f"The {stage} plan was due by {by} (the deadline {when}). Submit it with the "
            "reason it is late, or ask the region for an extension.",
        )
    return Notice(
        (SYSTEM_LEADS,),
        f"{name}: the {stage} plan is due {when}",
        f"The {stage} plan is due by {by}, {when}.",
    )


REMINDER_DAYS = (14, 7, 1)
PASSED = -1  # the reminder after the deadline, in the `days_before` of a reminder's record


@dataclass(frozen=True)
class Reminder:
    stage: Stage
    date: dt.date  # the deadline's date for this plan (an extension's when granted)
    days_before: int  # 14, 7 or 1, or PASSED
    days_left: int


def reminder_due(
    today: dt.date,
    status: Status,
    reviewing_final: bool,
    deadlines: Mapping[Stage, Deadline],
    extensions: Mapping[Stage, dt.date] | None = None,
) -> Reminder | None:
    """The reminder whose window `today` is in, for the submission the plan owes; None when
    nothing is owed, there is no deadline, or the first reminder's day has not come."""
    owed = due(today, status, reviewing_final, deadlines, extensions)
    if owed.stage is None or owed.date is None or owed.days_left is None:
        return None
    if owed.days_left < 0:
        return Reminder(owed.stage, owed.date, PASSED, owed.days_left)
    reached = [days for days in REMINDER_DAYS if owed.days_left <= days]
    if not reached:
        return None
    return Reminder(owed.stage, owed.date, min(reached), owed.days_left)
