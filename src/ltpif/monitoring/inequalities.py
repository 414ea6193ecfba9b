"""Inequalities: a metric by deprivation quintile, and the gap between the ends over time.

Quintile 1 is the most deprived fifth of the population, 5 the least (IMD quintiles). The gap
is oriented so that a positive gap means the most deprived fare worse: least − most deprived
for a higher-is-better metric, most − least for a lower-is-better one (and most − least for a
neutral metric, where it has no good direction). Its XmR chart (lower is better, or neutral)
shows whether the gap is narrowing beyond common-cause variation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ltpif.framework.periods import Calendar
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.charts import in_order, metric_dict, spc_chart
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.spc import MINIMUM_POINTS, SpcSettings

MOST, LEAST = 1, 5


def gap_of(most: float, least: float, polarity: str) -> float:
    return least - most if polarity == "higher_is_better" else most - least


def breakdown(
    actuals: Sequence[Actual],
    metric: MonitoredMetric,
    calendar: Calendar,
    *,
    place: str = "",
    settings: SpcSettings | None = None,
) -> dict:
    """Values by period and quintile, and the gap series with its XmR chart."""
    ordered = in_order([a for a in actuals if a.quintile > 0], calendar)
    by_period: dict[str, dict[int, Actual]] = {}
    for period, actual in ordered:
        by_period.setdefault(period.name, {})[actual.quintile] = actual
    gaps: list[dict[str, Any]] = []
    for name, quintiles in by_period.items():
        if MOST in quintiles and LEAST in quintiles:
            most, least = quintiles[MOST].value, quintiles[LEAST].value
            gaps.append(
                {
                    "period": name,
                    "most_deprived": most,
                    "least_deprived": least,
                    "gap": gap_of(most, least, metric.polarity),
                    "ratio": most / least if least else None,
                }
            )
    gap_polarity = "neutral" if metric.polarity == "neutral" else "lower_is_better"
    gap_metric = MonitoredMetric(
        f"{metric.id}-deprivation-gap",
        f"{metric.name}: deprivation gap",
        metric.unit,
        gap_polarity,
        "sum",
        "stock",
        "monitoring",
    )
    gap_series = [Actual("system", place, gap_metric.id, g["period"], g["gap"]) for g in gaps]
    return {
        "chart": "inequalities",
        "metric": metric_dict(metric),
        "place": place,
        "points": [
            {
                "period": a.period,
                "quintile": a.quintile,
                "value": a.value,
                "numerator": a.numerator,
                "denominator": a.denominator,
            }
            for _, a in ordered
        ],
        "gap": gaps,
        "gap_chart": (
            spc_chart(gap_series, gap_metric, calendar, place=place, settings=settings)
            if len(gap_series) >= MINIMUM_POINTS
            else None
        ),
    }
