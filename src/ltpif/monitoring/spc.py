"""XmR charts and their special-cause rules, as NHS England's "Making Data Count" reads them.

An XmR chart's centre line is the mean of the points and its process limits are the mean ±
2.66 × the mean moving range (the average absolute difference between consecutive points);
2.66 is 3 / 1.128, three standard deviations estimated from moving ranges of two points. The
two-sigma lines are two thirds of the way from the mean to the limits.

Special cause rules (each gives signals: the points involved and their direction):
- beyond-limit: a point above the upper or below the lower process limit;
- run: `run_length` or more consecutive points on one side of the mean (a point exactly on
  the mean ends a run);
- trend: `trend_length` or more consecutive points each higher (or each lower) than the one
  before (an equal value ends a trend);
- two-of-three: three consecutive points all on one side of the mean, at least two of them
  beyond the two-sigma line on that side (a point beyond the process limit counts, as in
  Making Data Count's tools since 2023); the points beyond the line are flagged.

Screening (`screen_outliers`): a moving range above 3.267 × the mean moving range (the upper
limit of a moving-range chart) is left out of the mean moving range, so that one shock does
not widen the limits; off unless asked for.

Declared change points start a new segment whose limits come from its own points only (the
moving range across a change point is not used). A baseline fixes each segment's limits on
its first points and extends them over the rest. Rules run within each segment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

LIMIT_FACTOR = 2.66
TWO_SIGMA_FACTOR = LIMIT_FACTOR * 2 / 3
MINIMUM_POINTS = 2  # a moving range needs two points; Making Data Count advises 15 or more
OUTLIER_RANGE_FACTOR = 3.267  # D4 for ranges of two points: the moving-range chart's upper limit


@dataclass(frozen=True)
class SpcSettings:
    run_length: int = 7
    trend_length: int = 7
    baseline: int | None = None  # points at the start of each segment that set its limits
    screen_outliers: bool = False  # leave moving ranges above 3.267 × their mean out

    def __post_init__(self) -> None:
        for name in ("run_length", "trend_length"):
            if getattr(self, name) < 2:
                raise ValueError(f"{name.replace('_', ' ')} must be at least 2")
        if self.baseline is not None and self.baseline < MINIMUM_POINTS:
            raise ValueError(f"a baseline needs at least {MINIMUM_POINTS} points")


@dataclass(frozen=True)
class Segment:
    first: int  # index of its first point
    last: int  # index of its last point
    mean: float
    mean_moving_range: float
    baseline_points: int  # how many of its points set the limits
    screened_ranges: int = 0  # moving ranges left out of the mean as outliers

    @property
    def upper(self) -> float:
        return self.mean + LIMIT_FACTOR * self.mean_moving_range

    @property
    def lower(self) -> float:
        return self.mean - LIMIT_FACTOR * self.mean_moving_range

    @property
    def upper_two_sigma(self) -> float:
        return self.mean + TWO_SIGMA_FACTOR * self.mean_moving_range

    @property
    def lower_two_sigma(self) -> float:
        return self.mean - TWO_SIGMA_FACTOR * self.mean_moving_range

    def indices(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class Signal:
    rule: str
    direction: str  # "high" (above the mean, or rising) or "low"
    points: tuple[int, ...]


@dataclass(frozen=True)
class XmrChart:
    periods: tuple[str, ...]
    values: tuple[float, ...]
    segments: tuple[Segment, ...]
    signals: tuple[Signal, ...]
    settings: SpcSettings = field(default_factory=SpcSettings)

    def segment_of(self, index: int) -> Segment:
        return next(s for s in self.segments if s.first <= index <= s.last)

    def moving_range(self, index: int) -> float | None:
        """|x[i] − x[i−1]| within a segment; None at a segment's first point."""
        if self.segment_of(index).first == index:
            return None
        return abs(self.values[index] - self.values[index - 1])

    def signals_at(self, index: int) -> list[Signal]:
        return [s for s in self.signals if index in s.points]


