"""The ambition gap and what-if, on the 42 demo plans (some changed for each case)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.framework.problems import InputError
from ltpif.plans.document import Trajectory
from ltpif.rollup.fairshare import find_ambition
from ltpif.rollup.gap import signed_gap
from ltpif.rollup.run import run_rollup
from ltpif.rollup.table import plans_by_system
from ltpif.rollup.whatif import what_if

PACK = load_pack()
YEARS = PACK.plan_years
STAFF = "pcn-additional-roles-20000"  # national total, need-weighted shares, due 2023/24
CRISIS = "adult-crisis-24-7-full-coverage"  # every system, due 2020/21


@pytest.fixture(scope="module")
def plans():
    return plans_by_system(PACK, [plan for _s, _f, plan in demo_plans(PACK)])


@pytest.fixture(scope="module")
def rollup(plans):
    return run_rollup(PACK, plans)


def gap_of(rollup, ambition_id):
    return next(g for g in rollup.gaps if g.ambition.id == ambition_id)


def with_values(plan, metric, values):
    """The plan with one trajectory's values replaced."""
    entries = []
    for entry in plan.commitments:
        trajectories = [
            dataclasses.replace(t, values=values) if t.metric == metric else t
            for t in entry.trajectories
        ]
        entries.append(dataclasses.replace(entry, trajectories=trajectories))
    return dataclasses.replace(plan, commitments=entries)


@pytest.mark.parametrize(
    ("comparison", "planned", "target", "gap"),
    [
        ("at_least", 120.0, 100.0, 20.0),
        ("at_least", 80.0, 100.0, -20.0),
        ("at_most", 80.0, 100.0, 20.0),  # below a ceiling is a surplus
        ("at_most", 130.0, 100.0, -30.0),
        ("at_least", None, 100.0, None),
        ("at_least", 5.0, None, None),
    ],
)
def test_signed_gap(comparison, planned, target, gap) -> None:
    assert signed_gap(comparison, planned, target) == gap


def test_national_gap_year_by_year(rollup) -> None:
    gap = gap_of(rollup, STAFF)
    metric = gap.ambition.metric
    for year in gap.years:
        values = [r.value for r in rollup.rows if r.metric == metric and r.year == year.year]
        assert year.planned == pytest.approx(math.fsum(values))
        assert year.complete
    due = gap.at_due
    assert due.target == gap.ambition.value
    assert due.gap == pytest.approx(due.planned - gap.ambition.value)
    assert [y.target for y in gap.years[:-1]] == [None] * (len(YEARS) - 1)
    assert gap.years[0].glide == gap.years[0].planned  # the glide starts at the baseline


def test_contributions_add_up(rollup) -> None:
    gap = gap_of(rollup, STAFF)
    assert math.fsum(c.planned for c in gap.regions) == pytest.approx(gap.at_due.planned)
    assert math.fsum(c.planned for c in gap.systems) == pytest.approx(gap.at_due.planned)
    assert sum(c.share for c in gap.systems) == gap.ambition.value  # exact
    assert sum(c.share for c in gap.regions) == gap.ambition.value


def test_furthest_from_fair_share(plans) -> None:
    """Two systems plan below their share: they lead the list, the further one first."""
    first, second = sorted(plans)[:2]
    changed = dict(plans)
    metric = find_ambition(PACK, STAFF).metric
    changed[first] = with_values(plans[first], metric, dict.fromkeys(YEARS, 100.0))
    changed[second] = with_values(plans[second], metric, dict.fromkeys(YEARS, 10.0))
    gap = gap_of(run_rollup(PACK, changed), STAFF)
    assert [c.area for c in gap.furthest[:2]] == [second, first]
    assert all(c.relative_gap < 0 for c in gap.furthest)


def test_every_system_gap_names_who_falls_short(rollup) -> None:
    gap = gap_of(rollup, CRISIS)
    metric = gap.ambition.metric
    due = gap.at_due
    short = sorted(
        r.system
        for r in rollup.rows
        if r.metric == metric and r.year == gap.due_year and r.value < gap.ambition.value
    )
    assert short  # the demo has systems short of 24/7 crisis cover on purpose
    assert due.not_meeting == tuple(short)
    assert due.planned == len(PACK.geography.system) - len(short)
    assert due.gap == -len(short)


