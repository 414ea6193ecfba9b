"""The monitoring commands' work behind argparse: finding what was asked, and printing it."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ltpif.app.monitoring import NATIONAL, Monitoring, Place
from ltpif.app.present import FUNNEL_DIRECTIONS, MISSING, funnel_limits, quantity
from ltpif.framework.problems import InputError, Problem
from ltpif.geography.lookups import system_codes
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.mapping import CATEGORIES, OrgMap, by_category
from ltpif.monitoring.pipelines.load import Outcome
from ltpif.monitoring.spc import SpcSettings
from ltpif.monitoring.trajectory import operational_months, plan_trajectory

if TYPE_CHECKING:  # Django models load only after the command has configured the database
    from ltpif.web.actuals.queries import DatabaseStore


@contextlib.contextmanager
def progress_bar(files: int) -> Iterator[Callable[[str, int], None]]:
    """A progress bar on stderr (drawn only on a terminal): files read, then storing."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description:<48}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    console = Console(stderr=True)
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task("loading", total=files + 1)

        def step(description: str, done: int) -> None:
            bar.update(task, description=description, completed=done)

        yield step


def load_report(
    outcomes: Sequence[Outcome], store: DatabaseStore, orgs: OrgMap, most: int = 10
) -> str:
    lines = []
    for outcome in outcomes:
        if outcome.loaded is None:
            where = f"load {outcome.earlier.load_id}" if outcome.earlier else "this command"
            lines.append(f"{outcome.file.name}: already loaded ({where}); nothing added")
            continue
        record, result = outcome.loaded, outcome.result
        systems = sum(a.level == "system" for a in result.actuals)
        lines.append(
            f"{outcome.file.name}: load {record.load_id}: {result.rows:,} rows → "
            f"{len(result.actuals):,} actuals ({systems:,} of systems, the rest national)"
        )
        if record.revised:
            earlier = ", ".join(str(n) for n in record.revised_loads)
            lines.append(
                f"  a revision: {record.revised:,} actuals replace different values of "
                f"load(s) {earlier}"
            )
        if result.unmapped:
            lines.append(
                f"  {record.unmapped_rows:,} rows of {len(result.unmapped):,} organisation code(s) "
                "map to no system (counted nationally only):"
            )
            for category, rows in by_category(
                orgs, ((u.provider, u.rows) for u in result.unmapped)
            ).items():
                lines.append(
                    f"    {rows:,} rows ({rows / max(result.rows, 1):.1%} of the file's): "
                    f"{CATEGORIES[category]}"
                )
            lines.append("  the largest:")
            for provider, commissioner, rows, amount in store.unmapped(record.load_id)[:most]:
                who = f"provider {provider}" + (
                    f", commissioner {commissioner}" if commissioner else ""
                )
                lines.append(f"    {who}: {rows:,} rows, {amount:,.0f}")
    return "\n".join(lines) + "\n"


@dataclass
class Context:
    """A chart command's arguments turned into a question to the monitoring use case, on the
    data folder's database: its actuals and its plans' working copies."""

    monitoring: Monitoring
    data_dir: Path

    @classmethod
    def open(cls, args: argparse.Namespace) -> Context:
        from ltpif.cli.monitoring_commands import database_store

        store = database_store(args.data_dir)
        from ltpif.web.organisations.rounds import current_pack  # the database is set up now
        from ltpif.web.planning.plan_source import WorkingCopies

        pack = current_pack()  # the current round's: the plans' pack
        return cls(Monitoring.of(pack, store, WorkingCopies(pack)), args.data_dir)

    def _found(self, chart: dict | None, what: str) -> dict:
        if chart is None:
            message = f"no actuals of {what}: load some with `ltpif actuals load`"
            raise InputError([Problem(str(self.data_dir), None, "", message)])
        return chart

    def _metric(self, args: argparse.Namespace) -> MonitoredMetric:
        return _as_option(lambda: self.monitoring.metric(args.metric))

    def _place(self, args: argparse.Namespace) -> Place:
        return _as_option(lambda: self.monitoring.place(NATIONAL if args.national else args.system))

    def spc(self, args: argparse.Namespace) -> dict:
        metric, place = self._metric(args), self._place(args)
        plan = self._plan(args.plan, place.code, metric.id) if args.plan else None
        months = (
            self._operational(args.operational, place.code, metric.id) if args.operational else None
        )
        chart = _as_option(
            lambda: self.monitoring.spc(
                metric,
                place,
                first=args.first,
                last=args.last,
                target=args.target,
                plan_by_year=plan,
                plan_by_month=months,
                change_points=args.change_point or (),
                settings=SpcSettings(
                    args.run_length, args.trend_length, args.baseline, args.screen_outliers
                ),
            )
        )
        return self._found(chart, f"{metric.id} for {place.label}")

    def _plan(self, path: Path, code: str, metric: str) -> dict[str, float]:
        """A plan file's trajectory instead of the database's working copy."""
        from ltpif.plans.files import read_plan

        plan = read_plan(path).plan
        if system_codes(self.monitoring.pack).get(plan.system) != code:
            raise InputError(
                [Problem(path.name, None, "system", f"the plan is for {plan.system}, not {code}")]
            )
        by_year = plan_trajectory(plan, metric)
        if not by_year:
            raise InputError(
                [Problem(path.name, None, "commitments", f"no trajectory for {metric}")]
            )
        return by_year

    def _operational(self, path: Path, code: str, metric: str) -> dict[str, float]:
        """An operational plan file's months of the metric: its year's monthly trajectory."""
        from ltpif.plans.operational_files import read_operational_file

        operational = read_operational_file(path).operational
        if system_codes(self.monitoring.pack).get(operational.system) != code:
            message = f"the operational plan is for {operational.system}, not {code}"
            raise InputError([Problem(path.name, None, "system", message)])
        months = operational_months(operational, metric)
        if not months:
            raise InputError([Problem(path.name, None, "metrics", f"no months for {metric}")])
        return months

    def funnel(self, args: argparse.Namespace) -> dict:
        metric = self._metric(args)
        chart = _as_option(
            lambda: self.monitoring.funnel(
                metric, args.period, method=args.method, overdispersion=args.overdispersion
            )
        )
        return self._found(chart, f"{metric.id} for {args.period}")

    def summary(self, args: argparse.Namespace) -> dict:
        matrix = self.monitoring.summary()
        return self._found(matrix if matrix["metrics"] else None, "any metric")

    def inequalities(self, args: argparse.Namespace) -> dict:
        metric, place = self._metric(args), self._place(args)
        chart = self.monitoring.inequalities(metric, place)
        return self._found(chart, f"{metric.id} by quintile for {place.label}")


