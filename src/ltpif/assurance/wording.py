"""How values and dates read in findings: 80%, £12.3m, 1,234 WTE, 31 July 2019."""

from __future__ import annotations

import datetime as dt

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack

COMPARISON_WORDS = {"at_least": "at least", "at_most": "at most", "up_to": "up to"}


def amount(metric: s.Metric, value: float) -> str:
    unit = metric.unit
    if unit == "proportion":
        return f"{value:.1%}".replace(".0%", "%")
    if unit == "gbp_m":
        return f"£{value:,.1f}m"
    if unit == "flag":
        return "yes" if value else "no"
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return number if unit == "count" else f"{number} {'WTE' if unit == 'wte' else unit}"


def money(value: float) -> str:
    return f"£{value:,.1f}m"


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def due_year(pack: Pack, by: str | dt.date) -> str:
    """The plan year whose value must meet a target due `by` (a year, or a date like 1 April)."""
    calendar = pack.year_calendar
    year = calendar.year_of(calendar.end_of(by) - dt.timedelta(days=1))
    years = pack.plan_years
    return year if year in years else years[-1]


def organisation_name(pack: Pack, type_id: str) -> str:
    for org in pack.geography.organisation_type:
        if org.id == type_id:
            return org.name.lower()
    return type_id
