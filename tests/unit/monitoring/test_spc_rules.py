"""Spec tables: every special-cause rule and every icon on series worked out by hand.

Labels are one character per point for a higher-is-better metric: "." common cause,
"I" improvement, "C" concern. Each case's comment holds the hand arithmetic: Σ / n = mean,
Σ|moving ranges| / (n − 1) = mean moving range (MR); limits = mean ± 2.66 MR, two-sigma lines
= mean ± 1.7733 MR.
"""

from __future__ import annotations

import pytest

from ltpif.monitoring.icons import (
    PRECEDENCE,
    assurance,
    point_variation,
    variation_icon,
)
from ltpif.monitoring.spc import Segment, SpcSettings, xmr

LETTER = {"common": ".", "improvement": "I", "concern": "C", "neither": "N"}


def chart(values, **options):
    return xmr([f"p{i:02d}" for i in range(len(values))], values, **options)


def labels(values, polarity="higher_is_better", **options) -> str:
    result = chart(values, **options)
    return "".join(
        LETTER[point_variation(result, i, polarity).split("-")[0]] for i in range(len(values))
    )


BEYOND_HIGH = [0, 20] * 10 + [100]  # Σ 300 / 21 = 14.286; MR (19×20 + 80) / 20 = 23; UPL 75.47
BEYOND_LOW = [0, 20] * 10 + [-80]  # Σ 120 / 21 = 5.714; MR (19×20 + 100) / 20 = 24; LPL −58.13
# 13 points below the mean but the middle one on it: mean 150 / 15 = 10 exactly; MR 17 / 14 =
# 1.214, UPL 13.23 (both 14.5 beyond), two-sigma 7.85–12.15
ON_THE_MEAN = [14.5, 9, 9.5, 9, 9.5, 9, 9.5, 10, 9, 9.5, 9, 9.5, 9, 9.5, 14.5]
# the same with 9.9 in the middle: mean 149.9 / 15 = 9.993, MR 16.8 / 14 = 1.2: a run of 13 below
BELOW_THE_MEAN = [*ON_THE_MEAN[:7], 9.9, *ON_THE_MEAN[8:]]
# mean 216.2 / 20 = 10.81; MR 26.4 / 19 = 1.389; upper two-sigma 13.27, UPL 14.51: 13.6, 11,
# 13.6 are all above the mean, two beyond the line
TWO_IN_THREE = [10, 11] * 5 + [13.6, 11, 13.6] + [10, 11, 10, 11, 10, 11, 10]
# the middle point 10.5 below the mean (215.7 / 20 = 10.785): the window is not on one side
SPLIT_WINDOW = [10, 11] * 5 + [13.6, 10.5, 13.6] + [10, 11, 10, 11, 10, 11, 10]
# mean 195.2 / 18 = 10.844; MR (15×2 + 4.2 + 4.8) / 17 = 2.294; upper two-sigma 14.91, UPL
# 16.95: 11, 15.2, 20 all above the mean; 15.2 between the lines, 20 beyond the limit
LIMIT_COUNTS = [9, 11] * 8 + [15.2, 20]
# mean 232 / 19 = 12.21; MR (11×20 + 7×1) / 18 = 12.61: 20 down to 13 is a falling trend of 8
# points and a run of 8 above the mean; the trend decides
FALL_ABOVE_MEAN = [0, 20] * 6 + [19, 18, 17, 16, 15, 14, 13]
# mean 198 / 23 = 8.609; MR 220 / 22 = 10: a rising trend of 7 (2…14) and a falling one of 7
# (14…2) share the peak; nothing else
PEAK = [0, 20, 0, 20, 0, 20, 2, 4, 6, 8, 10, 12, 14, 12, 10, 8, 6, 4, 2, 20, 0, 20, 0]
# 0…7 then 6…1: mean 49 / 14 = 3.5, MR 1; limits 0.84–6.16 (0 and 7 beyond), two-sigma lines
# 1.73 and 5.27; 4…4 (7 points) above the mean; 0, 1 (low) and 6, 7, 6 (high) two-in-three
UP_AND_DOWN = [*range(8), *range(6, 0, -1)]

