"""Spec: roll-up totals for small tables of plan values, on every engine.

Each case is a long table (system, region, metric, year, value, numerator, denominator) and
the totals it must give. Systems A and B are in region R1, C in R2. All cases are rolled up
together, once per engine (their metric ids keep them apart), then each is checked alone.
"""

from __future__ import annotations

import pytest

from ltpif.rollup.table import MetricKind, Row, Total
from tests.rollup_support import ENGINES, assert_same_totals, run_engine

REGION_OF = {"A": "R1", "B": "R1", "C": "R2"}
SUM, RATIO = MetricKind("sum"), MetricKind("ratio_of_sums")


def rows(metric: str, values: dict[str, float | tuple[float | None, float | None] | None]):
    """One year's rows: a value, or (numerator, denominator) for a ratio."""
    out = []
    for system, value in values.items():
        if isinstance(value, tuple):
            num, den = value
            ratio = num / den if num is not None and den else None
            out.append(Row(system, REGION_OF[system], metric, "2019/20", ratio, num, den))
        else:
            out.append(Row(system, REGION_OF[system], metric, "2019/20", value))
    return out


def totals(metric: str, r1: tuple, r2: tuple, nation: tuple) -> list[Total]:
    """(value, numerator, denominator, reported, expected, met, missing, not_meeting) by area."""
    return [
        Total("national", "national", metric, "2019/20", *nation),
        Total("region", "R1", metric, "2019/20", *r1),
        Total("region", "R2", metric, "2019/20", *r2),
    ]


