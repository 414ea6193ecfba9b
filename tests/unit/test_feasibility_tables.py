"""The Feasibility tab's tables (ltpif.app.feasibility_tables) on a plan whose flows are set by
hand: the projection chained from the first year, the capacity needed, the bridge, the
workforce index, the what-if's reading of its form and the band's budget."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltpif.app import feasibility_tables as tables
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.document import Plan, StaffGroup, Trajectory

PACK = load_pack()
YEARS = PACK.plan_years  # 2018/19 … 2023/24
SHARE = 0.17  # the pack's other removals: waiting-list-feasible's other_removals_share


def _with(plan: Plan, metric: str, values: list[float]) -> Plan:
    entries = []
    for entry in plan.commitments:
        trajectories = [
            Trajectory(metric=metric, values=dict(zip(YEARS, values, strict=True)))
            if t.metric == metric
            else t
            for t in entry.trajectories
        ]
        entries.append(dataclasses.replace(entry, trajectories=trajectories))
    return dataclasses.replace(plan, commitments=entries)


def _plan() -> Plan:
    """A list of 1,000 planned to fall by 10 a year, with 1,200 referrals a year (204 of them,
    17%, leave the list otherwise) and 1,000 completions a year (900 in the last)."""
    base = build_plan(PACK, PACK.geography.system[0])
    base = _with(base, "rtt-waiting-list", [1000.0, 990, 980, 970, 960, 950])
    base = _with(base, "rtt-referrals", [1200.0] * 6)
    return _with(base, "rtt-completed-pathways", [1000.0, 1000, 1000, 1000, 1000, 900])


_PLAN = _plan()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return _PLAN


def test_the_projection_chains_by_hand(plan):
    """Each year: last + 1,200 − 1,000 − 0.17 × 1,200 (= 204) = last − 4; the last year's 900
    completions make it last + 96: 996, 992, 988, 984, 1,080."""
    result = tables.projection(PACK, plan)
    assert [r.year for r in result.rows] == YEARS[1:]
    assert [round(r.projected, 6) for r in result.rows] == [996, 992, 988, 984, 1080]
    assert [r.planned for r in result.rows] == [990, 980, 970, 960, 950]


def test_the_what_if_replaces_a_years_completions(plan):
    """800 completions in 2020/21 instead of 1,000: that year and every later one 200 longer."""
    result = tables.projection(PACK, plan, {"2020/21": 800.0})
    assert [round(r.projected, 6) for r in result.rows] == [996, 1192, 1188, 1184, 1280]
    rows, _, _ = tables.capacity_what_if(PACK, plan, {"2020/21": 800.0})
    assert [r.list_after - r.list_before for r in rows] == [0, 200, 200, 200, 200]


def test_the_band_is_seeded_and_brackets_its_median(plan):
    first, again = tables.projection(PACK, plan), tables.projection(PACK, plan)
    assert first == again and first.runs == tables.BAND_RUNS[1]
    for row in first.rows:
        assert row.low is not None and row.high is not None and row.median is not None
        assert row.low <= row.median <= row.high


def test_the_capacity_needed_by_hand(plan):
    """Needed = 996 (referrals less 17%) + last year's list − this year's: 996 + 10 = 1,006 each
    year; planned 1,000 (900 in the last): a shortfall of 6 (106); load 996 / 1,000."""
    rows = tables.capacity_rows(PACK, plan)
    assert [r["needed"] for r in rows] == [1006] * 5
    assert [r["shortfall"] for r in rows] == [6, 6, 6, 6, 106]
    assert rows[0]["queue_load"] == 0.996 and rows[-1]["queue_load"] == round(996 / 900, 3)
    assert rows[0]["needed_a_week"] == round(1006 / 52, 1)


def test_the_workforce_index_by_hand(plan):
    """Two groups, 100 + 100 WTE growing to 110 + 130: index 120; pay 10 → 15: index 150."""
    groups = [
        StaffGroup(
            staff_group="A",
            wte=dict(zip(YEARS, [100.0, 102, 104, 106, 108, 110], strict=True)),
            pay_cost=dict(zip(YEARS, [5.0, 5, 6, 6, 7, 7.5], strict=True)),
        ),
        StaffGroup(
            staff_group="B",
            wte=dict(zip(YEARS, [100.0, 106, 112, 118, 124, 130], strict=True)),
            pay_cost=dict(zip(YEARS, [5.0, 5, 6, 6, 7, 7.5], strict=True)),
        ),
    ]
    rows = tables.workforce_rows(PACK, dataclasses.replace(plan, workforce=groups))
    assert [r["wte"] for r in rows] == [200, 208, 216, 224, 232, 240]
    assert rows[-1]["wte_index"] == 120.0 and rows[-1]["pay_cost_index"] == 150.0
    no_pay = [dataclasses.replace(g, pay_cost=None) for g in groups]
    rows = tables.workforce_rows(PACK, dataclasses.replace(plan, workforce=no_pay))
    assert rows[-1]["pay_cost"] is None and rows[-1]["pay_cost_index"] is None


def test_the_bridge_adds_up():
    rows = [
        {"year": "2018/19", "income": 100.0, "expenditure": 99.0, "surplus": 1.0},
        {"year": "2023/24", "income": 120.0, "expenditure": 121.5, "surplus": -1.5},
    ]
    assert tables.finance_bridge(rows) == [
        {"step": "Balance in 2018/19", "amount": 1.0},
        {"step": "Income grows by", "amount": 20.0},
        {"step": "Spending grows by (taken off)", "amount": -22.5},
        {"step": "Balance in 2023/24", "amount": -1.5},
    ]
    assert tables.finance_bridge(rows[:1]) == []


@pytest.mark.parametrize(
    ("given", "read", "errors"),
    [
        ({"2019/20": "1,200", "2020/21": ""}, {"2019/20": 1200.0}, []),
        ({"2019/20": "0"}, {}, [("completions__2019/20", "must be at least 1")]),
        ({"2019/20": "-5"}, {}, [("completions__2019/20", "Completed pathways in 2019/20")]),
        ({"2019/20": "lots"}, {}, [("completions__2019/20", "Completed pathways in 2019/20")]),
    ],
)
def test_reading_the_what_ifs_form(given, read, errors):
    got, problems = tables.read_capacity(["2019/20", "2020/21"], given)
    assert got == read
    assert [field for field, _ in problems] == [field for field, _ in errors]
    for (_, message), (_, words) in zip(problems, errors, strict=True):
        assert words in message


@pytest.mark.parametrize(
    ("starts", "net", "years", "runs"),
    [
        # 5 years of 100,000 + 400,000 = 2.5M a run: 4.5M allows 1 run, too few; the last
        # year alone (500,000) allows 9, capped at 5
        ([100_000.0] * 5, [400_000.0] * 5, [4], 5),
        # 5 × (10,000 + 200,000) = 1.05M: 4 runs of every year
        ([10_000.0] * 5, [200_000.0] * 5, [0, 1, 2, 3, 4], 4),
        # the last year alone 2M: 2 runs, fewer than 3: none
        ([500_000.0] * 5, [1_500_000.0] * 5, [], 0),
    ],
)
def test_the_bands_budget(starts, net, years, runs):
    assert tables._band_years(starts, net) == (years, runs)


def test_csv_cells():
    text = tables.rows_csv(["a", "b", "c"], [{"a": 2.0, "b": None, "c": 1.5}])
    assert text == "a,b,c\n2,,1.5\n"


@settings(max_examples=40, deadline=None)
@given(
    changes=st.dictionaries(
        st.sampled_from(YEARS[1:]), st.integers(min_value=1, max_value=1_100), max_size=5
    )
)
def test_a_what_if_moves_the_list_by_the_completions_it_takes_away(changes):
    """Each year's list moves by the completions taken away (or added) in that year and every
    year before it (at most 1,100 a year: the list, 1,000 with 996 joining a year, stays above
    zero, where the projection would stop)."""
    plan = _PLAN
    result = tables.projection(PACK, plan, {y: float(v) for y, v in changes.items()})
    base = tables.projection(PACK, plan)
    moved = 0.0
    for before, after in zip(base.rows, result.rows, strict=True):
        moved += before.completions - after.completions
        assert after.projected == pytest.approx(before.projected + moved)
