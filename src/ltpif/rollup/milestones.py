"""Milestone coverage: which systems plan each every-system milestone of the pack, and when.

A plan's milestone answers a pack milestone when their descriptions match (ignoring case and
spacing): the plan format records a milestone's date and description, not a pack id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan


@dataclass(frozen=True)
class MilestoneCoverage:
    milestone: s.Milestone
    due: dt.date
    on_time: tuple[str, ...]  # systems planning it by the due date
    late: tuple[str, ...]  # planned after it
    absent: tuple[str, ...]  # plans without it
    no_plan: tuple[str, ...]  # systems without a plan


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def milestone_coverage(pack: Pack, plans: Mapping[str, Plan]) -> list[MilestoneCoverage]:
    """Every every-system milestone of the pack, in pack order, against `plans` (by 2019 code)."""
    planned: dict[str, dict[str, dt.date]] = {}
    for code, plan in plans.items():
        dates: dict[str, dt.date] = {}
        for entry in plan.commitments:
            for mine in entry.milestones:
                key = _key(mine.description)
                dates[key] = min(mine.date, dates.get(key, mine.date))
        planned[code] = dates
    systems = sorted(x.code for x in pack.geography.system)
    out = []
    for commitment in pack.commitments:
        for milestone in commitment.milestone:
            if milestone.scope != "every_system":
                continue
            due = pack.year_calendar.end_of(milestone.by)
            key = _key(milestone.description)
            when = {code: planned[code].get(key) for code in systems if code in planned}
            out.append(
                MilestoneCoverage(
                    milestone,
                    due,
                    tuple(c for c, d in when.items() if d is not None and d <= due),
                    tuple(c for c, d in when.items() if d is not None and d > due),
                    tuple(c for c, d in when.items() if d is None),
                    tuple(c for c in systems if c not in planned),
                )
            )
    return out
