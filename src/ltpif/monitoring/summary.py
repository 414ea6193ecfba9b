"""The board's one page: a system × metric matrix of variation and assurance icons."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence

from ltpif.framework.periods import Calendar
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.charts import spc_chart
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.spc import MINIMUM_POINTS, SpcSettings

# each (system, metric)'s cell, with the plan trajectory it was assured against
Kept = MutableMapping[tuple[str, str], tuple[Mapping[str, float] | None, dict | None]]
# each (system, metric)'s actuals in the order read: what a cell is charted from
SystemSeries = Mapping[tuple[str, str], Sequence[Actual]]


def system_series(actuals: Sequence[Actual]) -> dict[tuple[str, str], list[Actual]]:
    """The actuals by (system, metric): systems' own rows, not their deprivation quintiles.
    A server groups them once per load of actuals (tens of thousands of rows), not per page."""
    series: dict[tuple[str, str], list[Actual]] = {}
    for actual in actuals:
        if actual.level == "system" and actual.quintile == 0:
            series.setdefault((actual.org_code, actual.metric), []).append(actual)
    return series


def summary_matrix(
    actuals: Sequence[Actual],
    metrics: Mapping[str, MonitoredMetric],
    calendar: Calendar,
    *,
    systems: Sequence[tuple[str, str]],
    targets: Mapping[str, float | None] | None = None,
    plans: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    settings: SpcSettings | None = None,
    kept: Kept | None = None,
    grouped: SystemSeries | None = None,
) -> dict:
    """For each system (code, name) and each metric with actuals, the latest icons.

    `targets` by metric id; `plans` by (system, metric): the plan's value per year, for
    assurance against the trajectory. A cell is None where a system has too few points.
    `kept`: the cells of earlier calls on the same actuals, targets and settings, filled in
    here; a cell whose plan is unchanged is not charted again (charts are most of the cost).
    `grouped`: `system_series` of the actuals, made once by a caller that keeps it (then
    `actuals` is not read); only the listed systems' series are shown.
    """
    codes = {code for code, _ in systems}
    everyone = system_series(actuals) if grouped is None else grouped
    series = {key: rows for key, rows in everyone.items() if key[0] in codes}
    shown = sorted({metric for _, metric in series if metric in metrics})
    targets, plans = targets or {}, plans or {}
    rows, points = [], []
    for code, name in systems:
        cells = {}
        for metric_id in shown:
            plan = plans.get((code, metric_id))
            earlier = kept.get((code, metric_id)) if kept is not None else None
            if earlier is not None and earlier[0] == plan:
                cell = earlier[1]
            else:
                cell = _cell(
                    series.get((code, metric_id), []),
                    metrics[metric_id],
                    calendar,
                    targets.get(metric_id),
                    plan,
                    settings,
                )
                if kept is not None:
                    kept[(code, metric_id)] = (plan, cell)
            cells[metric_id] = cell
            if cell:
                points.append({"system": code, "name": name, "metric": metric_id, **cell})
        rows.append({"system": code, "name": name, "cells": cells})
    return {
        "chart": "summary",
        "metrics": [
            {"id": m, "name": metrics[m].name, "polarity": metrics[m].polarity} for m in shown
        ],
        "rows": rows,
        "points": points,
    }


def _cell(
    series: Sequence[Actual],
    metric: MonitoredMetric,
    calendar: Calendar,
    target: float | None,
    plan: Mapping[str, float] | None,
    settings: SpcSettings | None,
) -> dict | None:
    if len(series) < MINIMUM_POINTS:
        return None
    chart = spc_chart(series, metric, calendar, target=target, plan_by_year=plan, settings=settings)
    latest = chart["points"][-1]
    trajectory = chart["trajectory"] or {}
    return {
        "latest_period": latest["period"],
        "latest_value": latest["value"],
        "points": len(chart["points"]),
        "variation": chart["variation"],
        "assurance": chart["assurance"],
        "trajectory_assurance": trajectory.get("latest_assurance"),
    }
