"""The region moderates a system's maturity: one transaction, one audit event, the freedoms
before and after stated in it (a change of level changes them at once)."""

from __future__ import annotations

from django.db import transaction

from ltpif.plans.access import Action
from ltpif.plans.maturity import (
    characteristic_levels,
    counted_level,
    freedoms_at,
    level_names,
    ranks,
)
from ltpif.web.maturity.models import Moderation
from ltpif.web.maturity.queries import moderated
from ltpif.web.planning.actions import (
    Invalid,
    _audit,
    readiness_fields,
    require,
    retried_when_busy,
)
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document, pack_of

AGREE, SET = "agree", "set"


Row = tuple[str, str, str, bool, str]  # characteristic, self-assessed, level, agreed, reason


Problem = tuple[str, str]  # field, message


def _one(characteristic: str, own: str, answer: dict[str, str], rank: dict) -> Row | Problem:
    """The row to write for one characteristic's decision, or (field, problem)."""
    decision, level = answer.get("decision", ""), answer.get("level", "")
    reason = answer.get("reason", "").strip()
    if decision == AGREE:
        if not own:
            return (f"decision__{characteristic}", "The plan gives no level for this year to agree")
        return (characteristic, own, own, True, reason)
    if decision != SET:
        return (f"decision__{characteristic}", "Choose agree or set another level")
    if level not in rank:
        return (f"level__{characteristic}", "Choose the level the region sets")
    if not reason:
        return (f"reason__{characteristic}", "Give the reason the region sets another level")
    return (characteristic, own, level, level == own, reason)


def _rows(pack, levels, year: str, decisions: dict[str, dict[str, str]]) -> list[Row]:
    """Every decision checked: the rows to write, or Invalid naming each problem's field."""
    rank = ranks(pack)
    problems: list[tuple[str, str]] = []
    if year not in pack.plan_years:
        first, last = pack.plan_years[0], pack.plan_years[-1]
        problems.append(("year", f"Choose a plan year ({first} to {last})"))
    rows: list[Row] = []
    for characteristic, answer in decisions.items():
        if characteristic not in levels:
            message = f"“{characteristic}” is not a characteristic of a mature ICS in the pack"
            problems.append((f"decision__{characteristic}", message))
            continue
        found = _one(characteristic, levels[characteristic].get(year, ""), answer, rank)
        if len(found) == len(("field", "problem")):
            problems.append((found[0], found[1]))
        else:
            rows.append(found)  # type: ignore[arg-type]
    if not rows and not problems:
        problems.append(("year", "Agree or set the level of at least one characteristic"))
    if problems:
        raise Invalid(problems)
    return rows


@retried_when_busy
def moderate(*, plan: Plan, year: str, decisions: dict[str, dict[str, str]], by) -> None:
    """`decisions`: characteristic id → {"decision": agree|set, "level": …, "reason": …}.
    Agreeing keeps the self-assessed level; setting another needs a level and a reason. Every
    problem is named at its field; nothing is saved unless all are right."""
    require(by, Action.MODERATE_MATURITY, plan)
    pack = pack_of(plan)
    names = level_names(pack)
    levels = characteristic_levels(pack, document(plan))
    rows = _rows(pack, levels, year, decisions)
    with transaction.atomic():
        before = moderated(plan.system_id)
        level_before = counted_level(pack, levels, before, year)
        for characteristic, own, level, agreed, reason in rows:
            Moderation.objects.create(
                system_id=plan.system_id,
                year=year,
                characteristic=characteristic,
                self_assessed=own,
                level=level,
                agreed=agreed,
                reason=reason,
                by=by,
            )
        after = moderated(plan.system_id)
        level_after = counted_level(pack, levels, after, year)
        # the freedoms change at once: the rules the plan is assured against, so its summary
        Plan.objects.filter(pk=plan.pk).update(**readiness_fields(plan, document(plan)))
        changed = [
            f"{c} {names.get(own, 'not assessed')}→{names[level]}"
            for c, own, level, agreed, _ in rows
            if not agreed
        ]
        summary = f"Maturity {year} moderated: {len(rows)} characteristic(s)"
        summary += f"; set {', '.join(changed)}" if changed else ", all agreed"
        if level_before != level_after:
            summary += f"; level now {names.get(level_after or '', 'not moderated')}"
        _audit(
            plan,
            by,
            "moderate_maturity",
            summary,
            {
                "year": year,
                "levels": {c: before.get((c, year)) for c, *_ in rows},
                "level": level_before,
                "freedoms": freedoms_at(pack, level_before),
            },
            {
                "year": year,
                "levels": {c: level for c, _, level, *_ in rows},
                "reasons": {c: reason for c, *_, reason in rows if reason},
                "level": level_after,
                "freedoms": freedoms_at(pack, level_after),
            },
        )
