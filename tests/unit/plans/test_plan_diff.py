"""The readable diff of two plans: each kind of edit and the line it gives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.diff import Change, ItemKey, diff_records, render_changes
from ltpif.plans.document import PlanMilestone, StaffGroup

PACK = load_pack()
BASE = build_plan(PACK, PACK.geography.system[0])
FIRST_GROUP = BASE.workforce[0].staff_group
NHS_APP_2020 = "commitments[nhs-app].trajectories[nhs-app-practices-connected].numerator[2020/21]"


def _with_commitment(plan, cid, **changes):
    index, entry = plan.commitment_plan(cid)
    entries = list(plan.commitments)
    entries[index] = dataclasses.replace(entry, **changes)
    return dataclasses.replace(plan, commitments=entries)


def _nhs_app_numerator(plan):
    _, entry = plan.commitment_plan("nhs-app")
    trajectory = entry.trajectories[0]
    numerator = {**trajectory.numerator, "2020/21": 160.0}
    return _with_commitment(
        plan, "nhs-app", trajectories=[dataclasses.replace(trajectory, numerator=numerator)]
    )


EDITS = [
    (
        "a field",
        lambda p: dataclasses.replace(p, title="A new title"),
        [f"~ title: {BASE.title!r} → 'A new title'"],
    ),
    (
        "a value in a trajectory, found by commitment and metric",
        _nhs_app_numerator,
        [f"~ {NHS_APP_2020}: 150 → 160"],
    ),
    (
        "a list item added",
        lambda p: dataclasses.replace(
            p,
            workforce=[*p.workforce, StaffGroup(staff_group="Pharmacists", wte={"2019/20": 12.5})],
        ),
        ["+ workforce[Pharmacists]: staff_group 'Pharmacists'"],
    ),
    (
        "a list item removed",
        lambda p: dataclasses.replace(p, workforce=p.workforce[1:]),
        [f"- workforce[{FIRST_GROUP}]: was staff_group {FIRST_GROUP!r}"],
    ),
    (
        "a milestone (no name: by position)",
        lambda p: _with_commitment(
            p,
            "nhs-app",
            milestones=[PlanMilestone(date=dt.date(2020, 3, 31), description="Go live")],
        ),
        ["+ commitments[nhs-app].milestones[1]: date 2020-03-31, description 'Go live'"],
    ),
    (
        "the same items in another order",
        lambda p: dataclasses.replace(p, workforce=p.workforce[::-1]),
        ["~ workforce: "],
    ),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [(e, x) for _, e, x in EDITS], ids=[n for n, _, _ in EDITS]
)
def test_each_edit_gives_one_readable_line(edit, expected):
    changes = diff_records(BASE, edit(BASE))
    assert [
        str(change)[: len(line)] for change, line in zip(changes, expected, strict=True)
    ] == expected


def test_equal_plans_have_no_changes():
    assert diff_records(BASE, build_plan(PACK, PACK.geography.system[0])) == []
    assert render_changes([]) == "No changes.\n"


def test_changes_are_plain_data_for_the_web():
    changes = diff_records(BASE, _nhs_app_numerator(BASE))
    assert changes[0].as_dict() == {
        "where": NHS_APP_2020,
        "path": [
            "commitments",
            "nhs-app",
            "trajectories",
            "nhs-app-practices-connected",
            "numerator",
            "2020/21",
        ],
        "kind": "changed",
        "before": "150",
        "after": "160",
    }
    assert isinstance(changes[0].path[1], ItemKey)


def test_a_long_text_is_cut_short():
    change = Change(("title",), "a" * 200, "b")
    assert len(str(change)) < 120 and "…" in str(change)
