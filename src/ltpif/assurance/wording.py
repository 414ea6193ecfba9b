"""How values and dates read, in findings and everywhere else: 80%, £12.3m, 1,234 WTE,
31 July 2019, "—" for a missing value. The domain words its findings with these; front ends
reach them through the presenter (`ltpif.app.present`), so there is one spelling of each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack

COMPARISON_WORDS = {"at_least": "at least", "at_most": "at most", "up_to": "up to"}
MISSING = "—"


def amount(metric: s.Metric, value: float | None) -> str:
    """A value in its metric's unit."""
    return quantity(value, metric.unit)


def quantity(value: float | None, unit: str) -> str:
    """A value in a unit named by the pack (proportion, gbp_m, flag, count, wte, ...)."""
    if value is None:
        return MISSING
    if unit == "proportion":
        return f"{value:.1%}".replace(".0%", "%")
    if unit == "gbp_m":
        return f"£{value:,.1f}m"
    if unit == "flag":
        return "yes" if value else "no"
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return number if unit == "count" else f"{number} {'WTE' if unit == 'wte' else unit}"


def target(ambition: s.Ambition, metric: s.Metric) -> str:
    """An ambition's comparison and value: "at least 75%", "at most £12.5m"."""
    return f"{COMPARISON_WORDS[ambition.comparison]} {amount(metric, ambition.value)}"


def money(value: float | None) -> str:
    return quantity(value, "gbp_m")


def money_to_thousand(value: float) -> str:
    """An amount in £ million to the nearest £1,000, without trailing zeros: £400m, £0.125m."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return f"£{text}m"


def exact(value: float | Decimal, unit: str) -> str:
    """A value with every decimal it has, in its unit: £14.75m, 1,200, 3.25 WTE (where a
    rounded amount would hide a difference, as between months and their year)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else value
    text = f"{exact.normalize():,f}"
    if unit == "gbp_m":
        return f"£{text}m"
    if unit in ("count", "flag"):
        return text
    return f"{text} {'WTE' if unit == 'wte' else unit}"


def percent(value: float | None, places: int = 1, *, signed: bool = False) -> str:
    """0.0123 → "1.2%" (places after the point; a sign when `signed`)."""
    if value is None:
        return MISSING
    return f"{value:{'+' if signed else ''}.{places}%}"


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def organisation_name(pack: Pack, type_id: str) -> str:
    for org in pack.geography.organisation_type:
        if org.id == type_id:
            return org.name.lower()
    return type_id
