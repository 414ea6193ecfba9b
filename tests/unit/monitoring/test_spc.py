"""XmR charts, special-cause rules and icons, against limits and flags worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltpif.monitoring.icons import assurance_icon, variation_icon, variation_of
from ltpif.monitoring.spc import LIMIT_FACTOR, SpcSettings, xmr

TWO_SIGMA = LIMIT_FACTOR * 2 / 3


def chart(values, **options):
    return xmr([f"p{i:02d}" for i in range(len(values))], values, **options)


def flagged(result) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
    out: dict = {}
    for signal in result.signals:
        out.setdefault(signal.rule, []).append((signal.direction, signal.points))
    return out


# Each case: values; mean and mean moving range by hand; the signals every rule must give.
BEYOND = [0, 20] * 10 + [200]  # Σ = 400 over 21; moving ranges 19 × 20 and 180 → 560 / 20
RUNS = [5, 6, 5, 6, 5, 6, 5, 7, 8, 7, 8, 7, 8, 7]  # Σ = 90 over 14; ranges 6 × 1, 2, 6 × 1
TREND = [
    0,
    20,
    0,
    20,
    0,
    20,
    4,
    6,
    8,
    10,
    12,
    14,
    16,
    20,
    0,
    20,
    0,
]  # Σ 170 / 17; ranges Σ 192 / 16
# Σ 216.2 / 20; the window 13.6, 11, 13.6 lies above the mean
TWO_OF_THREE = [10, 11] * 5 + [13.6, 11, 13.6] + [10, 11, 10, 11, 10, 11, 10]
CASES = [
    ("beyond-limit", BEYOND, 400 / 21, 560 / 20, {"beyond-limit": [("high", (20,))]}),
    (
        "run",
        RUNS,
        90 / 14,
        14 / 13,
        {"run": [("low", tuple(range(7))), ("high", tuple(range(7, 14)))]},
    ),
    ("trend", TREND, 10.0, 12.0, {"trend": [("high", tuple(range(6, 14)))]}),
    ("two-of-three", TWO_OF_THREE, 10.81, 26.4 / 19, {"two-of-three": [("high", (10, 12))]}),
]


@pytest.mark.parametrize(("name", "values", "mean", "moving_range", "signals"), CASES)
def test_limits_and_signals_by_hand(name, values, mean, moving_range, signals):
    result = chart(values)
    (segment,) = result.segments
    assert segment.mean == pytest.approx(mean)
    assert segment.mean_moving_range == pytest.approx(moving_range)
    assert segment.upper == pytest.approx(mean + 2.66 * moving_range)
    assert segment.lower == pytest.approx(mean - 2.66 * moving_range)
    assert segment.upper_two_sigma == pytest.approx(mean + 2.66 * 2 / 3 * moving_range)
    assert flagged(result) == signals


def test_limits_of_a_short_series_by_hand():
    # mean 11.6; moving ranges 2, 1, 2, 1 → 1.5; limits 11.6 ± 3.99
    (segment,) = chart([10, 12, 11, 13, 12]).segments
    assert (segment.lower, segment.mean, segment.upper) == pytest.approx((7.61, 11.6, 15.59))
    assert (segment.lower_two_sigma, segment.upper_two_sigma) == pytest.approx((8.94, 14.26))


@pytest.mark.parametrize(
    ("values", "options", "rules"),
    [
        (RUNS, {"settings": SpcSettings(run_length=8)}, {}),  # runs of 7 fall short of 8
        (TREND, {"settings": SpcSettings(trend_length=8)}, {"trend"}),  # 8 points rising
        (TREND, {"settings": SpcSettings(trend_length=9)}, {}),
        ([1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11], {"settings": SpcSettings(run_length=99)}, {}),
    ],
)
def test_run_and_trend_lengths_are_settings(values, options, rules):
    found = {s.rule for s in chart(values, **options).signals} - {"beyond-limit", "two-of-three"}
    assert found == set(rules)


def test_a_point_on_the_mean_ends_a_run():
    values = [1, 1, 1, 2, 1, 1, 1, 3, 3, 3, 3, 3, 3]  # mean 2 exactly: 2 breaks the low run
    assert [s.points for s in chart(values).signals if s.rule == "run"] == []


def test_default_settings_are_making_data_counts_seven_and_seven():
    assert (SpcSettings().run_length, SpcSettings().trend_length) == (7, 7)


def test_change_point_recalculates_limits_without_the_range_across_it():
    values = [10, 11, 10, 11, 10, 11, 10, 20, 21, 20, 21, 20, 21, 20]
    whole = chart(values)
    assert {s.rule for s in whole.signals} >= {"run"}
    split = chart(values, change_points=["p07"])
    first, second = split.segments
    assert (first.first, first.last, second.first, second.last) == (0, 6, 7, 13)
    assert first.mean == pytest.approx(73 / 7)
    assert second.mean == pytest.approx(143 / 7)
    assert first.mean_moving_range == second.mean_moving_range == pytest.approx(1.0)
    assert split.moving_range(7) is None  # the jump across the change point is not a range
    assert split.signals == ()


def test_a_baseline_fixes_the_limits_on_the_first_points():
    values = [10, 11, 10, 11, 10, 11, 30]
    result = chart(values, settings=SpcSettings(baseline=6))
    (segment,) = result.segments
    assert (segment.mean, segment.mean_moving_range, segment.baseline_points) == (10.5, 1.0, 6)
    assert [s.points for s in result.signals if s.rule == "beyond-limit"] == [(6,)]


@pytest.mark.parametrize(
    ("change_points", "message"),
    [(["p99"], "not among"), (["p00"], "not the first"), (["p09"], "at least 2")],
)
def test_bad_change_points_are_refused(change_points, message):
    with pytest.raises(ValueError, match=message):
        chart(list(range(10)), change_points=change_points)


@pytest.mark.parametrize(
    ("direction", "polarity", "icon"),
    [
        (None, "higher_is_better", "common-cause"),
        ("high", "higher_is_better", "improvement-high"),
        ("low", "higher_is_better", "concern-low"),
        ("high", "lower_is_better", "concern-high"),
        ("low", "lower_is_better", "improvement-low"),
        ("high", "neutral", "neither-high"),
        ("low", "neutral", "neither-low"),
    ],
)
def test_variation_icons_follow_polarity(direction, polarity, icon):
    assert variation_of(direction, polarity) == icon


@pytest.mark.parametrize(
    ("values", "polarity", "icon"),
    [
        (BEYOND, "higher_is_better", "improvement-high"),
        (BEYOND, "lower_is_better", "concern-high"),
        (BEYOND, "neutral", "neither-high"),
        (RUNS, "higher_is_better", "improvement-high"),
        ([*TWO_OF_THREE, 10.6], "higher_is_better", "common-cause"),
    ],
)
def test_the_chart_icon_is_the_latest_points(values, polarity, icon):
    assert variation_icon(chart(values), polarity) == icon


def test_assurance_uses_the_latest_segment():
    values = [10, 11, 10, 11, 10, 11, 30, 31, 30, 31, 30, 31]
    result = chart(values, change_points=["p06"])
    assert assurance_icon(result, 20, "higher_is_better") == "pass"
    assert assurance_icon(chart(values), 20, "higher_is_better") == "hit-and-miss"


series = st.lists(st.integers(-1000, 1000), min_size=3, max_size=40)


@settings(max_examples=60, deadline=None)
@given(series, st.integers(-10_000, 10_000), st.integers(1, 50))
def test_signals_do_not_change_with_units_or_offset(values, offset, scale):
    base = chart(values)
    moved = chart([v * scale + offset for v in values])
    assert [(s.rule, s.direction, s.points) for s in moved.signals] == [
        (s.rule, s.direction, s.points) for s in base.signals
    ]
    assert moved.segments[0].mean == pytest.approx(base.segments[0].mean * scale + offset)


@settings(max_examples=60, deadline=None)
@given(series)
def test_mirrored_values_mirror_the_icons(values):
    mirror = {"high": "low", "low": "high"}
    base, flipped = chart(values), chart([-v for v in values])
    assert sorted((s.rule, mirror[s.direction], s.points) for s in base.signals) == sorted(
        (s.rule, s.direction, s.points) for s in flipped.signals
    )
    assert mirrored(variation_icon(base, "higher_is_better")) == variation_icon(
        flipped, "higher_is_better"
    )


def mirrored(icon: str) -> str:
    """The icon of the same signal seen upside down: improvement-high ↔ concern-low."""
    if icon == "common-cause":
        return icon
    kind, side = icon.split("-")
    swap = {"improvement": "concern", "concern": "improvement", "high": "low", "low": "high"}
    return f"{swap[kind]}-{swap[side]}"
