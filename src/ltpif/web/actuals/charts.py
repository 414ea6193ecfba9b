"""The monitoring pages' charts: stored actuals and plans in, the domain's chart dicts out.

The same functions of `ltpif.monitoring` draw the CLI's charts, so a page and `ltpif spc`
agree on every number; only where the actuals come from (this database) is web-specific.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db.models import Count, Max

from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.monitoring import charts, summary
from ltpif.monitoring.definitions import Catalogue, MonitoredMetric, catalogue_for, target_for
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.trajectory import plan_trajectory
from ltpif.web.actuals import queries
from ltpif.web.actuals.models import ActualsLoad
from ltpif.web.planning import current_rollup
from ltpif.web.planning.models import Plan, System
from ltpif.web.planning.queries import document

NATIONAL = "national"  # the place of England in URLs
_lock = threading.Lock()
_latest: dict = {}  # this process's latest summary matrix and the fingerprint it was made from


def context() -> tuple[Pack, Catalogue]:
    pack = load_pack()
    return pack, catalogue_for(pack)


def plan_by_year(system_code: str, metric: str) -> dict[str, float]:
    """The plan working copy's value per year for a metric ({} when it has none)."""
    plan = Plan.objects.filter(system_id=system_code).first()
    return plan_trajectory(document(plan), metric) if plan else {}


def _fingerprint(codes: frozenset[str]) -> tuple:
    loads = ActualsLoad.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("loaded_at"))
    return (codes, tuple(loads.values()), current_rollup.fingerprint(load_pack()))


def summary_chart(systems: Iterable[System]) -> dict:
    """The board's matrix for these systems: variation, assurance against the metric's
    target and against each system's own plan trajectory. Kept until actuals are loaded or a
    plan changes, as 210 charts take a few tenths of a second to compute."""
    systems = list(systems)
    key = _fingerprint(frozenset(s.code for s in systems))
    with _lock:
        if _latest.get("key") == key:
            return _latest["matrix"]
    matrix = _summary(systems)
    with _lock:
        _latest.update(key=key, matrix=matrix)
    return matrix


def _summary(systems: list[System]) -> dict:
    pack, catalogue = context()
    codes = {s.code for s in systems}
    found = [a for a in queries.everything() if a.org_code in codes]
    metrics = catalogue.metrics
    shown = {a.metric for a in found} & set(metrics)
    docs = current_rollup.current().included.plans  # parsed once per change of any plan
    plans = {}
    for code in codes & set(docs):
        for metric in shown:
            by_year = plan_trajectory(docs[code], metric)
            if by_year:
                plans[(code, metric)] = by_year
    return summary.summary_matrix(
        found,
        metrics,
        pack.year_calendar,
        systems=[(s.code, s.name) for s in systems],
        targets={m: target_for(pack, metrics[m], "system") for m in metrics},
        plans=plans,
    )


def spc(metric: MonitoredMetric, place: str, label: str) -> dict | None:
    """The XmR chart of a system's (or, for `NATIONAL`, England's) metric; None if no data."""
    pack, catalogue = context()
    level = "national" if place == NATIONAL else "system"
    code = catalogue.national_code if place == NATIONAL else place
    series = queries.series(metric.id, code)
    if not series:
        return None
    return charts.spc_chart(
        series,
        metric,
        pack.year_calendar,
        place=label,
        target=target_for(pack, metric, level),
        plan_by_year=plan_by_year(code, metric.id) if level == "system" else None,
    )


def periods(metric: str) -> list[str]:
    """The periods with system-level actuals of a metric, latest first."""
    calendar = load_pack().year_calendar
    return sorted(
        queries.periods_of(metric), key=lambda p: parse_period(p, calendar).start, reverse=True
    )


def funnel(metric: MonitoredMetric, period: str, *, overdispersion: bool = False) -> dict:
    pack, _ = context()
    names = {s.code: s.name for s in pack.geography.system}
    return charts.funnel_chart(
        queries.at_period(metric.id, period),
        metric,
        period,
        names=names,
        overdispersion=overdispersion,
    )


def metrics_of(code: str) -> list[MonitoredMetric]:
    """The metrics with actuals for a place, in catalogue order."""
    _, catalogue = context()
    have = set(queries.metrics_of(code))
    return [m for m in catalogue.metrics.values() if m.id in have]
