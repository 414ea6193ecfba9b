"""The monitoring commands' work behind argparse: finding what was asked, and printing it."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.monitoring import charts, inequalities, summary
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.definitions import Catalogue, MonitoredMetric, catalogue_for, target_for
from ltpif.monitoring.mapping import system_codes
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.pipelines.load import Outcome
from ltpif.monitoring.spc import SpcSettings

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


def load_report(outcomes: Sequence[Outcome], store: DatabaseStore, most: int = 10) -> str:
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
        if result.unmapped:
            lines.append(
                f"  {record.unmapped_rows:,} rows of {len(result.unmapped):,} organisation code(s) "
                "map to no system (counted nationally only); the largest:"
            )
            for provider, commissioner, rows, amount in store.unmapped(record.load_id)[:most]:
                who = f"provider {provider}" + (
                    f", commissioner {commissioner}" if commissioner else ""
                )
                lines.append(f"    {who}: {rows:,} rows, {amount:,.0f}")
    return "\n".join(lines) + "\n"


@dataclass
class Context:
    pack: Pack
    catalogue: Catalogue
    data_dir: Path

    @classmethod
    def open(cls, args: argparse.Namespace) -> Context:
        pack = load_pack()
        return cls(pack, catalogue_for(pack), args.data_dir)

    def metric(self, metric_id: str) -> MonitoredMetric:
        if metric_id not in self.catalogue.metrics:
            known = ", ".join(sorted(self.catalogue.metrics))
            raise InputError(
                [
                    Problem(
                        "--metric", None, "", f"unknown metric {quoted(metric_id)} (known: {known})"
                    )
                ]
            )
        return self.catalogue.metrics[metric_id]

    def place(self, args: argparse.Namespace) -> tuple[str, str, str]:
        """(level, stored code, label) of --system or --national."""
        if args.national:
            code = self.catalogue.national_code
            return "national", code, f"{self.catalogue.national_name} ({code})"
        code = system_codes(self.pack).get(args.system.strip().upper())
        if code is None:
            raise InputError(
                [Problem("--system", None, "", f"unknown system code {quoted(args.system)}")]
            )
        return "system", code, f"{self.pack.system_by_code[code].name} ({code})"

    def _read(self, read: Callable[[DatabaseStore], list[Actual]], what: str) -> list[Actual]:
        from ltpif.cli.monitoring_commands import database_store

        found = read(database_store(self.data_dir))
        if not found:
            raise InputError(
                [
                    Problem(
                        str(self.data_dir),
                        None,
                        "",
                        f"no actuals of {what}: load some with `ltpif actuals load`",
                    )
                ]
            )
        return found

    def _window(self, series: list[Actual], first: str | None, last: str | None) -> list[Actual]:
        calendar = self.pack.year_calendar
        try:
            low = parse_period(first, calendar).start if first else None
            high = parse_period(last, calendar).start if last else None
        except ValueError as exc:
            raise InputError([Problem("--from/--to", None, "", str(exc))]) from None
        return [
            a
            for a in series
            if (low is None or parse_period(a.period, calendar).start >= low)
            and (high is None or parse_period(a.period, calendar).start <= high)
        ]

    def spc(self, args: argparse.Namespace) -> dict:
        metric = self.metric(args.metric)
        level, code, label = self.place(args)
        series = self._read(lambda s: s.series(metric.id, code), f"{metric.id} for {label}")
        series = self._window(series, args.first, args.last)
        plan = self._plan(args.plan, code, metric.id) if args.plan else None
        target = args.target if args.target is not None else target_for(self.pack, metric, level)
        try:
            settings = SpcSettings(args.run_length, args.trend_length, args.baseline)
            return charts.spc_chart(
                series,
                metric,
                self.pack.year_calendar,
                place=label,
                target=target,
                plan_by_year=plan,
                change_points=args.change_point,
                settings=settings,
            )
        except ValueError as exc:
            raise InputError([Problem("spc", None, "", str(exc))]) from None

    def _plan(self, path: Path, code: str, metric: str) -> dict[str, float]:
        from ltpif.monitoring.trajectory import plan_trajectory
        from ltpif.plans.files import read_plan

        plan = read_plan(path).plan
        if system_codes(self.pack).get(plan.system) != code:
            raise InputError(
                [Problem(path.name, None, "system", f"the plan is for {plan.system}, not {code}")]
            )
        by_year = plan_trajectory(plan, metric)
        if not by_year:
            raise InputError(
                [Problem(path.name, None, "commitments", f"no trajectory for {metric}")]
            )
        return by_year

    def funnel(self, args: argparse.Namespace) -> dict:
        metric = self.metric(args.metric)
        try:
            period = parse_period(args.period, self.pack.year_calendar).name
        except ValueError as exc:
            raise InputError([Problem("--period", None, "", str(exc))]) from None
        found = self._read(lambda s: s.at_period(metric.id, period), f"{metric.id} for {period}")
        names = {s.code: s.name for s in self.pack.geography.system}
        try:
            return charts.funnel_chart(
                found,
                metric,
                period,
                names=names,
                method=args.method,
                overdispersion=args.overdispersion,
            )
        except ValueError as exc:
            raise InputError([Problem("funnel", None, "", str(exc))]) from None

    def summary(self, args: argparse.Namespace) -> dict:
        found = self._read(lambda s: s.everything(), "any metric")
        metrics = self.catalogue.metrics
        return summary.summary_matrix(
            found,
            metrics,
            self.pack.year_calendar,
            systems=[(s.code, s.name) for s in self.pack.geography.system],
            targets={m: target_for(self.pack, metrics[m], "system") for m in metrics},
        )

    def inequalities(self, args: argparse.Namespace) -> dict:
        metric = self.metric(args.metric)
        _, code, label = self.place(args)
        found = self._read(
            lambda s: s.breakdown(metric.id, code), f"{metric.id} by quintile for {label}"
        )
        return inequalities.breakdown(found, metric, self.pack.year_calendar, place=label)


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return (
        f"{value:.1%}"
        if unit == "proportion"
        else f"{value:,.0f}"
        if abs(value) >= 100
        else f"{value:,.2f}"
    )


def spc_text(chart: dict) -> str:
    unit = chart["metric"]["unit"]
    lines = [
        f"{chart['metric']['name']} ({chart['metric']['id']}) — {chart['place']}",
        f"Variation: {chart['variation_label']}",
        "Assurance: "
        + (
            f"{chart['assurance_label']} (target {amount(chart['target'], unit)})"
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
    lines.append(
        f"{'period':<11}{'value':>12}{'mean':>12}{'lower':>12}{'upper':>12}  variation  rules"
    )
    for p in chart["points"]:
        lines.append(
            f"{p['period']:<11}{amount(p['value'], unit):>12}{amount(p['mean'], unit):>12}"
            f"{amount(p['lower_limit'], unit):>12}{amount(p['upper_limit'], unit):>12}  "
            f"{p['variation']:<16} {', '.join(p['rules'])}"
        )
    return "\n".join(lines) + "\n"


def funnel_text(chart: dict) -> str:
    lines = [
        f"{chart['metric']['name']} ({chart['metric']['id']}), {chart['period']}: "
        f"centre {chart['centre']:.1%}, limits by {chart['method']}"
        + (
            f", overdispersion φ = {chart['overdispersion_phi']:.1f}"
            if chart["overdispersion_phi"] != 1
            else ""
        ),
        f"{'system':<12}{'name':<45}{'proportion':>11}{'95% limits':>20}  flag",
    ]
    for p in chart["points"]:
        limits = f"{p['lower_95']:.1%}–{p['upper_95']:.1%}"
        name = p["name"][:44]
        lines.append(
            f"{p['org_code']:<12}{name:<45}{p['proportion']:>11.1%}{limits:>20}  {p['flag']}"
        )
    lines.append(
        f"{len(chart['outside_95'])} system(s) outside the 95% limits, "
        f"{len(chart['outside_99_8'])} outside the 99.8% limits"
    )
    return "\n".join(lines) + "\n"


def summary_text(chart: dict) -> str:
    lines = [f"{'system':<12}" + "".join(f"{m['id'][:24]:<26}" for m in chart["metrics"])]
    for row in chart["rows"]:
        cells = row["cells"]
        lines.append(
            f"{row['system']:<12}"
            + "".join(
                f"{(c['variation'] + ' / ' + (c['assurance'] or '-')) if c else '-':<26}"
                for c in cells.values()
            )
        )
    lines.append("Cells: variation / assurance of the latest point (Making Data Count).")
    return "\n".join(lines) + "\n"


def inequalities_text(chart: dict) -> str:
    unit = chart["metric"]["unit"]
    lines = [f"{chart['metric']['name']} by deprivation quintile — {chart['place']}"]
    lines.append(f"{'period':<11}{'most deprived':>15}{'least deprived':>16}{'gap':>12}")
    for g in chart["gap"]:
        lines.append(
            f"{g['period']:<11}{amount(g['most_deprived'], unit):>15}"
            f"{amount(g['least_deprived'], unit):>16}{amount(g['gap'], unit):>12}"
        )
    if chart["gap_chart"]:
        lines.append(f"Gap: {chart['gap_chart']['variation_label']}")
    return "\n".join(lines) + "\n"