T = TypeVar("T")
OPTIONS = {
    "metric": "--metric",
    "system": "--system",
    "period": "--period",
    "from/to": "--from/--to",
}


def _as_option(ask: Callable[[], T]) -> T:
    """The use case's problems named by the command-line option that gave the value."""
    try:
        return ask()
    except InputError as exc:
        raise InputError(
            [replace(p, file=OPTIONS.get(p.file, p.file)) for p in exc.problems]
        ) from None


def _synthetic(chart: dict) -> list[str]:
    """The note of a chart with made-up points (the demo's synthetic actuals)."""
    return [f"Note: {chart['synthetic_note']}"] if chart.get("synthetic_note") else []


def _made_up(point: dict) -> str:
    return "  (synthetic)" if point.get("source") == "synthetic" else ""


def spc_text(chart: dict) -> str:
    unit = chart["metric"]["unit"]
    lines = [
        f"{chart['metric']['name']} ({chart['metric']['id']}) — {chart['place']}",
        f"Variation: {chart['variation_label']}",
        "Assurance: "
        + (
            f"{chart['assurance_label']} (target {quantity(chart['target'], unit)})"
            if chart["assurance"]
            else "no target to assure against"
        ),
    ]
    if chart["trajectory"]:
        t = chart["trajectory"]
        lines.append(
            f"Plan trajectory: met in {t['met']} of {t['periods']} periods; "
            f"latest ({t['latest_period']}): {t['latest_assurance'] or '-'}"
        )
    lines += [f"Note: {note}" for note in chart["notes"]]
    lines += _synthetic(chart)
    lines.append(
        f"{'period':<11}{'value':>12}{'mean':>12}{'lower':>12}{'upper':>12}  variation  rules"
    )
    for p in chart["points"]:
        lines.append(
            f"{p['period']:<11}{quantity(p['value'], unit):>12}{quantity(p['mean'], unit):>12}"
            f"{quantity(p['lower_limit'], unit):>12}{quantity(p['upper_limit'], unit):>12}  "
            f"{p['variation']:<16} {', '.join(p['rules'])}{_made_up(p)}"
        )
    return "\n".join(lines) + "\n"


def funnel_text(chart: dict) -> str:
    lines = [
        f"{chart['metric']['name']} ({chart['metric']['id']}), {chart['period']}: "
        f"centre {chart['centre']:.1%}, {funnel_limits(chart)}",
        f"{'system':<12}{'name':<45}{'proportion':>11}{'95% limits':>20}  {'flag':<12}direction",
    ]
    for p in chart["points"]:
        limits = f"{p['lower_95']:.1%}–{p['upper_95']:.1%}"
        name = p["name"][:44]
        lines.append(
            f"{p['org_code']:<12}{name:<45}{p['proportion']:>11.1%}{limits:>20}  "
            f"{p['flag']:<12}{p['direction'] or MISSING}{_made_up(p)}"
        )
    lines.append(
        f"{len(chart['outside_95'])} system(s) outside the 95% limits, "
        f"{len(chart['outside_99_8'])} outside the 99.8% limits"
    )
    lines += [
        f"{FUNNEL_DIRECTIONS[direction].text}: {', '.join(codes)}"
        for direction, codes in chart["flagged"].items()
        if codes
    ]
    return "\n".join(lines + _synthetic(chart)) + "\n"


def summary_text(chart: dict) -> str:
    lines = [f"{'system':<12}" + "".join(f"{m['id'][:38]:<40}" for m in chart["metrics"])]
    for row in chart["rows"]:
        cells = [
            " / ".join(
                (c["variation"], c["assurance"] or MISSING, c["trajectory_assurance"] or MISSING)
            )
            if c
            else MISSING
            for c in row["cells"].values()
        ]
        lines.append(f"{row['system']:<12}" + "".join(f"{cell:<40}" for cell in cells))
    lines.append(
        "Cells: variation / assurance against the target / against the system's plan "
        "trajectory, of the latest point (Making Data Count)."
    )
    return "\n".join(lines) + "\n"


def inequalities_text(chart: dict) -> str:
    unit = chart["metric"]["unit"]
    lines = [f"{chart['metric']['name']} by deprivation quintile — {chart['place']}"]
    lines.append(f"{'period':<11}{'most deprived':>15}{'least deprived':>16}{'gap':>12}")
    for g in chart["gap"]:
        lines.append(
            f"{g['period']:<11}{quantity(g['most_deprived'], unit):>15}"
            f"{quantity(g['least_deprived'], unit):>16}{quantity(g['gap'], unit):>12}"
        )
    if chart["gap_chart"]:
        lines.append(f"Gap: {chart['gap_chart']['variation_label']}")
    return "\n".join(lines + _synthetic(chart)) + "\n"