# (case, kind, values by system, expected totals R1, R2, nation)
CASES = [
    (
        "sum-complete",
        SUM,
        {"A": 1.5, "B": 2.5, "C": 4.0},
        (4.0, None, None, 2, 2, None, (), ()),
        (4.0, None, None, 1, 1, None, (), ()),
        (8.0, None, None, 3, 3, None, (), ()),
    ),
    (
        "sum-zero-is-a-value",
        SUM,
        {"A": 0.0, "B": 0.0, "C": 0.0},
        (0.0, None, None, 2, 2, None, (), ()),
        (0.0, None, None, 1, 1, None, (), ()),
        (0.0, None, None, 3, 3, None, (), ()),
    ),
    (
        "sum-missing-system-is-incomplete-not-zero",
        SUM,
        {"A": 10.0, "B": None, "C": 5.0},
        (10.0, None, None, 1, 2, None, ("B",), ()),
        (5.0, None, None, 1, 1, None, (), ()),
        (15.0, None, None, 2, 3, None, ("B",), ()),
    ),
    (
        "sum-area-with-no-values-is-missing",
        SUM,
        {"A": None, "B": None, "C": 7.0},
        (None, None, None, 0, 2, None, ("A", "B"), ()),
        (7.0, None, None, 1, 1, None, (), ()),
        (7.0, None, None, 1, 3, None, ("A", "B"), ()),
    ),
    (
        "sum-negative-values",
        SUM,
        {"A": -3.0, "B": 1.0, "C": -1.0},
        (-2.0, None, None, 2, 2, None, (), ()),
        (-1.0, None, None, 1, 1, None, (), ()),
        (-3.0, None, None, 3, 3, None, (), ()),
    ),
    (
        # 1/2 and 3/4 average 0.625; the ratio of sums is 4/6.
        "ratio-of-sums-not-mean-of-ratios",
        RATIO,
        {"A": (1.0, 2.0), "B": (3.0, 4.0), "C": (9.0, 10.0)},
        (4 / 6, 4.0, 6.0, 2, 2, None, (), ()),
        (0.9, 9.0, 10.0, 1, 1, None, (), ()),
        (13 / 16, 13.0, 16.0, 3, 3, None, (), ()),
    ),
    (
        # B has a numerator but no denominator: it is missing, and its numerator is not added.
        "ratio-half-given-is-missing",
        RATIO,
        {"A": (1.0, 4.0), "B": (5.0, None), "C": (None, None)},
        (0.25, 1.0, 4.0, 1, 2, None, ("B",), ()),
        (None, None, None, 0, 1, None, ("C",), ()),
        (0.25, 1.0, 4.0, 1, 3, None, ("B", "C"), ()),
    ),
    (
        "coverage-at-least",
        MetricKind("coverage", "at_least", 1.0),
        {"A": 1.0, "B": 0.0, "C": None},
        (1.0, None, None, 2, 2, 1, (), ("B",)),
        (None, None, None, 0, 1, 0, ("C",), ()),
        (1.0, None, None, 2, 3, 1, ("C",), ("B",)),
    ),
    (
        "coverage-none-meeting-is-zero-not-missing",
        MetricKind("coverage", "at_least", 1.0),
        {"A": 0.0, "B": 0.0, "C": 0.0},
        (0.0, None, None, 2, 2, 0, (), ("A", "B")),
        (0.0, None, None, 1, 1, 0, (), ("C",)),
        (0.0, None, None, 3, 3, 0, (), ("A", "B", "C")),
    ),
    (
        "coverage-at-most",
        MetricKind("coverage", "at_most", 0.0),
        {"A": 0.0, "B": 3.0, "C": 0.0},
        (1.0, None, None, 2, 2, 1, (), ("B",)),
        (1.0, None, None, 1, 1, 1, (), ()),
        (2.0, None, None, 3, 3, 2, (), ("B",)),
    ),
    (
        "coverage-up-to-is-a-ceiling",
        MetricKind("coverage", "up_to", 0.3),
        {"A": 0.3, "B": 0.2, "C": 0.31},
        (2.0, None, None, 2, 2, 2, (), ()),
        (0.0, None, None, 1, 1, 0, (), ("C",)),
        (2.0, None, None, 3, 3, 2, (), ("C",)),
    ),
]
# Years roll up apart: A misses 2020/21 only.
TWO_YEARS = [
    Row("A", "R1", "two-years", "2019/20", 1.0),
    Row("A", "R1", "two-years", "2020/21", None),
    Row("B", "R1", "two-years", "2020/21", 5.0),
    Row("B", "R1", "two-years", "2019/20", 2.0),
]
ALL_ROWS = [row for case, _kind, values, *_ in CASES for row in rows(case, values)] + TWO_YEARS
ALL_KINDS = {case: kind for case, kind, *_ in CASES} | {"two-years": SUM}


@pytest.fixture(scope="module")
def results() -> dict[str, list[Total]]:
    """Totals per engine, each engine run once on every case (Spark takes seconds a query)."""
    return {}


def rolled_up(engine: str, results: dict, request: pytest.FixtureRequest) -> list[Total]:
    if engine not in results:
        results[engine] = run_engine(engine, request, ALL_ROWS, ALL_KINDS)
    return results[engine]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("case", "kind", "values", "r1", "r2", "nation"), CASES, ids=[c[0] for c in CASES]
)
def test_rollup_case(engine, case, kind, values, r1, r2, nation, results, request) -> None:
    got = [t for t in rolled_up(engine, results, request) if t.metric == case]
    assert_same_totals(totals(case, r1, r2, nation), got)


@pytest.mark.parametrize("engine", ENGINES)
def test_years_are_rolled_up_apart(engine, results, request) -> None:
    got = {
        (t.level, t.year): (t.value, t.missing)
        for t in rolled_up(engine, results, request)
        if t.metric == "two-years"
    }
    assert got == {
        ("national", "2019/20"): (3.0, ()),
        ("national", "2020/21"): (5.0, ("A",)),
        ("region", "2019/20"): (3.0, ()),
        ("region", "2020/21"): (5.0, ("A",)),
    }


@pytest.mark.parametrize("engine", ["reference", "duckdb"])
def test_empty_table_gives_no_totals(engine, request) -> None:
    assert run_engine(engine, request, [], {"m": SUM}) == []
