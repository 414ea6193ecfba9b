"""National ambitions in words, and a system's share of them, shown beside its trajectories.

A national-total ambition is shared as the roll-up shares it (`ltpif.rollup.fairshare`, by
the ambition's basis). A share by baseline activity needs every system's plan, so the template
leaves it to the national roll-up. An every-system ambition applies as it stands.
"""

from __future__ import annotations

import datetime as dt

from ltpif.framework import schema as s
from ltpif.framework.fairshare import BasisError
from ltpif.framework.pack import Pack
from ltpif.rollup.fairshare import fair_shares

COMPARISON = {"at_least": "at least", "at_most": "at most", "up_to": "up to"}
SCOPE = {"national_total": "national total", "every_system": "every system"}


def amount(value: float, unit: str) -> str:
    if unit == "proportion":
        return f"{value * 100:.15g}%"
    number = f"{value:,.15g}"
    if unit == "gbp_m":
        return f"£{number} million"
    return (
        number
        if unit in ("count", "flag")
        else f"{number} {unit.upper() if unit == 'wte' else unit}"
    )


def describe(ambition: s.Ambition, unit: str) -> str:
    by = ambition.by.isoformat() if isinstance(ambition.by, dt.date) else ambition.by
    words = f"{COMPARISON[ambition.comparison]} {amount(ambition.value, unit)} by {by}"
    return f"{words} ({SCOPE[ambition.scope]})"


def system_target(pack: Pack, system: s.System, ambition: s.Ambition) -> float | None:
    """What the ambition asks of this system, or None when the roll-up must work it out."""
    if ambition.scope == "every_system":
        return ambition.value
    try:
        return fair_shares(pack, ambition).by_system()[system.code].share
    except BasisError:  # by baseline activity: it needs every system's plan
        return None


def metric_ambitions(pack: Pack, system: s.System, metric: s.Metric) -> tuple[str, float | None]:
    """The metric's ambitions in words, and the first one's target for this system."""
    found = [a for a in pack.ambitions if a.metric == metric.id]
    text = "; ".join(describe(ambition, metric.unit) for ambition in found)
    targets = [system_target(pack, system, ambition) for ambition in found]
    return text, next((t for t in targets if t is not None), None)