def test_a_missing_plan_makes_the_gap_incomplete(plans) -> None:
    missing = sorted(plans)[0]
    rest = {code: plan for code, plan in plans.items() if code != missing}
    rollup = run_rollup(PACK, rest)
    gap = gap_of(rollup, STAFF)
    assert gap.at_due.missing == (missing,)
    assert gap.at_due.reported == len(PACK.geography.system) - 1
    # its baseline is missing too, but population shares still cover every system
    assert gap.shares is not None
    assert next(c for c in gap.systems if c.area == missing).planned is None
    every = gap_of(rollup, CRISIS).at_due
    assert every.missing == (missing,)


def test_shares_unavailable_are_explained(plans) -> None:
    basis = "outpatient-face-to-face-replaced"
    without = sorted(plans)[0]
    changed = dict(plans)
    doc = changed[without]
    changed[without] = dataclasses.replace(
        doc,
        commitments=[
            dataclasses.replace(
                entry, trajectories=[t for t in entry.trajectories if t.metric != basis]
            )
            for entry in doc.commitments
        ],
    )
    gap = gap_of(run_rollup(PACK, changed), "outpatient-visits-avoided-30m")
    assert gap.shares is None
    assert f"no 2018/19 value of {basis}" in gap.shares_unavailable
    assert without in gap.shares_unavailable
    assert all(c.share is None for c in gap.regions)


def test_what_if_changes_the_national_gap_by_the_change(rollup) -> None:
    gap = gap_of(rollup, STAFF)
    system = sorted(rollup.plans)[0]
    metric = gap.ambition.metric
    old = next(
        r.value
        for r in rollup.rows
        if (r.system, r.metric, r.year) == (system, metric, gap.due_year)
    )
    rows_before = list(rollup.rows)
    values = dict.fromkeys(YEARS, 0.0) | {gap.due_year: old + 500}
    [change] = what_if(PACK, rollup.rows, system, Trajectory(metric=metric, values=values))
    assert change.before.at_due.gap == pytest.approx(gap.at_due.gap)
    assert change.after.at_due.gap == pytest.approx(gap.at_due.gap + 500)
    assert rollup.rows == rows_before  # nothing saved
    shown = next(c for c in change.after.systems if c.area == system)
    assert shown.planned == old + 500


def test_what_if_on_a_ratio_by_a_later_system_code(rollup) -> None:
    """A system named by its 2020 code, its crisis cover cut to a quarter: it falls short."""
    before = gap_of(rollup, CRISIS).at_due
    later = next(
        x
        for x in PACK.geography.system
        if x.code_history and x.code_history[0].code != x.code and x.code not in before.not_meeting
    )
    trajectory = Trajectory(
        metric="adult-crisis-24-7-coverage",
        numerator=dict.fromkeys(YEARS, 1.0),
        denominator=dict.fromkeys(YEARS, 4.0),
    )
    [change] = what_if(PACK, rollup.rows, later.code_history[0].code, trajectory)
    assert change.before.at_due.not_meeting == before.not_meeting
    assert change.after.at_due.not_meeting == tuple(sorted({*before.not_meeting, later.code}))


@pytest.mark.parametrize(
    ("system", "trajectory", "key"),
    [
        ("E99999999", Trajectory(metric="pcn-additional-roles-wte", values={}), "system"),
        ("E54000005", Trajectory(metric="no-such-metric", values={}), "metric"),
        (
            "E54000005",
            Trajectory(metric="pcn-additional-roles-wte", values={"2030/31": 1}),
            "values.2030/31",
        ),
        (
            "E54000005",
            Trajectory(
                metric="adult-crisis-24-7-coverage",
                numerator={"2019/20": 1},
                denominator={"2019/20": 0},
            ),
            "denominator",
        ),
    ],
)
def test_what_if_refuses_bad_requests(rollup, system, trajectory, key) -> None:
    with pytest.raises(InputError) as caught:
        what_if(PACK, rollup.rows, system, trajectory)
    assert [p.key for p in caught.value.problems] == [key]