RULES = [
    # name, values, mean, MR, signals (rule, direction, points), labels
    (
        "beyond-limit high",
        BEYOND_HIGH,
        300 / 21,
        23,
        [("beyond-limit", "high", (20,))],
        "." * 20 + "I",
    ),
    (
        "beyond-limit low",
        BEYOND_LOW,
        120 / 21,
        24,
        [("beyond-limit", "low", (20,))],
        "." * 20 + "C",
    ),
    (
        "a point on the mean breaks a run",
        ON_THE_MEAN,
        10,
        17 / 14,
        [("beyond-limit", "high", (0,)), ("beyond-limit", "high", (14,))],
        "I" + "." * 13 + "I",
    ),
    (
        "run",
        BELOW_THE_MEAN,
        149.9 / 15,
        1.2,
        [
            ("beyond-limit", "high", (0,)),
            ("beyond-limit", "high", (14,)),
            ("run", "low", tuple(range(1, 14))),
        ],
        "I" + "C" * 13 + "I",
    ),
    (
        "two-in-three on one side",
        TWO_IN_THREE,
        10.81,
        26.4 / 19,
        [("two-of-three", "high", (10, 12))],
        "." * 10 + "I.I" + "." * 7,
    ),
    ("two-in-three across the mean", SPLIT_WINDOW, 10.785, 27.4 / 19, [], "." * 20),
    (
        "a point beyond the limit counts towards two-in-three",
        LIMIT_COUNTS,
        195.2 / 18,
        39 / 17,
        [("beyond-limit", "high", (17,)), ("two-of-three", "high", (16, 17))],
        "." * 16 + "II",
    ),
    (
        "a trend outranks a run",
        FALL_ABOVE_MEAN,
        232 / 19,
        227 / 18,
        [("run", "high", tuple(range(11, 19))), ("trend", "low", tuple(range(11, 19)))],
        "." * 11 + "C" * 8,
    ),
    (
        "the trend carrying on after a peak decides it",
        PEAK,
        198 / 23,
        10,
        [("trend", "high", tuple(range(6, 13))), ("trend", "low", tuple(range(12, 19)))],
        "." * 6 + "I" * 6 + "C" * 7 + "." * 4,
    ),
    (
        "every rule at once",
        UP_AND_DOWN,
        3.5,
        1,
        [
            ("beyond-limit", "low", (0,)),
            ("beyond-limit", "high", (7,)),
            ("run", "high", tuple(range(4, 11))),
            ("trend", "high", tuple(range(8))),
            ("trend", "low", tuple(range(7, 14))),
            ("two-of-three", "high", (6, 7, 8)),
            ("two-of-three", "low", (0, 1)),
        ],
        # 0: beyond low; 1: rising trend beats two-in-three low; 7: beyond high;
        # 8: falling trend beats two-in-three high and the run above the mean
        "CIIIIIIICCCCCC",
    ),
]


@pytest.mark.parametrize(
    ("values", "mean", "moving_range", "signals", "expected"),
    [case[1:] for case in RULES],
    ids=[case[0] for case in RULES],
)
def test_rules_by_hand(values, mean, moving_range, signals, expected):
    result = chart(values)
    (segment,) = result.segments
    assert segment.mean == pytest.approx(mean)
    assert segment.mean_moving_range == pytest.approx(moving_range)
    assert sorted((s.rule, s.direction, s.points) for s in result.signals) == sorted(signals)
    assert labels(values) == expected


def test_precedence_is_limit_trend_two_in_three_run():
    assert PRECEDENCE == ("beyond-limit", "trend", "two-of-three", "run")


@pytest.mark.parametrize(
    ("values", "polarity", "expected"),
    [
        (FALL_ABOVE_MEAN, "lower_is_better", "." * 11 + "I" * 8),
        (FALL_ABOVE_MEAN, "neutral", "." * 11 + "N" * 8),
        (UP_AND_DOWN, "lower_is_better", "ICCCCCCCIIIIII"),
    ],
)
def test_labels_follow_polarity(values, polarity, expected):
    assert labels(values, polarity) == expected


