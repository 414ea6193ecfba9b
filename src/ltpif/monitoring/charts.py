"""Chart data as plain dicts, for the web pages, the CLI's JSON and CSV downloads.

Every function takes actuals (from the store, or the web app's own tables) and returns a
JSON-ready dict whose "points" list holds one flat dict per plotted point, so that
`chart_csv` can turn any chart into CSV text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ltpif.framework.numbers import csv_number
from ltpif.framework.periods import Calendar
from ltpif.monitoring import funnel as funnels
from ltpif.monitoring import trajectory as trajectories
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.icons import (
    ASSURANCE_LABELS,
    JUDGEMENTS,
    VARIATION_LABELS,
    assurance_icon,
    point_variation,
    variation_icon,
)
from ltpif.monitoring.periods import Period, parse_period
from ltpif.monitoring.spc import Segment, SpcSettings, XmrChart, xmr

ADVISED_POINTS = 15  # Making Data Count: limits from fewer points are provisional


def in_order(series: Sequence[Actual], calendar: Calendar) -> list[tuple[Period, Actual]]:
    """Actuals in period order; ValueError if they mix cadences (months with quarters)."""
    ordered = sorted(((parse_period(a.period, calendar), a) for a in series), key=lambda p: p[0])
    cadences = {period.cadence for period, _ in ordered}
    if len(cadences) > 1:
        raise ValueError(f"the series mixes {' and '.join(sorted(cadences))}s: chart one cadence")
    return ordered


def metric_dict(metric: MonitoredMetric) -> dict[str, str]:
    return {"id": metric.id, "name": metric.name, "unit": metric.unit, "polarity": metric.polarity}


def spc_chart(
    series: Sequence[Actual],
    metric: MonitoredMetric,
    calendar: Calendar,
    *,
    place: str = "",
    target: float | None = None,
    plan_by_year: Mapping[str, float] | None = None,
    change_points: Sequence[str] = (),
    settings: SpcSettings | None = None,
    plan_by_month: Mapping[str, float] | None = None,
) -> dict:
    """An XmR chart of one place's metric, with icons, a target and the plan's trajectory
    (its operational plan's months, `plan_by_month`, where given)."""
    ordered = in_order(series, calendar)
    chart = xmr(
        [p.name for p, _ in ordered],
        [a.value for _, a in ordered],
        change_points=change_points,
        settings=settings,
    )
    planned = (
        trajectories.expand(
            plan_by_year or {},
            [p for p, _ in ordered],
            metric.time_basis,
            calendar,
            plan_by_month,
        )
        if plan_by_year or plan_by_month
        else {}
    )
    assured = {a.period: a for a in trajectories.assure_periods(chart, planned, metric.polarity)}
    points = [
        _point(chart, index, actual, metric.polarity, target, assured.get(actual.period))
        for index, (_, actual) in enumerate(ordered)
    ]
    variation = variation_icon(chart, metric.polarity)
    assurance = assurance_icon(chart, target, metric.polarity)
    notes = []
    if len(points) < ADVISED_POINTS:
        notes.append(
            f"{len(points)} points: limits from fewer than {ADVISED_POINTS} are provisional"
        )
    return {
        "chart": "xmr",
        "metric": metric_dict(metric),
        "place": place,
        "settings": vars(chart.settings),
        "change_points": list(change_points),
        "points": points,
        "segments": [_segment(chart, s) for s in chart.segments],
        "signals": [
            {
                "rule": s.rule,
                "direction": s.direction,
                "periods": [chart.periods[i] for i in s.points],
            }
            for s in chart.signals
        ],
        "variation": variation,
        "variation_label": VARIATION_LABELS.get(variation or ""),
        "target": target,
        "assurance": assurance,
        "assurance_label": ASSURANCE_LABELS.get(assurance or ""),
        "trajectory": trajectories.summary(list(assured.values())) if planned else None,
        "notes": notes,
    }


def _point(
    chart: XmrChart,
    index: int,
    actual: Actual,
    polarity: str,
    target: float | None,
    assured: trajectories.PeriodAssurance | None,
) -> dict:
    segment = chart.segment_of(index)
    return {
        "period": actual.period,
        "value": actual.value,
        "numerator": actual.numerator,
        "denominator": actual.denominator,
        "mean": segment.mean,
        "lower_limit": segment.lower,
        "upper_limit": segment.upper,
        "lower_two_sigma": segment.lower_two_sigma,
        "upper_two_sigma": segment.upper_two_sigma,
        "moving_range": chart.moving_range(index),
        "rules": sorted({s.rule for s in chart.signals_at(index)}),
        "variation": point_variation(chart, index, polarity),
        "target": target,
        "trajectory": assured.trajectory if assured else None,
        "meets_trajectory": assured.meets if assured else None,
        "trajectory_assurance": assured.assurance if assured else None,
    }


def _segment(chart: XmrChart, segment: Segment) -> dict:
    return {
        "first_period": chart.periods[segment.first],
        "last_period": chart.periods[segment.last],
        "mean": segment.mean,
        "mean_moving_range": segment.mean_moving_range,
        "lower_limit": segment.lower,
        "upper_limit": segment.upper,
        "baseline_points": segment.baseline_points,
        "screened_ranges": segment.screened_ranges,
    }


def funnel_chart(
    actuals: Sequence[Actual],
    metric: MonitoredMetric,
    period: str,
    *,
    names: Mapping[str, str] | None = None,
    method: str | None = None,
    overdispersion: bool | str = False,
) -> dict:
    """A funnel plot of one period's proportion across systems (ratio metrics only);
    `overdispersion` as `funnel.funnel` takes it ("auto" for the charts' default)."""
    if not metric.is_ratio:
        raise ValueError(f"{metric.id} is not a proportion with a numerator and denominator")
    units = [
        funnels.Unit(a.org_code, a.numerator, a.denominator)
        for a in sorted(actuals, key=lambda a: a.org_code)
        if a.period == period and a.numerator is not None and a.denominator
    ]
    result = funnels.funnel(units, method=method, overdispersion=overdispersion)
    names = names or {}
    points: list[dict[str, Any]] = [
        {
            "org_code": unit.code,
            "name": names.get(unit.code, ""),
            "numerator": unit.numerator,
            "denominator": unit.denominator,
            "proportion": unit.proportion,
            **_limit_columns(limits),
            "flag": flag,
            "direction": funnels.direction(flag, metric.polarity),
        }
        for unit, limits, flag in zip(result.units, result.limits, result.flags, strict=True)
    ]
    return {
        "chart": "funnel",
        "metric": metric_dict(metric),
        "period": period,
        "centre": result.centre,
        "method": result.method,
        "overdispersion_phi": result.phi,
        "overdispersion": result.adjustment,
        "tau2": result.tau2,
        "unadjusted_outside_95": [
            u.code
            for u, f in zip(result.units, result.unadjusted_flags, strict=True)
            if f != "within"
        ],
        "points": points,
        "curve": [_limit_columns(limits) for limits in funnels.curve(result)],
        "outside_95": [p["org_code"] for p in points if p["flag"] != "within"],
        "outside_99_8": [p["org_code"] for p in points if p["flag"].endswith("99.8")],
        "flagged": {
            direction: [p["org_code"] for p in points if p["direction"] == direction]
            for direction in JUDGEMENTS
        },
    }


SOURCES = ("published", "synthetic")
SYNTHETIC_NOTE = "SYNTHETIC data, made up for the demo: not NHS statistics"


def label_sources(chart: dict, synthetic: Collection[str], key: str = "period") -> dict:
    """Mark each point's `source`, "synthetic" when its `key` (a period, or a system's code
    in a funnel plot) is in `synthetic`, else "published"; the chart's `synthetic` says
    "all", "some" or "none" of its points, with a note when any. The chart, changed."""
    for point in chart["points"]:
        point["source"] = SOURCES[point[key] in synthetic]
    made_up = sum(point["source"] == "synthetic" for point in chart["points"])
    whole = len(chart["points"])
    chart["synthetic"] = "none" if not made_up else "all" if made_up == whole else "some"
    if made_up:
        share = "" if made_up == whole else f" ({made_up} of {whole} points)"
        chart["synthetic_note"] = SYNTHETIC_NOTE + share
    return chart


def _limit_columns(limits: funnels.Limits) -> dict[str, float]:
    out = {"at_denominator": limits.denominator}
    for name, _ in funnels.LEVELS:
        label = name.replace(".", "_")
        out[f"lower_{label}"] = limits.lower[name]
        out[f"upper_{label}"] = limits.upper[name]
    return out


def _chart_cell(value: object) -> object:
    if isinstance(value, list):
        return ";".join(str(_chart_cell(v)) for v in value)
    return csv_number(value) if isinstance(value, float) else value


def chart_csv(chart: Mapping) -> str:
    """Any chart's points as CSV text (lists joined by ';', missing values blank)."""
    points = chart["points"]
    columns = list(dict.fromkeys(key for point in points for key in point))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for point in points:
        writer.writerow({key: _chart_cell(value) for key, value in point.items()})
    return out.getvalue()
