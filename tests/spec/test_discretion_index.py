"""Spec: the local discretion index of plan fragments, each part worked out by hand; and its
properties (a local priority never lowers it; a local commitment made foundational never
raises it). The method: docs/reference/local-discretion.md."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltpif.assurance.discretion import discretion, national
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.framework.pack import AreaCommitments, Pack
from ltpif.plans.document import (
    CommitmentPlan,
    Finance,
    FinanceYear,
    LocalMetric,
    LocalPriority,
    OrganisationFinance,
    Plan,
    PlanMilestone,
    Trajectory,
)

PACK = load_pack()
N = len(PACK.commitments)  # every commitment of the pack is a unit of the commitments part
DAY = dt.date(2020, 6, 30)


def _plan(*commitments: CommitmentPlan, priorities=(), finance: Finance | None = None) -> Plan:
    return Plan(
        ltpif_plan=1,
        pack=PACK.id,
        pack_version=PACK.meta.version,
        system="E54000007",
        commitments=list(commitments),
        local_priorities=list(priorities),
        finance=finance or Finance(),
    )


PRIORITY = LocalPriority(
    id="local-warm-homes",
    title="Warm homes",
    theme="housing-independence",
    metrics=[
        LocalMetric(
            id="homes",
            name="Homes",
            unit="count",
            trajectory={"2019/20": 1, "2020/21": 2, "2021/22": 3},
        )
    ],
    milestones=[PlanMilestone(date=DAY, description="Begun")],
)
OWN_MILESTONE = PlanMilestone(date=DAY, description="Our own step")
RED_BOOK_MILESTONE = PlanMilestone(
    date=DAY, description="Red book", milestone="digital-red-book-2021"
)
CRISIS = CommitmentPlan(
    commitment="adult-crisis-teams",
    trajectories=[
        Trajectory(
            metric="adult-crisis-24-7-coverage",
            numerator={"2019/20": 5, "2020/21": 10},
            denominator={"2019/20": 10, "2020/21": 10},
        )
    ],
)


def _commissioner(expenditure: float, mental_health: float, primary: float) -> Finance:
    last = FinanceYear(
        income=expenditure,
        expenditure=expenditure,
        mental_health_spend=mental_health,
        primary_community_spend=primary,
    )
    provider = FinanceYear(income=500, expenditure=500, mental_health_spend=400)
    return Finance(
        organisations=[
            OrganisationFinance(
                code="C1", name="CCG", kind="commissioner", years={"2023/24": last}
            ),
            OrganisationFinance(
                code="P1", name="Trust", kind="provider", years={"2023/24": provider}
            ),
        ]
    )


# (case, plan, expected parts as (local, total) or None for an empty part, expected index)
CASES = [
    # nothing chosen locally: every pack commitment prescribed, no other content
    ("empty", _plan(), {"commitments": (0, N)}, 0.0),
    (
        # one local priority: 1 of N + 1 commitments; its metric, 3 values and milestone all local
        "local-priority",
        _plan(priorities=[PRIORITY]),
        {"commitments": (1, N + 1), "metrics": (1, 1), "values": (3, 3), "milestones": (1, 1)},
        (1 / (N + 1) + 1 + 1 + 1) / 4,
    ),
    (
        "justified-omission",
        _plan(
            CommitmentPlan(
                commitment="air-pollution", omitted=True, local_justification="Council led."
            )
        ),
        {"commitments": (1, N)},
        1 / N,
    ),
    # without a justification the national expectation stands: prescribed
    (
        "unjustified-omission",
        _plan(CommitmentPlan(commitment="air-pollution", omitted=True)),
        {"commitments": (0, N)},
        0.0,
    ),
    (
        # a local pace: the commitment and both its milestones (the national one and its own)
        "local-pace",
        _plan(
            CommitmentPlan(
                commitment="digital-red-book",
                later_by_years=1,
                local_justification="Shared record first.",
                milestones=[RED_BOOK_MILESTONE, OWN_MILESTONE],
            )
        ),
        {"commitments": (1, N), "milestones": (2, 2)},
        (1 / N + 1) / 2,
    ),
    (
        # a foundational standard at the national date: a metric of 2 ratio values, prescribed;
        # the system's own milestone on it is local
        "foundational",
        _plan(dataclasses.replace(CRISIS, milestones=[OWN_MILESTONE])),
        {"commitments": (0, N), "metrics": (0, 1), "values": (0, 2), "milestones": (1, 1)},
        (0 + 0 + 0 + 1) / 4,
    ),
    (
        # the commissioner spends 200 in 2023/24, 30 + 50 on the two investment standards'
        # lines: 120 of 200 is the system's to allocate; the provider's money is not counted
        "money",
        _plan(finance=_commissioner(200, 30, 50)),
        {"commitments": (0, N), "money": (120, 200)},
        (0 + 0.6) / 2,
    ),
]


@pytest.mark.parametrize(
    ("plan", "parts", "index"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_index_and_parts(plan, parts, index):
    result = discretion(PACK, plan)
    for part in result.parts:
        local, total = parts.get(part.name, (0, 0))
        assert (part.local, part.total) == pytest.approx((local, total)), part.name
        assert part.share == (None if total == 0 else pytest.approx(local / total))
    assert result.index == pytest.approx(index)


def test_nationally_each_part_is_a_ratio_of_sums():
    # 1 of N + 1 and 0 of N: (1 + 0) / (2N + 1), not the mean of 1/(N + 1) and 0
    together = national([discretion(PACK, _plan(priorities=[PRIORITY])), discretion(PACK, _plan())])
    commitments = next(p for p in together.parts if p.name == "commitments")
    assert (commitments.local, commitments.total) == (1, 2 * N + 1)
    assert together.plans == 2
    assert together.indices == tuple(sorted([0.0, (1 / (N + 1) + 3) / 4]))


# --- properties ------------------------------------------------------------------------------

BASE = build_plan(PACK, PACK.geography.system[3])
LOCAL_IDS = [c.id for c in PACK.commitments if c.kind == "local"]
TEXT = st.sampled_from(["", "Local needs first.", "  "])


@st.composite
def plans(draw) -> Plan:
    """The demo plan with some local commitments phased, left out or dropped, some justified,
    and some of its local priorities kept."""
    entries = []
    for entry in BASE.commitments:
        if entry.commitment in LOCAL_IDS:
            action = draw(st.sampled_from(["keep", "later", "omit", "drop"]))
            if action == "drop":
                continue
            if action != "keep":
                entries.append(
                    dataclasses.replace(
                        entry,
                        later_by_years=draw(st.integers(1, 3)) if action == "later" else 0,
                        omitted=action == "omit",
                        trajectories=[] if action == "omit" else entry.trajectories,
                        local_justification=draw(TEXT),
                    )
                )
                continue
        entries.append(entry)
    kept = draw(st.integers(0, len(BASE.local_priorities)))
    return dataclasses.replace(
        BASE, commitments=entries, local_priorities=BASE.local_priorities[:kept]
    )


@st.composite
def priorities(draw) -> LocalPriority:
    years = draw(st.lists(st.sampled_from(PACK.plan_years), unique=True, max_size=6))
    metrics = [
        LocalMetric(id=f"m-{n}", name="M", unit="count", trajectory=dict.fromkeys(years, 1.0))
        for n in range(draw(st.integers(0, 3)))
    ]
    milestones = [OWN_MILESTONE] * draw(st.integers(0, 2))
    return LocalPriority(
        id="local-new", title="New", theme="mental-health", metrics=metrics, milestones=milestones
    )


@settings(max_examples=60, deadline=None)
@given(plans(), priorities())
def test_adding_a_local_priority_never_lowers_the_index(plan, priority):
    before = discretion(PACK, plan).index
    after = discretion(
        PACK, dataclasses.replace(plan, local_priorities=[*plan.local_priorities, priority])
    ).index
    assert after >= before - 1e-12


def _made_foundational(pack: Pack, commitment_id: str) -> Pack:
    areas = []
    for area in pack.areas:
        commitments = [
            dataclasses.replace(c, kind="foundational", latitude=None)
            if c.id == commitment_id
            else c
            for c in area.area.commitment
        ]
        areas.append(
            AreaCommitments(area.file, dataclasses.replace(area.area, commitment=commitments))
        )
    return dataclasses.replace(pack, areas=tuple(areas))


@settings(max_examples=60, deadline=None)
@given(plans(), st.sampled_from(LOCAL_IDS))
def test_making_a_local_commitment_foundational_never_raises_the_index(plan, commitment_id):
    before = discretion(PACK, plan).index
    after = discretion(_made_foundational(PACK, commitment_id), plan).index
    assert after <= before + 1e-12
