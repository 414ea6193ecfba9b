"""Operational phasing: an agreed year split by month, adding up exactly (spec tables worked
out by hand, and the property that months always add up to the year)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltpif.framework.loader import load_pack
from ltpif.plans.operational import (
    PhasedMetric,
    decimals_for,
    operational_year,
    phase_sum,
    seasonal_weights,
    shortfall,
)

FLAT = [1.0] * 12


@pytest.mark.parametrize(
    ("annual", "weights", "decimals", "expected"),
    [
        # flat 1200 → 100 each
        (1200, FLAT, 0, [100] * 12),
        # 100 flat: 8.33… each; the 4 units left go to the earliest months (equal remainders)
        (100, FLAT, 0, [9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8]),
        # a seasonal profile: winter (Dec–Mar) twice the other months; 1600 over 16 shares of 100
        (1600, [1] * 8 + [2] * 4, 0, [100] * 8 + [200] * 4),
        # 10 over weights 1,1,1: 3.33 each, the one unit left to April
        (10, [1, 1, 1], 0, [4, 3, 3]),
        # largest remainder, not earliest: 7 by 1:2:4 → 1, 2, 4 exactly; 8 by 1:2:4 →
        # 1.14, 2.29, 4.57 → floors 1, 2, 4 (7), the unit left to the largest remainder (.57)
        (7, [1, 2, 4], 0, [1, 2, 4]),
        (8, [1, 2, 4], 0, [1, 2, 5]),
        # £ million to £ thousand: 1.0 over 12 → 0.0833…: four months of 0.084, eight of 0.083
        (1.0, FLAT, 3, [0.084] * 4 + [0.083] * 8),
        # a zero weight gets nothing
        (12, [0, 1, 0, 1], 0, [0, 6, 0, 6]),
        # a negative amount (a £m change below the baseline): -7 by 1:2:3 → -1.17, -2.33, -3.5
        # → floors -2, -3, -4 (-9); two units back to the largest remainders (.83, .67)
        (-7, [1, 2, 3], 0, [-1, -2, -4]),
    ],
)
def test_hand_worked_phasings(annual, weights, decimals, expected):
    assert phase_sum(annual, weights, decimals) == expected


@pytest.mark.parametrize(
    ("unit", "annual", "expected"),
    [
        ("count", 1200.0, 0),
        ("count", 1200.5, 1),  # the annual value's own decimals, so the months can add up
        ("gbp_m", 14.75, 3),
        ("wte", 10.0, 2),
        ("count", 1.0000001234, 6),  # at most 6
    ],
)
def test_precision(unit, annual, expected):
    assert decimals_for(unit, annual) == expected


def test_weights_refused():
    with pytest.raises(ValueError, match="all zero"):
        phase_sum(10, [0, 0], 0)
    with pytest.raises(ValueError, match="negative"):
        phase_sum(10, [1, -1], 0)


weights = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=12,
    max_size=12,
).filter(any)
annuals = st.one_of(
    st.decimals(min_value=-1e9, max_value=1e9, places=3, allow_nan=False).map(float),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),  # any float: 1/3, 1e-300
)


@given(weights=weights, annual=annuals, unit=st.sampled_from(["count", "gbp_m", "wte", "weeks"]))
def test_months_always_add_up_to_the_year(weights, annual, unit):
    decimals = decimals_for(unit, annual)
    months = phase_sum(annual, weights, decimals)
    assert len(months) == 12
    written = Decimal(repr(annual))
    # exactly the year; a year with more than 6 decimals is first rounded to 6
    expected = written if decimals < 6 else written.quantize(Decimal("1e-6"))
    assert sum(Decimal(repr(m)) for m in months) == expected
    # each month within one unit of its exact share
    total = sum(weights)
    for month, weight in zip(months, weights, strict=True):
        assert abs(month - annual * weight / total) <= 10**-decimals + abs(annual) * 1e-9


def _phased(annual: float, months: list[float], phasing: str = "sum") -> PhasedMetric:
    names = [f"2020-{m:02d}" for m in range(4, 13)] + [f"2021-{m:02d}" for m in range(1, 4)]
    return PhasedMetric(
        metric="emergency-admissions",
        annual=annual,
        phasing=phasing,
        profile="planner",
        months=dict(zip(names, months, strict=True)),
    )


@pytest.mark.parametrize(
    ("annual", "months", "phasing", "expected"),
    [
        (1200, [100] * 12, "sum", None),
        (1200, [100] * 11 + [90], "sum", Decimal(10)),  # 10 short
        (1200, [100] * 11 + [105], "sum", Decimal(-5)),  # 5 over
        (1.2, [0.1] * 12, "sum", None),  # 0.1 twelve times is 1.2 exactly, as written
        (1.25, [0.1] * 12, "sum", Decimal("0.05")),  # at the annual value's own precision
        (0.75, [0.8] * 12, "rate", None),  # a rate does not add up over months
    ],
)
def test_shortfall(annual, months, phasing, expected):
    assert shortfall(_phased(annual, months, phasing), "count") == expected


@pytest.mark.parametrize(
    ("by_month", "expected"),
    [
        # one year, April to March: the values themselves
        ({f"2019-{m:02d}": float(m) for m in range(4, 13)}
         | {f"2020-{m:02d}": float(m) for m in range(1, 4)},
         [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]),
        # two Aprils averaged (10 and 20 → 15), the other months once
        ({"2018-04": 10.0, "2019-04": 20.0}
         | {f"2019-{m:02d}": 1.0 for m in range(5, 13)}
         | {f"2020-{m:02d}": 1.0 for m in range(1, 4)},
         [15] + [1] * 11),
        ({"2019-04": 1.0}, "no monthly actuals for May, June, July, August, September, "
         "October, November, December, January, February, March"),
        ({f"2019-{m:02d}": 0.0 for m in range(1, 13)}, "the monthly actuals are all zero"),
    ],
)  # fmt: skip
def test_seasonal_weights(by_month, expected):
    assert seasonal_weights(by_month, 4) == expected


def test_the_operational_year_follows_the_end_of_march_2020_deadline():
    assert operational_year(load_pack()) == "2020/21"
