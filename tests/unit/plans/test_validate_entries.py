"""A commitment's entry is checked once and its problems kept (entries are immutable): the
same entry at another place in another plan reports them at that place."""

from __future__ import annotations

import dataclasses

from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Trajectory
from ltpif.plans.validate import validate_plan

PACK = load_pack()
PLAN = build_plan(PACK, PACK.geography.system[7])


def _problems(plan) -> list:
    found: list = []
    validate_plan(plan, PACK, lambda path, message: found.append((path, message)))
    return found


def test_the_same_bad_entry_is_reported_wherever_it_stands():
    first, second, *rest = PLAN.commitments
    bad = dataclasses.replace(first, trajectories=[Trajectory(metric="no-such-metric")])
    here = dataclasses.replace(PLAN, commitments=[bad, second, *rest])
    there = dataclasses.replace(PLAN, commitments=[second, bad, *rest])
    assert [path for path, _ in _problems(here)] == [
        ("commitments", 0, "trajectories", 0, "metric")
    ]
    assert [path for path, _ in _problems(there)] == [
        ("commitments", 1, "trajectories", 0, "metric")
    ]
    assert _problems(PLAN) == []
    assert "unknown metric 'no-such-metric' for digital-strategy" in _problems(there)[0][1]
