"""The planning round's calendar as it bears on one plan: which submission is due next, by
when (the pack's deadline, or the extension a regional lead granted), how many days are left,
and whether the plan is overdue. Pure: today is given, never read from a clock.

A plan still drafting owes its draft; once the draft is in, it owes its final plan; once the
final plan is in (submitted, under review as a final plan, agreed or published) nothing more
of the round is due. A plan is overdue when the day after its deadline has come and the
submission is still not made; on the deadline itself it is due today, not late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.framework.schema import Deadline, Stage
from ltpif.plans.workflow import Status

FINAL_IN = frozenset({Status.FINAL_SUBMITTED, Status.AGREED, Status.PUBLISHED})


def stage_due(status: Status, reviewing_final: bool) -> Stage | None:
    """The submission the plan still owes, or None when its final plan is in."""
    if status in FINAL_IN or (status == Status.IN_REVIEW and reviewing_final):
        return None
    return "draft" if status == Status.DRAFTING else "final"


@dataclass(frozen=True)
class Due:
    """What a plan owes next and by when; `stage` None when nothing more is due."""

    stage: Stage | None
    deadline: Deadline | None = None
    date: dt.date | None = None  # the deadline's date, or the extension's when granted
    extended: bool = False
    days_left: int | None = None  # negative once the date has passed
    overdue: bool = False


def deadline_for(
    stage: Stage,
    deadlines: Mapping[Stage, Deadline],
    extensions: Mapping[Stage, dt.date],
) -> tuple[Deadline | None, dt.date | None, bool]:
    """The pack's deadline of a submission, and the date it falls due for this plan (an
    extension moves it), and whether it was extended."""
    deadline = deadlines.get(stage)
    extended = extensions.get(stage)
    if extended is not None:
        return deadline, extended, True
    return deadline, deadline.date if deadline else None, False


def due(
    today: dt.date,
    status: Status,
    reviewing_final: bool,
    deadlines: Mapping[Stage, Deadline],
    extensions: Mapping[Stage, dt.date] | None = None,
) -> Due:
    stage = stage_due(status, reviewing_final)
    if stage is None:
        return Due(None)
    deadline, date, extended = deadline_for(stage, deadlines, extensions or {})
    if date is None:  # a pack with no deadline for this stage: nothing to count down to
        return Due(stage)
    days_left = (date - today).days
    return Due(stage, deadline, date, extended, days_left, overdue=days_left < 0)


def is_late(
    today: dt.date,
    stage: Stage,
    deadlines: Mapping[Stage, Deadline],
    extensions: Mapping[Stage, dt.date] | None = None,
) -> dt.date | None:
    """The date a submission of `stage` made today is late against, or None if on time."""
    _, date, _ = deadline_for(stage, deadlines, extensions or {})
    return date if date is not None and today > date else None
