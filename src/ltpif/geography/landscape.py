"""A proposed change to the provider and commissioner landscape, assessed on the pack's
checklist (issue 16 item 4): which timetable it is on and the day its decision is due. The
criteria and the timetables are pack data (`maturity.toml`, each an "ltpif method" note)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ltpif.framework import schema as s
from ltpif.framework.pack import Pack

STANDARD, FAST_TRACK = "standard", "fast-track"


@dataclass(frozen=True)
class Assessment:
    met: tuple[str, ...]  # the criteria met, in the pack's order
    not_met: tuple[str, ...]
    fast_track: bool  # every fast-track criterion met
    timetable: s.LandscapeTimetable
    decision_due: dt.date


def timetable(pack: Pack, which: str) -> s.LandscapeTimetable:
    return next(t for t in pack.maturity.landscape_timetable if t.id == which)


def due(pack: Pack, submitted: dt.date, which: str) -> dt.date:
    """The day the region's decision is due on a timetable, counted from the proposal."""
    return submitted + dt.timedelta(days=timetable(pack, which).decide_within_days)


def assess(pack: Pack, submitted: dt.date, answers: dict[str, bool]) -> Assessment:
    """The checklist's result: `answers` holds every criterion of the pack (met or not)."""
    criteria = pack.maturity.landscape_criterion
    missing = [c.id for c in criteria if c.id not in answers]
    if missing:
        raise ValueError(f"no answer for {', '.join(missing)}")
    fast = all(answers[c.id] for c in criteria if c.fast_track)
    which = FAST_TRACK if fast else STANDARD
    return Assessment(
        met=tuple(c.id for c in criteria if answers[c.id]),
        not_met=tuple(c.id for c in criteria if not answers[c.id]),
        fast_track=fast,
        timetable=timetable(pack, which),
        decision_due=due(pack, submitted, which),
    )
