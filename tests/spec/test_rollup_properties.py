"""Properties: every engine gives the reference's totals on random plans.

Plans are drawn for a random set of the pack's systems, with random trajectories for one
metric of each roll-up kind (years left out, values at and around the coverage standard);
the long table of all 42 systems is rolled up by the reference and by DuckDB on many
examples, and by Spark on a couple. A roll-up made from an earlier one (reusing what the
unchanged plans gave) is the reference's, to the last bit.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ltpif.framework.loader import load_pack
from ltpif.plans.document import CommitmentPlan, Plan, Trajectory
from ltpif.rollup import reference
from ltpif.rollup.gap import ambition_gaps
from ltpif.rollup.run import run_rollup
from ltpif.rollup.table import long_rows, metric_kinds
from tests.rollup_support import assert_same_totals, run_engine

PACK = load_pack()
SYSTEMS = sorted(x.code for x in PACK.geography.system)
YEARS = PACK.plan_years
METRICS = {  # one metric of each roll-up kind
    kind: next(m for m in PACK.metric_by_id.values() if m.rollup == kind)
    for kind in ("sum", "ratio_of_sums", "coverage")
}
KINDS = {m.id: metric_kinds(PACK)[m.id] for m in METRICS.values()}
THRESHOLD = KINDS[METRICS["coverage"].id].threshold

values = st.one_of(
    st.floats(-1e9, 1e9, allow_nan=False, width=32),
    st.integers(-1000, 10**6).map(float),
)
by_year = st.dictionaries(st.sampled_from(YEARS), values, max_size=len(YEARS))
coverage_years = st.dictionaries(
    st.sampled_from(YEARS),
    st.sampled_from([0.0, THRESHOLD, THRESHOLD - 0.5, THRESHOLD + 0.5]),
    max_size=len(YEARS),
)


@st.composite
def ratio_trajectory(draw) -> Trajectory:
    years = draw(st.lists(st.sampled_from(YEARS), unique=True, max_size=len(YEARS)))
    numerator = {y: draw(st.floats(0, 1e7, allow_nan=False)) for y in years}
    denominator = {y: draw(st.floats(1e-3, 1e7, allow_nan=False)) for y in years}
    return Trajectory(
        metric=METRICS["ratio_of_sums"].id, numerator=numerator, denominator=denominator
    )


@st.composite
def plan(draw, system: str) -> Plan:
    trajectories = []
    if draw(st.booleans()):
        trajectories.append(Trajectory(metric=METRICS["sum"].id, values=draw(by_year)))
    if draw(st.booleans()):
        trajectories.append(draw(ratio_trajectory()))
    if draw(st.booleans()):
        trajectories.append(Trajectory(metric=METRICS["coverage"].id, values=draw(coverage_years)))
    commitments = [
        CommitmentPlan(commitment=PACK.commitment_of_metric[t.metric].id, trajectories=[t])
        for t in trajectories
    ]
    return Plan(
        ltpif_plan=1,
        pack=PACK.id,
        pack_version=PACK.meta.version,
        system=system,
        commitments=commitments,
    )


@st.composite
def plan_sets(draw) -> dict[str, Plan]:
    systems = draw(st.lists(st.sampled_from(SYSTEMS), unique=True, max_size=len(SYSTEMS)))
    return {code: draw(plan(code)) for code in systems}


def rows_of(plans: dict[str, Plan]):
    return [row for row in long_rows(PACK, plans) if row.metric in KINDS]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans=plan_sets())
def test_duckdb_gives_the_reference_totals(plans, request) -> None:
    rows = rows_of(plans)
    assert_same_totals(reference.rollup(rows, KINDS), run_engine("duckdb", request, rows, KINDS))


@pytest.mark.spark
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans=plan_sets())
def test_spark_gives_the_reference_totals(plans, request) -> None:
    rows = rows_of(plans)
    assert_same_totals(reference.rollup(rows, KINDS), run_engine("spark", request, rows, KINDS))


@st.composite
def changes(draw) -> tuple[dict[str, Plan], dict[str, Plan]]:
    """Plans, then the same plans with some redrawn, some gone and some new: an unchanged plan
    is the same document, as the web's parse cache gives it."""
    before = draw(plan_sets())
    after = {}
    for code in SYSTEMS:
        fate = draw(
            st.sampled_from(["keep", "redraw", "drop"] if code in before else ["none", "new"])
        )
        if fate == "keep":
            after[code] = before[code]
        elif fate in ("redraw", "new"):
            after[code] = draw(plan(code))
    return before, after


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans=changes())
def test_a_rollup_made_from_the_last_one_is_the_references_exactly(plans) -> None:
    before, after = plans
    last = run_rollup(PACK, before)
    last.gaps  # noqa: B018 (asked for, so that they may be kept)
    made_again = run_rollup(PACK, after, previous=last)
    rows = long_rows(PACK, after)
    totals = reference.rollup(rows, metric_kinds(PACK))
    # repr tells 0.0 from -0.0 and shows every bit: the same additions in the same order
    assert repr(made_again.rows) == repr(rows)
    assert repr(made_again.totals) == repr(totals)
    assert repr(made_again.gaps) == repr(ambition_gaps(PACK, rows, totals))
