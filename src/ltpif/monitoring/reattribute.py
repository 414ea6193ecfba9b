"""Actuals loaded before a footprint change, moved by it when it is approved.

A stored system actual made from organisations' rows keeps each organisation's part
(`actuals.Part`). When a move of an organisation is approved, its parts of the sending system's
actuals for the periods that start on or after the move's date (`geography.versions.
systems_on`, the rule the loaders apply: `mapping.OrgMap.system_on`) go to the receiving
system: both systems' actuals are made again from the parts they then hold, by the rule that
made them (`actuals.combined`: sums, and ratios as Σ numerator / Σ denominator). A system
actual loaded from a file that names the system itself has no parts: nothing in it can be told
apart, so it is never moved (the decision says how many there are).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from ltpif.geography.versions import Move, systems_on
from ltpif.monitoring.actuals import Part, combined
from ltpif.monitoring.definitions import MonitoredMetric

Amounts = tuple[float, float | None, float | None]  # value, numerator, denominator


def moves_to(move: Move, start: dt.date) -> bool:
    """Whether the rows `move.organisation` placed in `move.from_system` in a period starting
    on `start` belong to `move.to_system` now that the move is approved."""
    return systems_on({move.from_system}, [move], move.organisation, start) == {move.to_system}


def combine_parts(metric: MonitoredMetric, parts: Sequence[Part]) -> Amounts | str:
    """A system actual made again from the organisations' parts it holds, or why it cannot be
    (a ratio one of whose parts has no numerator and denominator)."""
    whole = all(p.numerator is not None and p.denominator is not None for p in parts)
    num = math.fsum(p.numerator or 0.0 for p in parts) if whole else None
    den = math.fsum(p.denominator or 0.0 for p in parts) if whole else None
    value = combined(metric, len(parts), False, whole, math.fsum(p.value for p in parts), num, den)
    if isinstance(value, str):
        return value
    return value, num, den
