"""Making Data Count's icons: variation (what the process is doing) and assurance (will it meet
its target?), read through the metric's polarity.

- A point's variation: common cause when no rule flags it; otherwise special cause in the
  direction of its signals: improvement or concern by the polarity, neither for a neutral
  metric. When a point's signals disagree, the rule first in `PRECEDENCE` decides (beyond a
  limit, then trend, then two-of-three, then run: a sustained fall above the mean is a fall);
  between two trends meeting at a peak or trough, the one that carries on after the point.
  The chart's variation icon is its latest point's.
- Assurance against a target, from the latest segment's process limits: "pass" when every
  value inside the limits meets the target (for higher-is-better, the target lies below the
  lower limit), "fail" when none does (it lies above the upper limit), "hit-and-miss" when
  the target is on a limit or between them. A neutral metric, or no target, gets no icon.
"""

from __future__ import annotations

from ltpif.monitoring.spc import Segment, XmrChart

VARIATION_LABELS = {
    "common-cause": "Common cause variation",
    "improvement-high": "Special cause variation: improvement (higher values)",
    "improvement-low": "Special cause variation: improvement (lower values)",
    "concern-high": "Special cause variation: concern (higher values)",
    "concern-low": "Special cause variation: concern (lower values)",
    "neither-high": "Special cause variation: neither improvement nor concern (higher values)",
    "neither-low": "Special cause variation: neither improvement nor concern (lower values)",
}
ASSURANCE_LABELS = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit-and-miss": "Hit and miss: the target lies within the process limits",
}
POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
JUDGEMENTS = ("improvement", "concern", "neither")
PRECEDENCE = ("beyond-limit", "trend", "two-of-three", "run")


def point_direction(chart: XmrChart, index: int) -> str | None:
    """ "high" or "low" for a special-cause point, None for common cause."""
    signals = chart.signals_at(index)
    if not signals:
        return None
    decisive = min(signals, key=lambda s: (PRECEDENCE.index(s.rule), -s.points[0]))
    return decisive.direction


def judgement(direction: str, polarity: str) -> str:
    """A "high" or "low" departure read through the polarity: improvement, concern or neither
    (the SPC icons and the funnel plot's flagged systems alike)."""
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}")
    if polarity == "neutral":
        return "neither"
    good = "high" if polarity == "higher_is_better" else "low"
    return "improvement" if direction == good else "concern"


def variation_of(direction: str | None, polarity: str) -> str:
    if direction is None:
        if polarity not in POLARITIES:
            raise ValueError(f"unknown polarity {polarity!r}")
        return "common-cause"
    return f"{judgement(direction, polarity)}-{direction}"


def point_variation(chart: XmrChart, index: int, polarity: str) -> str:
    return variation_of(point_direction(chart, index), polarity)


def variation_icon(chart: XmrChart, polarity: str) -> str | None:
    """The chart's variation icon: its latest point's variation (None for an empty chart)."""
    if not chart.values:
        return None
    return point_variation(chart, len(chart.values) - 1, polarity)


def assurance(segment: Segment, target: float | None, polarity: str) -> str | None:
    """pass, fail or hit-and-miss against a target; None if there is nothing to assure."""
    if target is None or polarity == "neutral":
        return None
    if polarity == "higher_is_better":
        if target < segment.lower:
            return "pass"
        return "fail" if target > segment.upper else "hit-and-miss"
    if polarity == "lower_is_better":
        if target > segment.upper:
            return "pass"
        return "fail" if target < segment.lower else "hit-and-miss"
    raise ValueError(f"unknown polarity {polarity!r}")


def meets(value: float, target: float, polarity: str) -> bool | None:
    """Whether one value meets a target; None for a neutral metric."""
    if polarity == "higher_is_better":
        return value >= target
    if polarity == "lower_is_better":
        return value <= target
    return None


def assurance_icon(chart: XmrChart, target: float | None, polarity: str) -> str | None:
    """Assurance of the chart's latest segment against a fixed target."""
    if not chart.segments:
        return None
    return assurance(chart.segments[-1], target, polarity)
