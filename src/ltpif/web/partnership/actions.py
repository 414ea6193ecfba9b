"""Every write of the partnership (issue 15 item 4): a board's partner records a priority of its
joint health and wellbeing strategy or a finding of its JSNA; the system lead links the plan's
commitments and local priorities to them. One transaction and one audit event each; a problem
names the form field it is at, with nothing saved."""

from __future__ import annotations

import dataclasses
import re

from django.db import transaction

from ltpif.app.dates import BadDate, parse_date
from ltpif.framework.typed import to_plain
from ltpif.plans.access import Action, Target, can
from ltpif.plans.document import StrategyLink
from ltpif.plans.strategy import check_links, linkable_of
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.partnership.queries import Authority, authority_of, boards_of_system
from ltpif.web.planning import actions
from ltpif.web.planning.models import AuditEvent, Plan, System
from ltpif.web.planning.queries import actor_of, document

Invalid = actions.Invalid
NotAllowed = actions.NotAllowed
LIMITS = {"title": 200, "source": 500, "description": 5000}


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.casefold())
    slug = "-".join(words)[:50].strip("-")
    return slug or "item"


def _free_ident(authority: str, title: str) -> str:
    base = _slug(title)
    taken = set(
        StrategyItem.objects.filter(authority=authority, ident__startswith=base).values_list(
            "ident", flat=True
        )
    )
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def recorder(by, system: System) -> Authority:
    """The board `by` records for in `system`: refused unless they are the system's partner
    and their organisation is one of its upper-tier local authorities."""
    actor = actor_of(by)
    if actor is None or not can(
        actor, Action.RECORD_STRATEGY, Target(system.code, system.region_id)
    ):
        raise NotAllowed("Only the system's local government partners record strategies.")
    authority = authority_of(by, system.code)
    if authority is None:
        raise NotAllowed(
            "Your account is not of an upper-tier local authority in this system's footprint: "
            "ask your system lead to record your organisation's code."
        )
    return authority


def _cleaned(fields: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    kind = fields.get("kind", "")
    if kind not in StrategyItem.KINDS:
        problems.append(("kind", "Select whether it is a strategy priority or a JSNA finding"))
    text = {k: fields.get(k, "").strip() for k in ("title", "description", "source")}
    if not text["title"]:
        problems.append(("title", "Enter the priority's or the finding's title"))
    if not text["source"]:
        problems.append(("source", "Enter the document it comes from: its title or a link"))
    for name, limit in LIMITS.items():
        if len(text[name]) > limit:
            problems.append((name, f"Enter no more than {limit} characters"))
    dated = None
    try:
        dated = parse_date(
            fields.get("dated-day", ""),
            fields.get("dated-month", ""),
            fields.get("dated-year", ""),
            required=True,
        )
    except BadDate as exc:
        problems.append(("dated", exc.message))
    return {"kind": kind, **text, "dated": dated}, problems


def _plain(item: StrategyItem) -> dict:
    return {
        "authority": item.authority,
        "kind": item.kind,
        "id": item.ident,
        "title": item.title,
        "description": item.description,
        "source": item.source,
        "dated": item.dated.isoformat(),
    }


def _refresh_readiness(authority: str) -> None:
    """The stored assurance summary of the plans whose footprint holds the board: their
    coverage changed (assurance reads the recorded strategies)."""
    for plan in current_plans().filter(
        system__organisations__code=authority, system__organisations__type="local_authority"
    ):
        Plan.objects.filter(pk=plan.pk).update(**actions.readiness_fields(plan, document(plan)))


@actions.retried_when_busy
def record_item(
    *, system: System, fields: dict[str, str], by, item: StrategyItem | None = None
) -> StrategyItem:
    """Record a new priority or finding of the partner's board (`item` None) or change one of
    its own; its id, made from the first title, stays when the title changes."""
    authority = recorder(by, system)
    if item is not None and item.authority != authority.code:
        raise NotAllowed("You may change only your own board's strategy.")
    cleaned, problems = _cleaned(fields)
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        before = None if item is None else _plain(item)
        if item is None:
            item = StrategyItem(
                authority=authority.code,
                ident=_free_ident(authority.code, cleaned["title"]),
                recorded_by=by,
            )
        for name, value in cleaned.items():
            setattr(item, name, value)
        item.save()
        plan = current_plans().filter(system=system).first()
        verb = "recorded" if before is None else "changed"
        AuditEvent.objects.create(
            plan=plan,
            actor=by,
            action="record_strategy_item",
            summary=f"{StrategyItem.KINDS[item.kind]} {item.ident} of {authority.name} {verb}"[
                :300
            ],
            before=before,
            after=_plain(item),
        )
        _refresh_readiness(authority.code)
    return item


def _builds(value: str) -> dict[str, str]:
    kind, _, ident = value.partition(":")
    if kind == "commitment" and ident:
        return {"commitment": ident}
    if kind == "local" and ident:
        return {"local_priority": ident}
    raise Invalid([("builds", "Select the commitment or local priority that builds on it")])


@actions.retried_when_busy
def add_link(*, plan: Plan, priority: str, builds: str, lock_version: int, by) -> None:
    """Link a commitment or local priority of the plan to a board's priority or JSNA finding
    (`priority` is "authority:id"). A board outside the footprint, an item its partner did not
    record, a part the plan lacks or a link given twice is refused at its field."""
    doc = actions._editable(plan, by)
    problems: list[tuple[str, str]] = []
    authority, _, ident = priority.partition(":")
    if not authority or not ident:
        problems.append(("priority", "Select the strategy priority or JSNA finding"))
    part: dict[str, str] = {}
    try:
        part = _builds(builds)
    except Invalid as exc:
        problems += exc.problems
    if problems:
        raise Invalid(problems)
    link = StrategyLink(authority=authority, priority=ident, **part)
    for _, message in check_links(linkable_of(boards_of_system(plan.system_id)), [link]):
        raise Invalid([("priority", message[0].upper() + message[1:])])
    links = list(doc.strategy_links or [])
    if link in links:
        raise Invalid([("builds", "That link is already made")])
    try:
        actions._save_working(
            plan,
            dataclasses.replace(doc, strategy_links=[*links, link]),
            lock_version,
            by,
            "add_strategy_link",
            f"{link.builds} linked to {authority} {ident}",
            None,
            to_plain(link),
        )
    except Invalid as exc:
        raise Invalid([("builds", message) for _, message in exc.problems]) from None


@actions.retried_when_busy
def remove_link(*, plan: Plan, index: int, lock_version: int, by) -> None:
    doc = actions._editable(plan, by)
    links = list(doc.strategy_links or [])
    if not 0 <= index < len(links):
        raise Invalid([("index", "The plan has no such link")])
    removed = links.pop(index)
    actions._save_working(
        plan,
        dataclasses.replace(doc, strategy_links=links or None),
        lock_version,
        by,
        "remove_strategy_link",
        f"{removed.builds} no longer linked to {removed.authority} {removed.priority}",
        to_plain(removed),
        None,
    )
