"""Checks on local discretion: the pace and scope of local commitments, and local priorities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ltpif.assurance.checks.commitments import About
from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, register
from ltpif.assurance.wording import quantity
from ltpif.framework import schema as s
from ltpif.framework.typed import record
from ltpif.plans.document import CommitmentPlan

HOW_TO_JUSTIFY = (
    "write a `local_justification` saying why: the local needs and priorities behind it and "
    "the local strategy it builds on"
)


@record
class LocalPaceParams:
    """`mode`: "justified" for every local commitment a plan phases later than the national
    dates or leaves out, within its latitude (a query the region may accept, or a finding saying
    what to write); "latitude" for departures beyond the latitude, and for a foundational
    commitment phased later or left out
    """

    mode: Literal["justified", "latitude"]


def _years(n: int) -> str:
    return f"{n} year{'s' if n != 1 else ''}"


def _absent(commitment: s.Commitment, latitude: s.Latitude | None, mode: str) -> str | None:
    """What to say of a commitment the plan does not list, in this mode."""
    if commitment.kind == "foundational":
        return None  # trajectory-complete reports a foundational commitment not in the plan
    may_omit = latitude is not None and latitude.may_omit
    if mode == "justified" and may_omit:
        return (
            f"“{commitment.title}” is not in the plan. A system may leave this local commitment "
            f"out of the plan period: list it with `omitted: true` and {HOW_TO_JUSTIFY}."
        )
    if mode == "latitude" and not may_omit:
        return f"“{commitment.title}” is not in the plan; every plan takes it up."
    return None


def _beyond(
    commitment: s.Commitment, latitude: s.Latitude | None, entry: CommitmentPlan
) -> tuple[str, str] | None:
    """(field, message) when the plan departs further than the commitment's latitude allows."""
    if latitude is None:
        what = "left out" if entry.omitted else "phased later"
        reason = (
            "it is foundational: it keeps its national standard and date"
            if commitment.kind == "foundational"
            else "the pack gives it no latitude"
        )
        field = "omitted" if entry.omitted else "later_by_years"
        return field, f"“{commitment.title}” cannot be {what}: {reason}."
    if entry.omitted and not latitude.may_omit:
        return "omitted", (
            f"“{commitment.title}” may not be left out: every plan takes it up "
            f"({latitude.name}); it may be phased up to {_years(latitude.phase_years)} later "
            "instead."
        )
    if entry.later_by_years > latitude.phase_years:
        return "later_by_years", (
            f"“{commitment.title}” is phased {_years(entry.later_by_years)} later than the "
            f"national dates; its latitude ({latitude.name}) allows at most "
            f"{_years(latitude.phase_years)}."
        )
    return None


def _within(commitment: s.Commitment, entry: CommitmentPlan) -> str:
    """The query on a departure within the latitude: the justification, or what to write."""
    what = (
        "is not taken up in this plan period"
        if entry.omitted
        else f"reaches the national expectation {_years(entry.later_by_years)} after the "
        "national dates"
    )
    justification = entry.local_justification.strip()
    if justification:
        return (
            f"“{commitment.title}” {what}, as its latitude allows. The system's justification: "
            f"{justification} The region may accept it."
        )
    return f"“{commitment.title}” {what} without a justification: {HOW_TO_JUSTIFY}."


@register("local-pace", LocalPaceParams, reads=(), each_commitment=True)
def local_pace(
    ctx: CheckContext, params: LocalPaceParams, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """A local commitment may be phased later than the national dates, or left out of the plan
    period, as far as its latitude (discretion.toml) allows and with a written justification;
    a foundational commitment keeps its national standard and date."""
    if commitment is None:
        return
    about: About = {"commitment": commitment.id, "section": commitment.sections[0]}
    latitude = ctx.pack.latitude_of(commitment)
    found = ctx.commitment_plan(commitment.id)
    if found is None:
        message = _absent(commitment, latitude, params.mode)
        if message:
            yield Issue(("commitments",), message, **about)
        return
    index, entry = found
    if not (entry.omitted or entry.later_by_years):
        return
    beyond = _beyond(commitment, latitude, entry)
    if params.mode == "latitude" and beyond:
        yield Issue(("commitments", index, beyond[0]), beyond[1], **about)
    elif params.mode == "justified" and not beyond:
        where = ("commitments", index, "local_justification")
        yield Issue(where, _within(commitment, entry), **about)


def _meets(polarity: str, value: float, target: float) -> bool:
    return value <= target if polarity == "lower_is_better" else value >= target


@register("local-priority-trajectory", reads=("local_priorities",))
def local_priority_trajectory(ctx: CheckContext, params: object) -> Iterable[Issue]:
    """Every metric of a local priority has a target and a year to reach it by, a value for
    every plan year, and a trajectory that reaches its own target by that year."""
    for index, priority in enumerate(ctx.plan.local_priorities):
        at = ("local_priorities", index)
        if not priority.metrics:
            yield Issue((*at, "metrics"), f"The local priority “{priority.title}” has no metric.")
        for n, metric in enumerate(priority.metrics):
            where = (*at, "metrics", n)
            if metric.target is None or metric.by is None:
                message = f"{metric.name} ({priority.title}) has no target and year to reach it by."
                yield Issue((*where, "target"), message)
                continue
            missing = [year for year in ctx.years[1:] if year not in metric.trajectory]
            if missing:
                message = f"{metric.name} ({priority.title}) has no value for {', '.join(missing)}."
                yield Issue((*where, "trajectory"), message)
                continue
            value = metric.trajectory.get(metric.by)
            unit = metric.unit or "count"
            if value is not None and not _meets(metric.polarity, value, metric.target):
                message = (
                    f"{metric.name} ({priority.title}) is {quantity(value, unit)} in {metric.by}; "
                    f"its own target is {quantity(metric.target, unit)} by then."
                )
                yield Issue((*where, "trajectory", metric.by), message)
