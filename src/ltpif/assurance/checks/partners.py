"""Checks on partnership: engagement, sign-offs, footprint and the provider landscape."""

from __future__ import annotations

from collections.abc import Iterable

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, register
from ltpif.assurance.wording import day, organisation_name, percent
from ltpif.framework.schema import Id
from ltpif.framework.typed import record
from ltpif.plans.signoffs import concerns_open, currency
from ltpif.plans.strategy import Board, check_links, coverage, linkable_of, strategies_of

ANY_KIND = "any"


@record
class EngagementParams:
    """`partner`: the partner's organisation type (an id in `geography.toml`)
    `kind`: the kind of engagement event, or "any"
    """

    partner: Id
    kind: Id


@register("engagement-recorded", EngagementParams, reads=("engagement",))
def engagement_recorded(ctx: CheckContext, params: EngagementParams) -> Iterable[Issue]:
    """The engagement log records an event of the kind with the partner."""
    if not any(
        event.partner == params.partner and params.kind in (ANY_KIND, event.kind)
        for event in ctx.plan.engagement
    ):
        what = "engagement" if params.kind == ANY_KIND else params.kind.replace("-", " ")
        partner = organisation_name(ctx.pack, params.partner)
        yield Issue(
            ("engagement",), f"No {what} with the {partner} is recorded.", section="engagement"
        )


def _discussed(board: Board, ctx: CheckContext, params: EngagementParams) -> bool:
    """An engagement event of the kind with the partner names the board (its authority's name
    or code, in any case) as the partner."""
    names = (board.name.casefold(), board.authority.casefold())
    return any(
        event.partner == params.partner
        and params.kind in (ANY_KIND, event.kind)
        and any(name and name in event.partner_name.casefold() for name in names)
        for event in ctx.plan.engagement
    )


@register(
    "builds-on-board-strategies", EngagementParams, reads=("boards", "engagement", "strategy_links")
)
def builds_on_board_strategies(ctx: CheckContext, params: EngagementParams) -> Iterable[Issue]:
    """Every health and wellbeing board of the footprint has held its own engagement of the
    kind (an event with the partner whose partner's name names the board's authority), and the
    plan builds on each board's joint health and wellbeing strategy: a strategy link to every
    priority its partner recorded (the coverage, plans.strategy); each priority left unlinked
    is a query, as is a board without its own discussion once it has recorded its strategy (a
    board that recorded nothing is information: until it does, the framework's one discussion
    with the board stands, rule engagement-recorded), and a link to a priority of another
    area, or one its board did not record, is the rule's severity. Where the boards are
    not known (a plan file read on its own) it finds nothing."""
    if ctx.boards is None:
        return
    links = ctx.plan.strategy_links or []
    for path, message in check_links(linkable_of(ctx.boards), links):
        yield Issue(path, message, section="engagement")
    covered = {c.authority: c for c in coverage(strategies_of(ctx.boards), links)}
    what = params.kind.replace("-", " ") if params.kind != ANY_KIND else "engagement"
    partner = organisation_name(ctx.pack, params.partner)
    for board in ctx.boards:
        if not board.priorities and not board.findings:
            message = (
                f"{board.name} ({board.authority}) has recorded no joint health and wellbeing "
                "strategy priorities yet, so the plan's coverage of its strategy is not known."
            )
            yield Issue(("strategy_links",), message, severity="info", section="engagement")
            continue
        if not _discussed(board, ctx, params):
            message = (
                f"No {what} with the {partner} of {board.name} ({board.authority}) is recorded: "
                "name the board in the engagement's partner's name."
            )
            yield Issue(("engagement",), message, severity="query", section="engagement")
        if not board.priorities:
            continue
        missing = covered[board.authority].missing
        if missing:
            share = covered[board.authority].share or 0.0
            message = (
                f"The plan builds on {len(board.priorities) - len(missing)} of the "
                f"{len(board.priorities)} priorities of the joint health and wellbeing strategy "
                f"of {board.name} ({percent(share)}); not on: {', '.join(missing)}."
            )
            yield Issue(("strategy_links",), message, severity="query", section="engagement")


@record
class SignOffParams:
    """`partners`: the organisation types that must each sign the plan off"""

    partners: list[Id]


# reads the whole plan: a sign-off is current only for the content it was given for
@register("signed-off-by", SignOffParams)
def signed_off_by(ctx: CheckContext, params: SignOffParams) -> Iterable[Issue]:
    """Each partner signed off this plan version (not an earlier one); open concerns are queries."""
    current = currency(ctx.plan)
    for partner in params.partners:
        name = organisation_name(ctx.pack, partner)
        entries = [(i, s) for i, s in enumerate(ctx.plan.sign_offs) if s.partner == partner]
        given = [(i, s) for i, s in entries if s.status in ("signed", "concerns")]
        if not any(current[i] for i, _ in given):
            stale = sorted({s.version for i, s in given if s.version is not None})
            if stale:
                versions = ", ".join(str(v) for v in stale)
                message = (
                    f"The {name}'s sign-off was given for version {versions}; the plan has "
                    "changed since, so it is asked for again."
                )
            else:
                message = f"No sign-off from the {name}."
            yield Issue(("sign_offs",), message, section="engagement")
        for index, entry in given:
            if current[index] and concerns_open(entry):
                message = f"The {name} ({entry.name}) recorded concerns: {entry.concerns.strip()}"
                where = ("sign_offs", index, "concerns")
                yield Issue(where, message, severity="query", section="engagement")


@record
class DeadlineParams:
    """`deadline`: the deadline (an id in `calendar.toml`) a footprint change is notified by"""

    deadline: Id


@register("footprint-change-on-time", DeadlineParams, reads=("footprint",))
def footprint_change_on_time(ctx: CheckContext, params: DeadlineParams) -> Iterable[Issue]:
    """A footprint change request was notified by the deadline."""
    change = ctx.plan.footprint.change_request
    deadline = ctx.pack.deadline_by_id[params.deadline]
    if change is not None and change.date > deadline.date:
        message = (
            f"The footprint change request is dated {day(change.date)}, after the deadline "
            f"of {day(deadline.date)}."
        )
        yield Issue(("footprint", "change_request", "date"), message, section="engagement")


@register("landscape-fast-track", NoParams, reads=("landscape_changes",))
def landscape_fast_track(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """Provider and commissioner landscape changes qualify for fast-track assessment."""
    for index, change in enumerate(ctx.plan.landscape_changes):
        kind = change.kind.replace("-", " ")
        message = f"The {kind} ({change.description}) qualifies for fast-track assessment."
        yield Issue(("landscape_changes", index), message, section="service-changes")
