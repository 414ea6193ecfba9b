"""Saving one part of a plan from its form: one write, under optimistic locking, checked as the
plan file is (`plans.validate` through `planning.actions._checked`), audited with the part's
records before and after."""

from __future__ import annotations

from typing import Any

from ltpif.app.plan_parts import Part, prefix_of, replace_part, rows_of
from ltpif.framework.typed import to_plain
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import pack_of


@actions.retried_when_busy
def save_part(
    *,
    plan: Plan,
    part: Part,
    records: list[dict],
    lock_version: int,
    by,
    commitment: str | None = None,
) -> None:
    """Replace the part's records (one, for a part that is not a list) with `records`, given
    as the plan file writes them. `Invalid` problems are at the plan's key paths."""
    doc = actions._editable(plan, by)
    if part.id == "milestones" and commitment not in pack_of(plan).commitment_by_id:
        raise actions.Invalid([("commitment", f"the pack has no commitment {commitment!r}")])
    prefix = prefix_of(part, doc, commitment)
    parsed: list[Any] = []
    problems: list[tuple[str, str]] = []
    for index, record in enumerate(records):
        at = f"{prefix}{part.key}[{index}]" if part.many else prefix.rstrip(".")
        try:
            parsed.append(actions._record(part.record, record))
        except actions.Invalid as exc:
            problems += [(f"{at}.{where}", message) for where, message in exc.problems]
    if problems:
        raise actions.Invalid(problems)
    before = [to_plain(r) for r in rows_of(part, doc, commitment)]
    new = replace_part(part, doc, parsed, commitment)
    where = f" of {commitment}" if commitment else ""
    actions._save_working(
        plan,
        new,
        lock_version,
        by,
        f"update_{part.id.replace('-', '_')}",
        f"{part.title}{where} changed",
        before if part.many else before[0],
        [to_plain(r) for r in parsed] if part.many else to_plain(parsed[0]),
    )
