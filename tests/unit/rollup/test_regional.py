"""A region's part of each ambition: the regions together make the nation."""

from __future__ import annotations

import math

import pytest

from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.rollup import regional, series
from ltpif.rollup.run import run_rollup
from ltpif.rollup.table import plans_by_system

PACK = load_pack()
REGIONS = [r.code for r in PACK.geography.region]
STAFF = "pcn-additional-roles-20000"  # national total, need-weighted shares
SHORT = "cancer-alliance-funding-400m"  # a demo system plans below its share
EVERY = "ld-health-check-coverage-75"  # every system, some short in the demo


@pytest.fixture(scope="module")
def rollup():
    return run_rollup(PACK, plans_by_system(PACK, [p for _s, _f, p in demo_plans(PACK)]))


def gap_of(rollup, ambition_id):
    return next(g for g in rollup.gaps if g.ambition.id == ambition_id)


def by_region(rollup, gap):
    return {r: regional.region_trajectory_series(PACK, rollup.totals, gap, r) for r in REGIONS}


def test_regions_add_up_to_the_nation_and_their_shares_to_the_ambition(rollup):
    gap = gap_of(rollup, STAFF)
    regions = by_region(rollup, gap)
    for k, national in enumerate(series.trajectory_series(gap)):
        planned = sum(rows[k]["planned"] for rows in regions.values())
        assert math.isclose(planned, national["planned"])
        if national["target"] is not None:
            shares = sum(rows[k]["target"] for rows in regions.values())
            assert math.isclose(shares, gap.ambition.value)  # largest remainder: exact
        else:
            assert all(rows[k]["target"] is None for rows in regions.values())


def test_a_regions_gap_is_planned_against_its_share(rollup):
    gap = gap_of(rollup, STAFF)
    due = next(r for r in by_region(rollup, gap)[REGIONS[0]] if r["year"] == gap.due_year)
    assert due["gap"] == pytest.approx(due["planned"] - due["target"])
    contribution = next(c for c in gap.regions if c.area == REGIONS[0])
    assert due["target"] == pytest.approx(contribution.share)


def test_every_system_counts_add_up(rollup):
    gap = gap_of(rollup, EVERY)
    regions = by_region(rollup, gap)
    for k, year in enumerate(gap.years):
        assert sum(rows[k]["planned"] or 0 for rows in regions.values()) == (year.planned or 0)
        assert sum(rows[k]["expected"] for rows in regions.values()) == year.expected
        short = sorted(s for rows in regions.values() for s in rows[k]["not_meeting"])
        assert short == sorted(year.not_meeting)


def test_system_contributions_are_the_regions_systems(rollup):
    gap = gap_of(rollup, STAFF)
    region = REGIONS[0]
    rows = regional.system_contribution_series(PACK, gap, region)
    assert [r["system"] for r in rows] == regional.systems_of(PACK, region)
    assert {r["region"] for r in rows} == {region}


def test_furthest_nationally_is_the_domains_and_regionally_a_subset(rollup):
    gap = gap_of(rollup, SHORT)
    national = regional.furthest_series(PACK, gap)
    assert [r["system"] for r in national] == [c.area for c in gap.furthest]
    assert national and all(r["relative_gap"] < 0 for r in national)
    for region in REGIONS:
        mine = regional.furthest_series(PACK, gap, region)
        assert {r["system"] for r in mine} <= set(regional.systems_of(PACK, region))
        assert [r["relative_gap"] for r in mine] == sorted(r["relative_gap"] for r in mine)


@pytest.mark.parametrize("ambition", [STAFF, SHORT, EVERY])
def test_the_years_asked_are_the_series_rows_of_those_years(rollup, ambition):
    gap = gap_of(rollup, ambition)
    for region in REGIONS:
        every = regional.region_trajectory_series(PACK, rollup.totals, gap, region)
        asked = regional.region_trajectory_series(PACK, rollup.totals, gap, region, (gap.due_year,))
        assert asked == [row for row in every if row["year"] == gap.due_year]
        assert asked[0]["planned"] is not None  # the region's total was found
