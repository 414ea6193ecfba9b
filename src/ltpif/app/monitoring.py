"""Delivery monitoring: SPC charts, funnel plots, the board's summary and inequalities, from an
`ActualsSource` (and a `PlanSource` for the plans' trajectories).

The CLI (`ltpif spc`, `funnel`, `actuals summary`, `actuals inequalities`) and the web's
monitoring pages both ask here, so a page and a command agree on every number, and both
assure a system's latest point against its plan trajectory as well as the fixed target.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ltpif.app.sources import ActualsSource, PlanSource
from ltpif.framework.kept import Latest
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.geography.lookups import system_codes
from ltpif.monitoring import charts, inequalities, summary
from ltpif.monitoring.actuals import EVERYONE, Actual
from ltpif.monitoring.definitions import Catalogue, MonitoredMetric, catalogue_for, target_for
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.spc import SpcSettings
from ltpif.monitoring.summary import Kept, SystemSeries
from ltpif.monitoring.trajectory import plan_trajectory
from ltpif.plans.document import Plan

NATIONAL = "national"  # England, where a system code would go

_lock = threading.Lock()
_kept: dict[str, Any] = {}  # this process's system actuals and summary cells, and their source


# system → (its plan document, the plan's value per year of each metric it has a trajectory
# of): documents are immutable and each version is read into an object of its own, so the
# summary looks the trajectories up once per version, not for every metric on every visit
_planned: dict[str, tuple[Plan, dict[str, dict[str, float]]]] = {}


# per systems shown, the matrix last made, while the actuals and each cell's plan trajectory
# are those it was made from: a save that changes no trajectory shown (most) makes no matrix
_matrices: Latest[dict] = Latest(256)


def _trajectories(code: str, plan: Plan) -> dict[str, dict[str, float]]:
    kept = _planned.get(code)
    if kept is not None and kept[0] is plan:
        return kept[1]
    metrics = {t.metric for entry in plan.commitments for t in entry.trajectories}
    found = {m: by_year for m in metrics if (by_year := plan_trajectory(plan, m))}
    _planned[code] = (plan, found)
    return found


@dataclass(frozen=True)
class Place:
    level: str  # "system" or "national"
    code: str  # as the actuals store it
    label: str  # "Name (code)"


@dataclass(frozen=True)
class Monitoring:
    pack: Pack
    catalogue: Catalogue
    actuals: ActualsSource
    plans: PlanSource | None = None  # the plans whose trajectories the charts assure against

    @classmethod
    def of(cls, pack: Pack, actuals: ActualsSource, plans: PlanSource | None = None) -> Monitoring:
        return cls(pack, catalogue_for(pack), actuals, plans)

    def metric(self, metric_id: str) -> MonitoredMetric:
        if metric_id not in self.catalogue.metrics:
            known = ", ".join(sorted(self.catalogue.metrics))
            message = f"unknown metric {quoted(metric_id)} (known: {known})"
            raise InputError([Problem("metric", None, "", message)])
        return self.catalogue.metrics[metric_id]

    def place(self, code: str) -> Place:
        """A system by any of its codes, or England for `NATIONAL`."""
        if code == NATIONAL:
            national = self.catalogue.national_code
            return Place("national", national, f"{self.catalogue.national_name} ({national})")
        found = system_codes(self.pack).get(code.strip().upper())
        if found is None:
            raise InputError([Problem("system", None, "", f"unknown system code {quoted(code)}")])
        return Place("system", found, f"{self.pack.system_by_code[found].name} ({found})")

    def plan_by_year(self, code: str, metric: str) -> dict[str, float]:
        """The plan's value per year for a metric ({} with no plan or no trajectory). Only the
        pack's metrics have trajectories (`plans.validate`): no plan is read for another."""
        if self.plans is None or metric not in self.pack.metric_by_id:
            return {}
        plan = self.plans.plan_of(code)
        return plan_trajectory(plan, metric) if plan else {}

    def window(self, series: list[Actual], first: str | None, last: str | None) -> list[Actual]:
        """The points from period `first` to `last` (either open)."""
        calendar = self.pack.year_calendar
        try:
            low = parse_period(first, calendar).start if first else None
            high = parse_period(last, calendar).start if last else None
        except ValueError as exc:
            raise InputError([Problem("from/to", None, "", str(exc))]) from None
        starts = {a.period: parse_period(a.period, calendar).start for a in series}
        return [
            a
            for a in series
            if (low is None or starts[a.period] >= low)
            and (high is None or starts[a.period] <= high)
        ]

    def spc(
        self,
        metric: MonitoredMetric,
        place: Place,
        *,
        first: str | None = None,
        last: str | None = None,
        target: float | None = None,
        plan_by_year: dict[str, float] | None = None,
        change_points: Sequence[str] = (),
        settings: SpcSettings | None = None,
        plan_by_month: dict[str, float] | None = None,
    ) -> dict | None:
        """The XmR chart of a place's metric (None with no actuals), assured against `target`
        (default: the metric's) and the place's plan trajectory (default: its plan's), month
        by month from its operational plan's `plan_by_month` where given."""
        series = self.window(self.actuals.series(metric.id, place.code), first, last)
        if not series:
            return None
        if plan_by_year is None and place.level == "system":
            plan_by_year = self.plan_by_year(place.code, metric.id) or None
        try:
            chart = charts.spc_chart(
                series,
                metric,
                self.pack.year_calendar,
                place=place.label,
                target=target if target is not None else target_for(self.pack, metric, place.level),
                plan_by_year=plan_by_year,
                change_points=change_points,
                settings=settings,
                plan_by_month=plan_by_month,
            )
        except ValueError as exc:  # a series that mixes months and quarters, a bad change point
            raise InputError([Problem("spc", None, "", str(exc))]) from None
        made_up = self.actuals.synthetic_keys(metric.id)
        return charts.label_sources(
            chart, {p for code, p, q in made_up if code == place.code and q == EVERYONE}
        )

    def periods(self, metric: MonitoredMetric) -> list[str]:
        """The periods with system-level actuals of a metric, latest first."""
        calendar = self.pack.year_calendar
        return sorted(
            self.actuals.periods_of(metric.id),
            key=lambda p: parse_period(p, calendar).start,
            reverse=True,
        )

    def funnel(
        self,
        metric: MonitoredMetric,
        period: str,
        *,
        method: str | None = None,
        overdispersion: bool | str = "auto",
    ) -> dict | None:
        """The funnel plot of every system at a period (None with no actuals then); by default
        adjusted for overdispersion (additive random effects) when the systems are
        overdispersed (`monitoring.funnel`)."""
        try:
            period = parse_period(period, self.pack.year_calendar).name
        except ValueError as exc:
            raise InputError([Problem("period", None, "", str(exc))]) from None
        found = self.actuals.at_period(metric.id, period)
        if not found:
            return None
        try:
            chart = charts.funnel_chart(
                found,
                metric,
                period,
                names={s.code: s.name for s in self.pack.geography.system},
                method=method,
                overdispersion=overdispersion,
            )
        except ValueError as exc:  # not a proportion, or no numerators
            raise InputError([Problem("funnel", None, "", str(exc))]) from None
        made_up = self.actuals.synthetic_keys(metric.id)
        return charts.label_sources(
            chart, {c for c, p, q in made_up if p == period and q == EVERYONE}, "org_code"
        )

    def summary(self, systems: Sequence[tuple[str, str]] | None = None) -> dict:
        """The board's matrix for these (code, name) systems (default: every system): each
        metric's variation and assurance against its target and each system's own plan.

        210 charts take tenths of a second and every save changes a plan, so this process
        reads the actuals once per load and keeps each cell until its plan trajectory changes,
        and the matrix (the same object: do not change it) while no trajectory shown does.
        """
        if systems is None:
            systems = [(s.code, s.name) for s in self.pack.geography.system]
        key, grouped, kept = self._kept()
        codes = {code for code, _ in systems}
        metrics = self.catalogue.metrics
        shown = {metric for code, metric in grouped if code in codes} & set(metrics)
        docs = self.plans.read().plans if self.plans else {}
        plans = {}
        for code in codes & set(docs):
            trajectories = _trajectories(code, docs[code])
            for metric in shown & set(trajectories):
                plans[(code, metric)] = trajectories[metric]
        return _matrices.get(
            tuple(systems),
            (key, plans),
            lambda: summary.summary_matrix(
                (),
                metrics,
                self.pack.year_calendar,
                systems=list(systems),
                targets={m: target_for(self.pack, metrics[m], "system") for m in shown},
                plans=plans,
                kept=kept,
                grouped=grouped,
            ),
        )

    def _kept(self) -> tuple[tuple, SystemSeries, Kept]:
        """What every system's actuals were read as (the pack, their fingerprint), them by
        (system, metric) and the summary cells charted from them, as this process last read
        them: read and grouped again once a file is loaded (or the pack changes)."""
        key = (self.pack.id, self.pack.meta.version, self.actuals.fingerprint())
        with _lock:
            if _kept.get("key") == key:
                return key, _kept["series"], _kept["cells"]
        grouped = summary.system_series(self.actuals.everything())
        with _lock:
            _kept.update(key=key, series=grouped, cells={})
            return key, grouped, _kept["cells"]

    def inequalities(self, metric: MonitoredMetric, place: Place) -> dict | None:
        found = self.actuals.breakdown(metric.id, place.code)
        if not found:
            return None
        result = inequalities.breakdown(found, metric, self.pack.year_calendar, place=place.label)
        made_up = {p for c, p, q in self.actuals.synthetic_keys(metric.id) if c == place.code and q}
        charts.label_sources(result, made_up)
        if result.get("gap_chart"):
            charts.label_sources(result["gap_chart"], made_up)
        return result

    def metrics_of(self, code: str) -> list[MonitoredMetric]:
        """The metrics with actuals for a place, in catalogue order."""
        have = set(self.actuals.metrics_of(code))
        return [m for m in self.catalogue.metrics.values() if m.id in have]
