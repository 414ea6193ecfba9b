"""Roll-up and gaps: the plans of a source added up against the national ambitions.

Parsing 42 plans and rolling them up takes a few tenths of a second, so this process keeps
its latest roll-up and hands it out again until the source's fingerprint changes: a page never
sees a roll-up older than the plans it was read from. When it changes (a plan was saved), the
next roll-up is made from the latest, computing again only what the changed plans touch.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from ltpif.app.sources import PlanSet, PlanSource
from ltpif.rollup.run import Rollup, run_rollup


@dataclass(frozen=True)
class Current:
    rollup: Rollup
    included: PlanSet
    fingerprint: Hashable


_lock = threading.Lock()
_latest: dict[str, Current] = {}


def rolled_up(source: PlanSource, backend: Any | None = None) -> Current:
    """The source's plans rolled up afresh on an Ibis backend (the reference engine when None)."""
    included = source.read()
    return Current(run_rollup(included.pack, included.plans, backend), included, None)


def current(source: PlanSource) -> Current:
    """The reference roll-up of the source as it is now, reused while nothing has changed."""
    key = (type(source).__name__, source.fingerprint())
    with _lock:
        latest = _latest.get("latest")
        if latest is not None and latest.fingerprint == key:
            return latest
    included = source.read()
    previous = latest.rollup if latest is not None else None
    fresh = Current(run_rollup(included.pack, included.plans, previous=previous), included, key)
    with _lock:
        _latest["latest"] = fresh
    return fresh
