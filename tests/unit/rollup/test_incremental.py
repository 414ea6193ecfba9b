"""A roll-up made from the last one: only what a changed plan touches is computed again, and
what it touches is never taken from the last one."""

from __future__ import annotations

import dataclasses

from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Plan, Trajectory
from ltpif.rollup import reference
from ltpif.rollup.gap import ambition_gaps
from ltpif.rollup.run import run_rollup
from ltpif.rollup.table import NATIONAL, REGION, long_rows, metric_kinds, plans_by_system

PACK = load_pack()
PLANS = plans_by_system(PACK, [plan for _s, _f, plan in demo_plans(PACK)])
SYSTEM = sorted(PLANS)[0]
REGION_OF = {x.code: x.region for x in PACK.geography.system}


def _first_trajectory(plan: Plan) -> tuple[int, Trajectory]:
    k = next(k for k, entry in enumerate(plan.commitments) if entry.trajectories)
    return k, plan.commitments[k].trajectories[0]


def _scaled(plan: Plan, factor: float) -> Plan:
    """The plan as a new document, every planned value of its first trajectory scaled."""
    k, first = _first_trajectory(plan)
    scaled = dataclasses.replace(
        first,
        values={y: v * factor for y, v in first.values.items()},
        numerator={y: v * factor for y, v in first.numerator.items()},
    )
    entry = plan.commitments[k]
    entry = dataclasses.replace(entry, trajectories=[scaled, *entry.trajectories[1:]])
    return dataclasses.replace(
        plan, commitments=[*plan.commitments[:k], entry, *plan.commitments[k + 1 :]]
    )


def _fresh(plans):
    return reference.rollup(long_rows(PACK, plans), metric_kinds(PACK))


def test_a_changed_trajectory_is_rolled_up_again_and_the_rest_is_kept():
    last = run_rollup(PACK, PLANS)
    last.gaps  # noqa: B018 (asked for, so the next roll-up may keep them)
    changed = {**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], 3.0)}
    made = run_rollup(PACK, changed, previous=last)

    assert made.totals == _fresh(changed) != last.totals
    # to the bit, in the same order: the long table and the totals a fresh roll-up gives
    assert repr(made.rows) == repr(long_rows(PACK, changed)) != repr(last.rows)
    assert repr(made.totals) == repr(_fresh(changed))
    assert made.gaps == ambition_gaps(PACK, made.rows, made.totals) != last.gaps
    assert made.parts and last.parts
    metric = _first_trajectory(PLANS[SYSTEM])[1].metric
    for code in PLANS:
        assert (made.parts.systems[code] is last.parts.systems[code]) == (code != SYSTEM), code
    mine, was = made.parts.systems[SYSTEM].rows, last.parts.systems[SYSTEM].rows
    assert [m for m in mine if mine[m] is not was[m]] == [metric]
    for m, part in made.parts.metrics.items():
        assert (part is last.parts.metrics[m]) == (m != metric), m
    for new, old in zip(made.gaps, last.gaps, strict=True):
        touched = metric in (new.ambition.metric, new.ambition.fair_share_metric)
        assert (new is old) != touched, new.ambition.id
    before = {t.key: t for t in last.totals if t.metric == metric}
    after = {t.key: t for t in made.totals if t.metric == metric}
    moved = {key[:2] for key in after if after[key] != before[key]}
    assert moved == {(REGION, REGION_OF[SYSTEM]), (NATIONAL, NATIONAL)}


def test_a_new_document_written_the_same_keeps_its_rows_but_not_a_negative_zero():
    """A plan saved again unchanged keeps its rows; -0.0 equals 0.0 but is written otherwise,
    so it is read again (a kept row must be the very row the plan gives)."""
    last = run_rollup(PACK, PLANS)
    assert last.parts
    same = run_rollup(PACK, {**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], 1.0)}, previous=last)
    assert same.parts and same.parts.systems[SYSTEM] is not last.parts.systems[SYSTEM]
    assert same.parts.metrics == last.parts.metrics and same.totals == last.totals
    zero = run_rollup(PACK, {**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], 0.0)}, previous=last)
    negative = run_rollup(PACK, {**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], -0.0)}, previous=zero)
    assert repr(negative.totals) == repr(_fresh({**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], -0.0)}))
    assert repr(negative.rows) != repr(zero.rows)


def test_a_plan_gone_or_come_changes_its_region():
    last = run_rollup(PACK, PLANS)
    without = {code: plan for code, plan in PLANS.items() if code != SYSTEM}
    gone = run_rollup(PACK, without, previous=last)
    assert gone.totals == _fresh(without) != last.totals
    assert repr(gone.rows) == repr(long_rows(PACK, without))
    back = run_rollup(PACK, PLANS, previous=gone)
    assert back.totals == last.totals
    assert repr(back.rows) == repr(last.rows)


def test_nothing_is_kept_from_a_roll_up_of_another_pack():
    other = dataclasses.replace(PACK)  # an equal pack is still another pack
    last = run_rollup(other, PLANS)
    made = run_rollup(PACK, PLANS, previous=last)
    assert made.parts and last.parts
    assert all(made.parts.systems[c] is not last.parts.systems[c] for c in PLANS)