def xmr(
    periods: Sequence[str],
    values: Sequence[float],
    *,
    change_points: Sequence[str] = (),
    settings: SpcSettings | None = None,
) -> XmrChart:
    """The XmR chart of a series in period order, with every special-cause signal."""
    settings = settings or SpcSettings()
    if len(periods) != len(values):
        raise ValueError("periods and values differ in length")
    if len(set(periods)) != len(periods):
        raise ValueError("a period is given twice")
    starts = _segment_starts(periods, change_points)
    bounds = list(zip(starts, [*starts[1:], len(values)], strict=True))
    segments = tuple(_segment(values, first, end, settings) for first, end in bounds)
    signals = tuple(
        signal for segment in segments for signal in _signals(values, segment, settings)
    )
    return XmrChart(tuple(periods), tuple(float(v) for v in values), segments, signals, settings)


def _segment_starts(periods: Sequence[str], change_points: Sequence[str]) -> list[int]:
    index = {period: i for i, period in enumerate(periods)}
    unknown = [p for p in change_points if p not in index]
    if unknown:
        raise ValueError(f"change point(s) not among the chart's periods: {', '.join(unknown)}")
    if periods and periods[0] in change_points:
        raise ValueError(f"a change point starts a new segment: not the first period {periods[0]}")
    starts = sorted({0, *(index[p] for p in change_points)})
    for first, end in zip(starts, [*starts[1:], len(periods)], strict=True):
        if end - first < MINIMUM_POINTS:
            raise ValueError(
                f"the segment from {periods[first] if periods else '-'} has {end - first} "
                f"point(s): limits need at least {MINIMUM_POINTS}"
            )
    return starts


def _segment(values: Sequence[float], first: int, end: int, settings: SpcSettings) -> Segment:
    used = end - first if settings.baseline is None else min(settings.baseline, end - first)
    base = values[first : first + used]
    ranges = [abs(b - a) for a, b in pairwise(base)]
    kept = ranges
    if settings.screen_outliers:
        ceiling = OUTLIER_RANGE_FACTOR * sum(ranges) / len(ranges)
        kept = [r for r in ranges if r <= ceiling]  # never empty: some range is ≤ the mean
    mean_range = sum(kept) / len(kept)
    return Segment(first, end - 1, sum(base) / used, mean_range, used, len(ranges) - len(kept))


def _signals(values: Sequence[float], seg: Segment, settings: SpcSettings) -> Iterator[Signal]:
    idx = seg.indices()
    for i in idx:
        if values[i] > seg.upper:
            yield Signal("beyond-limit", "high", (i,))
        elif values[i] < seg.lower:
            yield Signal("beyond-limit", "low", (i,))
    side = [_sign(values[i] - seg.mean) for i in idx]
    yield from _streaks("run", side, seg.first, settings.run_length)
    steps = [0] + [_sign(values[i] - values[i - 1]) for i in idx[1:]]
    # a trend of n points is n − 1 steps the same way; the streak's first point joins it
    for signal in _streaks("trend", steps, seg.first, settings.trend_length - 1):
        yield Signal("trend", signal.direction, (signal.points[0] - 1, *signal.points))
    yield from _two_of_three(values, seg)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _streaks(rule: str, signs: list[int], offset: int, length: int) -> Iterator[Signal]:
    """Maximal runs of the same non-zero sign at least `length` long."""
    start = 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            if signs[start] != 0 and i - start >= length:
                direction = "high" if signs[start] > 0 else "low"
                yield Signal(rule, direction, tuple(range(offset + start, offset + i)))
            start = i


def _two_of_three(values: Sequence[float], seg: Segment) -> Iterator[Signal]:
    for direction, side, beyond in (
        ("high", 1, lambda v: v > seg.upper_two_sigma),
        ("low", -1, lambda v: v < seg.lower_two_sigma),
    ):
        flagged: set[int] = set()
        for start in range(seg.first, seg.last - 1):
            window = range(start, start + 3)
            if any(_sign(values[i] - seg.mean) != side for i in window):
                continue
            beyond_line = [i for i in window if beyond(values[i])]
            if len(beyond_line) >= 2:
                flagged.update(beyond_line)
        # overlapping windows join into one signal
        for group in _consecutive_groups(sorted(flagged)):
            yield Signal("two-of-three", direction, tuple(group))


def _consecutive_groups(indices: list[int]) -> Iterator[list[int]]:
    """Indices split where a gap exceeds one point (a two-of-three window spans three)."""
    group: list[int] = []
    for i in indices:
        if group and i - group[-1] > 2:
            yield group
            group = []
        group.append(i)
    if group:
        yield group
