"""Carrying plans forward to a new pack version: the 42 demo plans to the next round's pack,
single changes of the pack and what each must say, and two properties."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ltpif.demo.plans import demo_plans
from ltpif.framework.diff import diff_packs
from ltpif.framework.loader import load_pack
from ltpif.plans.carry_forward import CarryNote, carry_forward
from ltpif.plans.document import Plan
from ltpif.plans.validate import validate_plan
from tests.packs import copy_pack, next_round_pack, replace_once
from tests.unit.framework.test_pack_diff import (
    add_a_commitment,
    change_a_unit,
    change_an_ambition,
    make_foundational,
    other_systems,
)

OLD = load_pack()
PLANS = {system.code: plan for system, _failings, plan in demo_plans(OLD)}
NEXT = "ltpif-2020 2020.1"


@pytest.fixture(scope="module")
def next_round(tmp_path_factory):
    return load_pack(next_round_pack(tmp_path_factory.mktemp("next")))


def _notes(*rows: tuple[str, str, str]) -> tuple[CarryNote, ...]:
    return tuple(CarryNote(*row) for row in rows)


def _next_round_notes(trajectories: int, organisations: int, groups: int, signed: int):
    """What every demo plan's report says on the next round's pack: its fax-machines commitment
    (one trajectory) left out, its sign-offs back to pending, and 2024/25 to give."""
    return _notes(
        (
            "dropped",
            "commitments[fax-machines]",
            f"commitment 'fax-machines' is not in {NEXT}: not carried (its 1 trajectory)",
        ),
        (
            "review",
            "sign_offs",
            f"{signed} sign-offs of the old plan set back to pending: partners sign the new draft",
        ),
        (
            "add",
            "trajectories",
            f"give values for the new plan year 2024/25: {trajectories} trajectories",
        ),
        (
            "add",
            "finance",
            f"give values for the new plan year 2024/25: {organisations} organisations",
        ),
        ("add", "workforce", f"give values for the new plan year 2024/25: {groups} staff groups"),
    )


# Counted by hand in the plans `ltpif demo plans` writes (41 trajectories with fax machines'):
# (trajectories left, organisations, staff groups, sign-offs given)
BY_HAND = {
    "E54000005": (40, 3, 5, 6),
    "E54000007": (40, 4, 5, 6),
    "E54000041": (40, 5, 6, 6),
    "E54000049": (40, 3, 6, 6),
}


@pytest.mark.parametrize("system", sorted(BY_HAND))
def test_a_demo_plan_carried_to_the_next_round(system, next_round):
    carried = carry_forward(PLANS[system], OLD, next_round)
    assert carried.notes == _next_round_notes(*BY_HAND[system])


def test_every_demo_plan_carried_to_the_next_round(next_round):
    changes = diff_packs(OLD, next_round)
    for code, plan in PLANS.items():
        carried = carry_forward(plan, OLD, next_round, changes)
        # the counts, from the old plan itself
        trajectories = sum(len(c.trajectories) for c in plan.commitments) - 1
        signed = sum(1 for s in plan.sign_offs if s.status != "pending")
        counts = (trajectories, len(plan.finance.organisations), len(plan.workforce), signed)
        assert carried.notes == _next_round_notes(*counts), code
        assert carried.system == code
        draft = carried.plan
        assert draft is not None
        assert _problems(draft, next_round) == [], code
        # everything else as it was: no year was taken out
        assert (draft.pack, draft.pack_version) == ("ltpif-2020", "2020.1")
        kept = [c for c in plan.commitments if c.commitment != "fax-machines"]
        assert draft.commitments == kept
        assert (draft.finance, draft.workforce, draft.narrative) == (
            plan.finance,
            plan.workforce,
            plan.narrative,
        )
        assert {s.status for s in draft.sign_offs} == {"pending"}
        assert [(s.partner, s.name) for s in draft.sign_offs] == [
            (s.partner, s.name) for s in plan.sign_offs
        ]


def _problems(plan: Plan, pack) -> list[str]:
    problems: list[str] = []
    validate_plan(plan, pack, lambda path, message: problems.append(message))
    return problems


def _without(plan: Plan, commitment: str) -> Plan:
    kept = [c for c in plan.commitments if c.commitment != commitment]
    return dataclasses.replace(plan, commitments=kept)


def move_the_baseline(pack: Path) -> None:
    """The plan period a year on: 2019/20 the baseline, 2020/21 to 2024/25 the plan years."""
    replace_once(
        pack / "pack.toml",
        'baseline = "2018/19"\nfirst = "2019/20"\nlast = "2023/24"',
        'baseline = "2019/20"\nfirst = "2020/21"\nlast = "2024/25"',
    )
    replace_once(pack / "periods.toml", 'years = ["2018/19", ', "years = [")
    replace_once(pack / "periods.toml", '"2023/24"]', '"2023/24", "2024/25"]')


def rename_a_metric(pack: Path) -> None:
    """fax-machines-in-use becomes fax-machines-still-in-use: one metric gone, one new."""
    replace_once(
        pack / "commitments-digital.toml",
        'id = "fax-machines-in-use"',
        'id = "fax-machines-still-in-use"',
    )


FIRST = "E54000005"
YEARS_OUT = "2018/19 outside the new plan years (2019/20–2024/25): values for them are not carried"
YEAR_IN = "give values for the new plan year 2024/25"
SIGNED = (
    "review",
    "sign_offs",
    "6 sign-offs of the old plan set back to pending: partners sign the new draft",
)
CASES: list[tuple[Callable[[Path], None], str, Callable[[Plan], Plan], tuple]] = [
    (
        change_a_unit,
        FIRST,
        lambda plan: plan,
        (
            (
                "dropped",
                "commitments[fax-machines].trajectories[fax-machines-in-use]",
                "the unit of fax-machines-in-use is now flag (was count): its values are not "
                "carried; give them again",
            ),
            SIGNED,
        ),
    ),
    (
        change_an_ambition,
        FIRST,
        lambda plan: plan,
        (
            (
                "review",
                "commitments[pcn-additional-staff].trajectories[pcn-additional-roles-wte]",
                "the ambition for pcn-additional-roles-wte changed: ambition "
                "pcn-additional-roles-20000 value: 20000 → 22000",
            ),
            SIGNED,
        ),
    ),
    (
        make_foundational,
        FIRST,
        lambda plan: _without(plan, "fax-machines"),
        (
            (
                "add",
                "commitments[fax-machines]",
                "add the now foundational commitment fax-machines: Stop using fax machines",
            ),
            SIGNED,
        ),
    ),
    (
        add_a_commitment,
        FIRST,
        lambda plan: plan,
        (
            (
                "add",
                "commitments[paper-free]",
                "the new local commitment paper-free (Paper-free at the point of care): add it "
                "if it is one of your local priorities",
            ),
            SIGNED,
        ),
    ),
    (
        rename_a_metric,
        FIRST,
        lambda plan: plan,
        (
            (
                "dropped",
                "commitments[fax-machines].trajectories[fax-machines-in-use]",
                "metric 'fax-machines-in-use' is not in ltpif-2019: its trajectory is not carried",
            ),
            (
                "add",
                "commitments[fax-machines].trajectories[fax-machines-still-in-use]",
                "add a trajectory for the new metric fax-machines-still-in-use "
                "(Fax machines in use)",
            ),
            SIGNED,
        ),
    ),
    (
        move_the_baseline,
        FIRST,
        lambda plan: plan,
        (
            SIGNED,
            ("dropped", "trajectories", YEARS_OUT),
            ("dropped", "local_priorities", YEARS_OUT),
            ("dropped", "finance", YEARS_OUT),
            ("dropped", "workforce", YEARS_OUT),
            ("dropped", "maturity", YEARS_OUT),
            ("add", "trajectories", f"{YEAR_IN}: 41 trajectories"),
            ("add", "finance", f"{YEAR_IN}: 3 organisations"),
            ("add", "workforce", f"{YEAR_IN}: 5 staff groups"),
        ),
    ),
    (
        other_systems,
        "E54000049",
        lambda plan: plan,
        (("dropped", "system", "system E54000049 is not in ltpif-2019 2019.1: no draft"),),
    ),
]


@pytest.mark.parametrize(
    ("modify", "system", "prepare", "expected"), CASES, ids=[c[0].__name__ for c in CASES]
)
def test_a_change_of_the_pack_and_its_report(modify, system, prepare, expected, tmp_path):
    pack = copy_pack(tmp_path)
    modify(pack)
    new = load_pack(pack)
    carried = carry_forward(prepare(PLANS[system]), OLD, new)
    assert carried.notes == _notes(*expected)
    if carried.plan is not None:
        problems: list = []
        validate_plan(carried.plan, new, lambda path, message: problems.append(message))
        assert problems == []


def test_a_system_not_in_the_new_pack_has_no_draft(tmp_path):
    pack = copy_pack(tmp_path)
    other_systems(pack)
    carried = carry_forward(PLANS["E54000049"], OLD, load_pack(pack))
    assert (carried.plan, carried.system, carried.old_system) == (None, "", "E54000049")


def _some_commitments(plan: Plan, keep: list[bool]) -> Plan:
    kept = [c for c, k in zip(plan.commitments, keep, strict=False) if k]
    return dataclasses.replace(plan, commitments=kept)


plans_and_subsets = st.sampled_from(sorted(PLANS)).flatmap(
    lambda code: st.tuples(
        st.just(code), st.lists(st.booleans(), min_size=len(PLANS[code].commitments))
    )
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_and_subsets)
def test_carried_to_its_own_pack_a_plan_changes_only_its_sign_offs(drawn):
    code, keep = drawn
    plan = _some_commitments(PLANS[code], keep)
    carried = carry_forward(plan, OLD, OLD, [])
    pending = [
        dataclasses.replace(s, status="pending", date=None, concerns="") for s in plan.sign_offs
    ]
    assert carried.plan == dataclasses.replace(plan, sign_offs=pending)
    assert {note.action for note in carried.notes} <= {"review"}
    given_any = any(s.status != "pending" for s in plan.sign_offs)
    assert [note.where for note in carried.notes] == ["sign_offs"] * given_any


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_and_subsets)
def test_a_draft_always_reads_against_the_new_pack(next_round, drawn):
    code, keep = drawn
    carried = carry_forward(_some_commitments(PLANS[code], keep), OLD, next_round)
    assert carried.plan is not None
    problems: list = []
    validate_plan(carried.plan, next_round, lambda path, message: problems.append(message))
    assert problems == []
