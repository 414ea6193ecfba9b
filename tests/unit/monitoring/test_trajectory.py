"""A plan's yearly values spread over months and quarters, and assured period by period."""

from __future__ import annotations

import pytest

from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.spc import xmr
from ltpif.monitoring.trajectory import assure_periods, expand, summary

PLAN = {"2018/19": 120.0, "2019/20": 108.0, "2020/21": 96.0}


@pytest.mark.parametrize(
    ("period", "basis", "expected"),
    [
        ("2019-04", "stock", 119.0),  # 120 → 108 by March 2020: one twelfth of the way
        ("2019-09", "stock", 114.0),
        ("2020-03", "stock", 108.0),
        ("2020-04", "stock", 107.0),
        ("2019/20 Q1", "stock", 117.0),
        ("2019/20", "stock", 108.0),
        ("2019-04", "flow", 9.0),  # 108 a year is 9 a month
        ("2019/20 Q2", "flow", 27.0),
        ("2018-04", "stock", 120.0),  # the baseline year has no previous value: flat
        ("2021-04", "stock", None),  # beyond the plan
    ],
)
def test_expand_by_time_basis(pack, period, basis, expected):
    found = expand(PLAN, [parse_period(period, pack.year_calendar)], basis, pack.year_calendar)
    assert found.get(parse_period(period, pack.year_calendar).name) == expected


def test_each_period_is_assured_against_its_own_trajectory_value():
    periods = [f"2019-{m:02d}" for m in range(4, 10)]
    chart = xmr(periods, [119, 118, 118, 116, 116, 115])  # mean 117, moving ranges 1,0,2,0,1
    planned = {p: 120 - i - 1 for i, p in enumerate(periods)}  # 119 … 114
    assured = assure_periods(chart, planned, "lower_is_better")
    # values at most the plan's: 119 ≤ 119, 118 ≤ 118, 118 > 117, 116 ≤ 116, 116 > 115, 115 > 114
    assert [a.meets for a in assured] == [True, True, False, True, False, False]
    # limits 117 ± 2.66 × 0.8 = 114.872 … 119.128: only 114 lies below the lower limit
    assert [a.assurance for a in assured] == ["hit-and-miss"] * 5 + ["fail"]
    assert summary(assured) == {
        "periods": 6,
        "met": 3,
        "missed": 3,
        "latest_period": "2019-09",
        "latest_assurance": "fail",
    }


# An operational plan's months for 2020/21 (issue 13 item 7): winter busier than summer.
MONTHS = {"2020-04": 6.0, "2020-05": 6.0, "2020-12": 12.0, "2021-03": 10.0}


@pytest.mark.parametrize(
    ("period", "basis", "expected"),
    [
        ("2020-04", "flow", 6.0),  # the operational month, not 96 / 12 = 8
        ("2020-12", "flow", 12.0),
        ("2021-03", "stock", 10.0),  # a stock's month too: the level planned for it
        ("2020-06", "flow", 8.0),  # a month it does not give: the year spread as before
        ("2019-04", "flow", 9.0),  # another year: the plan's as before
        ("2020/21 Q1", "flow", 24.0),  # a quarter: the year's value spread, not the months
    ],
)
def test_an_operational_plan_gives_its_months(pack, period, basis, expected):
    calendar = pack.year_calendar
    found = expand(PLAN, [parse_period(period, calendar)], basis, calendar, MONTHS)
    assert found[parse_period(period, calendar).name] == expected


def test_operational_months_without_a_plan_year(pack):
    calendar = pack.year_calendar
    periods = [parse_period(p, calendar) for p in ("2020-04", "2022-04")]
    assert expand({}, periods, "flow", calendar, MONTHS) == {"2020-04": 6.0}
