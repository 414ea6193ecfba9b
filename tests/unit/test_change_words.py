"""Diffs in words (issue 19 item 4): where a change between two versions is, as a planner says
it, not as a path into the document."""

from __future__ import annotations

import pytest

from ltpif.app.present import change_place
from ltpif.framework.loader import load_pack
from ltpif.plans.diff import ItemKey, diff_records
from ltpif.plans.document import CommitmentPlan, Plan, Trajectory

PACK = load_pack()
K = ItemKey


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (
            (
                "commitments",
                K("mobile-community-working"),
                "trajectories",
                K("community-staff-mobile-access"),
                "values",
                K("2021/22"),
            ),
            "2021/22 planned value for Community staff with access to mobile digital services",
        ),
        (
            (
                "commitments",
                K("mobile-community-working"),
                "trajectories",
                K("community-staff-mobile-access"),
                "numerator",
                K("2019/20"),
            ),
            "2019/20 planned numerator for Community staff with access to mobile digital services",
        ),
        (("commitments", K("stroke"), "clinical_lead", "name"), "Stroke care: senior lead, name"),
        (("commitments", K("stroke"), "milestones", 0), "Stroke care: milestones, item 1"),
        (("commitments", K("stroke")), "Stroke care"),
        (("commitments", K("made-up"), "narrative"), "made-up: narrative"),
        (("narrative", "sections", K("local-need")), "Plan section: Local need"),
        (("narrative", "prevention"), "Plan section: Prevention"),
        (("narrative", "innovation"), "Plan section: Local innovation"),
        (("narrative", "made_up"), "Narrative, made up"),
        (
            (
                "finance",
                "organisations",
                K("RXX"),
                "years",
                K("2021/22"),
                "cash_releasing_efficiency",
            ),
            "Finance, organisations, RXX, years, 2021/22, cash-releasing efficiency",
        ),
        (("sign_offs", K("local-authority"), "status"), "Sign-offs, local-authority, status"),
    ],
)
def test_where_a_change_is_in_words(path, words):
    assert change_place(path, PACK) == words


def test_a_trajectory_change_reads_in_words_from_a_real_diff():
    def plan(value: float) -> Plan:
        trajectory = Trajectory(metric="community-staff-mobile-access", values={"2021/22": value})
        return Plan(
            ltpif_plan=1,
            pack=PACK.id,
            pack_version=PACK.meta.version,
            system="x",
            commitments=[
                CommitmentPlan(commitment="mobile-community-working", trajectories=[trajectory])
            ],
        )

    [change] = diff_records(plan(120), plan(140))
    assert (change_place(change.path, PACK), change.before, change.after) == (
        "2021/22 planned value for Community staff with access to mobile digital services",
        120,
        140,
    )
