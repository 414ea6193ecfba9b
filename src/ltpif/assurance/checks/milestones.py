"""Checks on milestones, national and local: planned, by their deadline, and evidenced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import field

from ltpif.assurance import wording
from ltpif.assurance.checks.commitments import KindParams
from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, register
from ltpif.framework import schema as s
from ltpif.framework.schema import Id
from ltpif.framework.typed import record
from ltpif.plans.document import PlanMilestone

Path = tuple[str | int, ...]


@record
class MilestonePlannedParams(KindParams):
    """`kind`: which commitments: "foundational" or "local" (those the plan takes up)
    `except_milestones`: pack milestones that apply only in some plans (a footprint change)
    """

    except_milestones: list[Id] = field(default_factory=list)


@register("milestone-planned", MilestonePlannedParams, reads=(), each_commitment=True)
def milestone_planned(
    ctx: CheckContext, params: MilestonePlannedParams, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """Every national milestone of the commitments of the kind the plan takes up is planned:
    a plan milestone names it (`milestone`)."""
    if commitment is None or commitment.kind != params.kind:
        return
    found = ctx.taken_up(commitment.id)
    if found is None:
        return  # trajectory-complete and local-pace report a commitment not taken up
    index, entry = found
    planned = {m.milestone for m in entry.milestones}
    for milestone in commitment.milestone:
        if milestone.scope != "every_system" or milestone.id in params.except_milestones:
            continue
        if milestone.id not in planned:
            message = (
                f"The national milestone “{milestone.description}” ({commitment.title}, by "
                f"{_by(ctx, milestone.by)}) is not in the plan: add a milestone naming "
                f"`{milestone.id}`."
            )
            yield Issue(
                ("commitments", index, "milestones"),
                message,
                commitment=commitment.id,
                section=commitment.sections[0],
            )


def _end(ctx: CheckContext, by: s.ByWhen) -> dt.date:
    """The last day something due `by` (a year, or a date) may happen."""
    if isinstance(by, dt.date):
        return by
    return ctx.pack.year_calendar.last_day(by)


def _by(ctx: CheckContext, by: s.ByWhen) -> str:
    return wording.day(_end(ctx, by))


def _later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _commitment_deadline(ctx: CheckContext, commitment: s.Commitment) -> dt.date:
    """The last of the dates its ambitions and milestones are due by; the end of the plan period
    for a commitment with none."""
    dates = [_end(ctx, a.by) for a in commitment.ambition if a.scope == "every_system"]
    dates += [_end(ctx, m.by) for m in commitment.milestone]
    return max(dates) if dates else ctx.pack.window[1]


def _milestones_of(
    ctx: CheckContext, commitment: s.Commitment | None
) -> Iterator[tuple[Path, PlanMilestone, dt.date, str, dict]]:
    """(where, the plan milestone, its deadline, what the deadline is, about) for every plan
    milestone of the commitment's entry, or with None, of the local priorities."""
    pack = ctx.pack
    if commitment is None:
        for index, priority in enumerate(ctx.plan.local_priorities):
            targets = [_end(ctx, m.by) for m in priority.metrics if m.by is not None]
            deadline = max(targets) if targets else pack.window[1]
            what = "the local priority's last target date" if targets else "the end of the plan"
            for n, milestone in enumerate(priority.milestones):
                yield ("local_priorities", index, "milestones", n), milestone, deadline, what, {}
        return
    found = ctx.commitment_plan(commitment.id)
    if found is None:
        return
    index, entry = found
    about = {"commitment": commitment.id, "section": commitment.sections[0]}
    later = entry.later_by_years if commitment.kind == "local" else 0
    for n, milestone in enumerate(entry.milestones):
        national = pack.milestone_by_id.get(milestone.milestone or "")
        if national is not None:
            deadline, what = _end(ctx, national.by), "the national milestone's date"
        else:
            deadline, what = _commitment_deadline(ctx, commitment), "the commitment's deadline"
        if later:
            deadline, what = _later(deadline, later), f"{what} with the local pace"
        yield ("commitments", index, "milestones", n), milestone, deadline, what, about


@register("milestone-by-deadline", reads=("local_priorities",), each_commitment=True)
def milestone_by_deadline(
    ctx: CheckContext, params: object, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """No milestone falls after its deadline: a national milestone's own date, or the last date
    its commitment's standards and milestones are due by (later by a local pace), or a local
    priority's last target year."""
    for path, milestone, deadline, what, about in _milestones_of(ctx, commitment):
        if milestone.date > deadline:
            message = (
                f"The milestone “{milestone.description}” is planned for "
                f"{wording.day(milestone.date)}, after {what} ({wording.day(deadline)})."
            )
            yield Issue((*path, "date"), message, **about)


@register("milestone-evidenced", reads=("local_priorities",), each_commitment=True)
def milestone_evidenced(
    ctx: CheckContext, params: object, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """Every milestone whose date is past (before the planning calendar's today) gives the
    evidence that it was reached."""
    for path, milestone, _deadline, _what, about in _milestones_of(ctx, commitment):
        if milestone.date < ctx.today and not milestone.evidence.strip():
            message = (
                f"The milestone “{milestone.description}” was due on "
                f"{wording.day(milestone.date)} and gives no evidence that it was reached."
            )
            yield Issue((*path, "evidence"), message, **about)
