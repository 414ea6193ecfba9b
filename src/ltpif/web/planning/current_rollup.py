"""The roll-up of every plan's working copy, cached by a cheap fingerprint of the plan rows.

Parsing 42 working copies and rolling them up takes a few tenths of a second; the fingerprint
(how many plans, their latest save, the sum of their lock versions) is one aggregate query.
Every save bumps a plan's lock version and its updated_at, so a changed plan changes the
fingerprint and the next page recomputes. The cache is per process (each worker keeps only
its latest roll-up), so it never serves a roll-up older than the rows it was read from.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import Status
from ltpif.rollup.run import Rollup, run_rollup
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document


@dataclass(frozen=True)
class Included:
    """The working copies a roll-up reads, and what it leaves out."""

    plans: dict[str, PlanDocument]  # by system code
    files: dict[str, str]  # system → a name for the stamp: the copy and its lock version
    statuses: dict[Status, int]  # how many of the included plans are in each status
    excluded: list[str]  # systems whose plan is written against another pack or version


@dataclass(frozen=True)
class Current:
    rollup: Rollup
    included: Included
    fingerprint: tuple


_lock = threading.Lock()
_cache: dict[str, Current] = {}  # "latest" → the last roll-up this process made


def fingerprint(pack: Pack) -> tuple:
    seen = Plan.objects.aggregate(n=Count("id"), at=Max("updated_at"), locks=Sum("lock_version"))
    return (pack.id, pack.meta.version, seen["n"], seen["at"], seen["locks"])


def included_plans(pack: Pack) -> Included:
    """Every working copy written against `pack` (one roll-up never mixes pack versions)."""
    plans, files, statuses, excluded = {}, {}, Counter(), []
    rows = Plan.objects.only(
        "system_id", "pack", "pack_version", "status", "lock_version", "working"
    )
    for row in rows.order_by("system_id"):
        if (row.pack, row.pack_version) != (pack.id, pack.meta.version):
            excluded.append(row.system_id)
            continue
        plans[row.system_id] = document(row)
        files[row.system_id] = f"{row.system_id} working copy v{row.lock_version}"
        statuses[Status(row.status)] += 1
    return Included(plans, files, {s: statuses[s] for s in Status if statuses[s]}, excluded)


def current() -> Current:
    """The roll-up of the plans as they are now: from the cache when no plan has changed."""
    pack = load_pack()
    key = fingerprint(pack)
    with _lock:
        latest = _cache.get("latest")
        if latest is not None and latest.fingerprint == key:
            return latest
    included = included_plans(pack)
    fresh = Current(run_rollup(pack, included.plans), included, key)
    with _lock:
        _cache["latest"] = fresh
    return fresh


def forget() -> None:
    """Drop the cached roll-up (tests, and after loading plans in bulk)."""
    with _lock:
        _cache.clear()
