"""Assurance against a plan's own trajectory, period by period.

A plan gives a value per financial year; actuals arrive monthly or quarterly. A year's value
becomes a value per period by the metric's time basis:
- stock (a waiting list, a share): the plan's value is due at the year's end, so the
  trajectory runs in a straight line from the previous year's value (the baseline year's
  for the first plan year) to this year's, reaching it in the year's last period;
- flow (admissions, attendances): the year's total is spread evenly over its periods.

An operational plan (plans.operational) phases a year by month: where one is given, its months
are the trajectory of that year's monthly periods, as they are, instead of the year's value
spread by the time basis.

Each period is then assured like a target: its value meets the trajectory or not, and the
process limits of its segment pass, fail or are hit-and-miss against that period's value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ltpif.framework.periods import Calendar
from ltpif.monitoring.icons import assurance, meets
from ltpif.monitoring.periods import Period, position_in_year, previous_year, year_of
from ltpif.monitoring.spc import XmrChart
from ltpif.plans.document import Plan
from ltpif.plans.operational import OperationalPlan


def plan_trajectory(plan: Plan, metric: str) -> dict[str, float]:
    """The plan's value per year for a metric (numerator / denominator for ratio metrics)."""
    for entry in plan.commitments:
        for trajectory in entry.trajectories:
            if trajectory.metric != metric:
                continue
            if trajectory.values:
                return dict(trajectory.values)
            return {
                year: numerator / trajectory.denominator[year]
                for year, numerator in trajectory.numerator.items()
                if trajectory.denominator.get(year)
            }
    return {}


def operational_months(operational: OperationalPlan, metric: str) -> dict[str, float]:
    """An operational plan's months of a metric ({} when it does not phase the metric)."""
    for phased in operational.metrics:
        if phased.metric == metric:
            return dict(phased.months)
    return {}


def expand(
    by_year: Mapping[str, float],
    periods: Sequence[Period],
    time_basis: str,
    calendar: Calendar,
    by_month: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The trajectory's value for each period that falls in a year the plan covers: a month's
    from `by_month` (an operational plan's) where it has one."""
    expected = {}
    for period in periods:
        if by_month and period.cadence == "month" and period.name in by_month:
            expected[period.name] = by_month[period.name]
            continue
        year = year_of(period, calendar)
        if year not in by_year:
            continue
        done, per_year = position_in_year(period, calendar)
        if time_basis == "flow":
            expected[period.name] = by_year[year] / per_year
        else:
            start = by_year.get(previous_year(year), by_year[year])
            expected[period.name] = start + (by_year[year] - start) * done / per_year
    return expected


@dataclass(frozen=True)
class PeriodAssurance:
    period: str
    value: float
    trajectory: float
    meets: bool | None
    assurance: str | None


def assure_periods(
    chart: XmrChart, trajectory: Mapping[str, float], polarity: str
) -> list[PeriodAssurance]:
    out = []
    for index, period in enumerate(chart.periods):
        if period not in trajectory:
            continue
        planned = trajectory[period]
        segment = chart.segment_of(index)
        value = chart.values[index]
        out.append(
            PeriodAssurance(
                period,
                value,
                planned,
                meets(value, planned, polarity),
                assurance(segment, planned, polarity),
            )
        )
    return out


def summary(assured: Sequence[PeriodAssurance]) -> dict[str, object]:
    """How many periods met the trajectory, and the latest period's assurance."""
    judged = [a for a in assured if a.meets is not None]
    return {
        "periods": len(assured),
        "met": sum(1 for a in judged if a.meets),
        "missed": sum(1 for a in judged if not a.meets),
        "latest_period": assured[-1].period if assured else None,
        "latest_assurance": assured[-1].assurance if assured else None,
    }
