"""A roll-up made from the last one: only what a changed plan touches is computed again, and
what it touches is never taken from the last one."""

from __future__ import annotations

import dataclasses

from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Plan, Trajectory
from ltpif.rollup import reference
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


def test_a_changed_plan_is_rolled_up_again_and_the_others_are_kept():
    last = run_rollup(PACK, PLANS)
    changed = {**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], 3.0)}
    made = run_rollup(PACK, changed, previous=last)

    assert made.totals == _fresh(changed) != last.totals
    assert made.parts and last.parts
    for code in PLANS:
        kept = made.parts.systems[code] is last.parts.systems[code]
        assert kept == (code != SYSTEM), code
    for region, part in made.parts.regions.items():
        assert (part is last.parts.regions[region]) == (region != REGION_OF[SYSTEM]), region
    metric = _first_trajectory(PLANS[SYSTEM])[1].metric
    before = {t.key: t for t in last.totals if t.metric == metric}
    after = {t.key: t for t in made.totals if t.metric == metric}
    moved = {key[:2] for key in after if after[key] != before[key]}
    assert moved == {(REGION, REGION_OF[SYSTEM]), (NATIONAL, NATIONAL)}


def test_an_equal_plan_that_is_a_new_document_is_read_again():
    """Reuse is by identity: a new document is never assumed to equal the last one."""
    last = run_rollup(PACK, PLANS)
    made = run_rollup(PACK, {**PLANS, SYSTEM: _scaled(PLANS[SYSTEM], 1.0)}, previous=last)
    assert made.parts and last.parts
    assert made.parts.systems[SYSTEM] is not last.parts.systems[SYSTEM]
    assert made.totals == last.totals


def test_a_plan_gone_or_come_changes_its_region():
    last = run_rollup(PACK, PLANS)
    without = {code: plan for code, plan in PLANS.items() if code != SYSTEM}
    gone = run_rollup(PACK, without, previous=last)
    assert gone.totals == _fresh(without) != last.totals
    back = run_rollup(PACK, PLANS, previous=gone)
    assert back.totals == last.totals


def test_nothing_is_kept_from_a_roll_up_of_another_pack():
    other = dataclasses.replace(PACK)  # an equal pack is still another pack
    last = run_rollup(other, PLANS)
    made = run_rollup(PACK, PLANS, previous=last)
    assert made.parts and last.parts
    assert all(made.parts.systems[c] is not last.parts.systems[c] for c in PLANS)
