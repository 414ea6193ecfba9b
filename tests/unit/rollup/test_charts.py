"""The publication's SVG charts: round axes, gaps for missing values, the same bytes each time."""

from __future__ import annotations

import re

import pytest

from ltpif.interchange.publication import svg


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (0, 21979.6, [0, 5000, 10000, 15000, 20000, 25000]),
        (-3, 4, [-4, -2, 0, 2, 4]),
        (0, 0, [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]),
    ],
)
def test_ticks(low, high, expected) -> None:
    assert svg.ticks(low, high) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (30_000_000, "30M"),
        (20_000, "20k"),
        (1_500, "1,500"),
        (0, "0"),
        (0.75, "0.75"),
        (2.5, "2.5"),
    ],
)
def test_compact_labels(value, label) -> None:
    assert svg.compact(value) == label


def test_a_missing_value_breaks_the_line_instead_of_dropping_to_zero() -> None:
    years = ["2018/19", "2019/20", "2020/21", "2021/22"]
    chart = svg.line_chart("t", years, [svg.Line("plans", [10.0, None, 30.0, 40.0], "#005eb8")])
    lines = re.findall(r'<polyline points="([^"]*)"', chart)
    assert [len(points.split()) for points in lines] == [1, 2]  # 2018/19 alone, then 2020/21 on
    assert chart.count("<circle") == 3
    assert chart == svg.line_chart(
        "t", years, [svg.Line("plans", [10.0, None, 30.0, 40.0], "#005eb8")]
    )


def test_bar_chart_draws_no_bar_for_a_missing_value() -> None:
    chart = svg.bar_chart("t", [("London", 5.0, None), ("North West", 3.0, 4.0)], ("a", "b"))
    assert chart.count("<rect") == 3
    assert "London" in chart and "<script" not in chart