@pytest.mark.parametrize(
    ("values", "polarity", "icon"),
    [
        (SPLIT_WINDOW, "higher_is_better", "common-cause"),
        (BEYOND_HIGH, "higher_is_better", "improvement-high"),
        (BEYOND_HIGH, "lower_is_better", "concern-high"),
        (BEYOND_HIGH, "neutral", "neither-high"),
        (BEYOND_LOW, "higher_is_better", "concern-low"),
        (BEYOND_LOW, "lower_is_better", "improvement-low"),
        (BEYOND_LOW, "neutral", "neither-low"),
        (FALL_ABOVE_MEAN, "higher_is_better", "concern-low"),  # above the mean, but falling
    ],
)
def test_every_variation_icon(values, polarity, icon):
    assert variation_icon(chart(values), polarity) == icon


# mean 50, MR 5: limits 50 ± 13.3 = 36.7 and 63.3
SEGMENT = Segment(0, 9, mean=50.0, mean_moving_range=5.0, baseline_points=10)


@pytest.mark.parametrize(
    ("target", "polarity", "icon"),
    [
        (30, "higher_is_better", "pass"),
        ("lower", "higher_is_better", "hit-and-miss"),  # a target on a limit is not a pass
        (50, "higher_is_better", "hit-and-miss"),
        ("upper", "higher_is_better", "hit-and-miss"),
        (70, "higher_is_better", "fail"),
        (70, "lower_is_better", "pass"),
        ("upper", "lower_is_better", "hit-and-miss"),
        (50, "lower_is_better", "hit-and-miss"),
        ("lower", "lower_is_better", "hit-and-miss"),
        (30, "lower_is_better", "fail"),
        (50, "neutral", None),
        (None, "higher_is_better", None),
    ],
)
def test_every_assurance_icon(target, polarity, icon):
    target = {"lower": SEGMENT.lower, "upper": SEGMENT.upper}.get(target, target)
    assert assurance(SEGMENT, target, polarity) == icon


# 10, 12 alternating around a 40: Σ 206 / 16 = 12.875; ranges 13 × 2 and 28 twice: MR 82 / 15
# = 5.467, whose 3.267 × is 17.86, so screening leaves the two 28s out: MR 26 / 13 = 2
SHOCK = [10, 12, 10, 12, 10, 12, 10, 12, 40, 12, 10, 12, 10, 12, 10, 12]


@pytest.mark.parametrize(
    ("screen", "moving_range", "screened"), [(False, 82 / 15, 0), (True, 2.0, 2)]
)
def test_screening_moving_range_outliers(screen, moving_range, screened):
    (segment,) = chart(SHOCK, settings=SpcSettings(screen_outliers=screen)).segments
    assert segment.mean == pytest.approx(12.875)
    assert segment.mean_moving_range == pytest.approx(moving_range)
    assert segment.screened_ranges == screened
    assert segment.upper == pytest.approx(12.875 + 2.66 * moving_range)


def test_screening_is_off_by_default():
    assert SpcSettings().screen_outliers is False


def test_screening_works_within_a_rebased_segment():
    # first segment 10, 11, 10, 11: MR 1, nothing screened. Second 20, 22, …, 60, 20, 22: ranges
    # 6 × 2, 40, 40, 2 → 94 / 9 = 10.44, whose 3.267 × is 34.1: the 40s go, MR 14 / 7 = 2. The
    # jump 11 → 20 across the change point is no range at all.
    values = [10, 11, 10, 11, 20, 22, 20, 22, 20, 22, 20, 60, 20, 22]
    screened = chart(values, change_points=["p04"], settings=SpcSettings(screen_outliers=True))
    assert [s.mean_moving_range for s in screened.segments] == pytest.approx([1.0, 2.0])
    assert [s.screened_ranges for s in screened.segments] == [0, 2]
