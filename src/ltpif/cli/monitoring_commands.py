"""Monitoring: `ltpif actuals load|loads|summary|inequalities`, `ltpif spc`, `ltpif funnel`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ltpif.cli.options import add_data_dir
from ltpif.framework.problems import InputError, Problem
from ltpif.monitoring.formats import FORMATS, formats_help


def database_store(data_dir: Path):
    """The web database of the data folder (migrated if new): the one store of actuals, read
    by `ltpif spc`/`funnel` and by the web pages alike. DuckDB only stages the pipelines."""
    from ltpif.web.boot import configure, migrate_if_needed

    configure(data_dir)
    migrate_if_needed()
    from ltpif.web.actuals.queries import DatabaseStore

    return DatabaseStore()


class StoreWhenNeeded:
    """The data folder's store, opened (and so created) only when it is first needed: a
    fresh folder has loaded nothing, so a load refused there writes nothing at all."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._store = None

    def _open(self):
        if self._store is None:
            self._store = database_store(self.data_dir)
        return self._store

    def _fresh(self) -> bool:
        """No database yet: Django not started on one, none named, no SQLite file."""
        from django.apps import apps

        opened = apps.ready or os.environ.get("DATABASE_URL")
        return not opened and not (self.data_dir / "ltpif.sqlite3").exists()

    def load_of(self, sha256: str):
        return None if self._store is None and self._fresh() else self._open().load_of(sha256)

    def footprint_moves(self) -> tuple:
        """The approved footprint changes; none in a fresh folder (nothing is created)."""
        return () if self._store is None and self._fresh() else self._open().footprint_moves()

    def __getattr__(self, name: str):  # writing and reading back: the store itself
        return getattr(self._open(), name)


def _chart_parser(
    parent: argparse._SubParsersAction, name: str, description: str, *, place: bool
) -> argparse.ArgumentParser:
    """A chart command: --metric, --system or --national if `place`, --data-dir, --format;
    it runs `Context.<name>` and prints with `<name>_text`."""
    parser = parent.add_parser(name, help=description)
    parser.add_argument("--metric", required=True, metavar="ID")
    if place:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--system", metavar="CODE", help="a system's ONS or ODS code")
        where.add_argument("--national", action="store_true", help="England")
    add_data_dir(parser)
    parser.add_argument("--format", choices=["text", "json", "csv"], default="text")
    parser.set_defaults(run=_chart_command(name, f"{name}_text"))
    return parser


def register(commands: argparse._SubParsersAction) -> None:
    actuals = commands.add_parser(
        "actuals", help="load and summarise actuals (delivery monitoring)"
    )
    actions = actuals.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("load", help="load files of actuals into the store (one transaction)")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument(
        "--format",
        choices=list(FORMATS),
        required=True,
        dest="source_format",
        help=f"the files' format: {formats_help()}",
    )
    load.add_argument("--lookups", type=Path, help="folder of the official lookup files")
    load.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        help="the engine the pipelines run on (default duckdb; spark if --spark-master is given)",
    )
    load.add_argument(
        "--spark-master",
        metavar="URL",
        help="the Spark master to run on: local[2] (the default with --engine spark), "
        "spark://host:7077, yarn, k8s://..., or sc://host:15002 for Spark/Databricks Connect "
        "(docs/reference/scale.md)",
    )
    add_data_dir(load)
    load.set_defaults(run=run_load)
    loads = actions.add_parser("loads", help="list the files loaded into the store")
    add_data_dir(loads)
    loads.set_defaults(run=run_loads)
    summary = actions.add_parser("summary", help="system × metric matrix of SPC icons")
    add_data_dir(summary)
    summary.add_argument("--format", choices=["text", "json", "csv"], default="text")
    summary.set_defaults(run=_chart_command("summary", "summary_text"))
    _chart_parser(
        actions, "inequalities", "a metric by deprivation quintile, and its gap", place=True
    )

    spc = _chart_parser(commands, "spc", "an XmR chart (Making Data Count) of actuals", place=True)
    spc.add_argument(
        "--target", type=float, help="assure against this target (default: the pack's)"
    )
    spc.add_argument("--plan", type=Path, help="a plan file: assure against its trajectory")
    spc.add_argument(
        "--operational",
        type=Path,
        metavar="FILE",
        help="an operational plan file: assure its year's months against its monthly values",
    )
    spc.add_argument(
        "--change-point",
        action="append",
        default=[],
        metavar="PERIOD",
        help="recalculate the limits from this period on (repeatable)",
    )
    spc.add_argument("--baseline", type=int, metavar="N", help="limits from the first N points")
    spc.add_argument("--run-length", type=int, default=7, metavar="N")
    spc.add_argument("--trend-length", type=int, default=7, metavar="N")
    spc.add_argument(
        "--screen-outliers",
        action="store_true",
        help="leave moving ranges above 3.267 × their mean out of the limits (default: off)",
    )
    spc.add_argument("--from", dest="first", metavar="PERIOD", help="first period charted")
    spc.add_argument("--to", dest="last", metavar="PERIOD", help="last period charted")

    funnel = _chart_parser(commands, "funnel", "a funnel plot of a proportion", place=False)
    funnel.add_argument("--period", required=True, metavar="PERIOD")
    funnel.add_argument("--method", choices=["exact-binomial", "normal-approximation"])
    funnel.add_argument(
        "--overdispersion",
        choices=["auto", "none", "additive", "multiplicative"],
        nargs="?",
        const="multiplicative",
        default="auto",
        help="allow for overdispersion: auto (the default) adjusts by additive random effects "
        "when the systems are overdispersed; none; additive; multiplicative (widened by √φ; "
        "the option alone)",
    )


def run_load(args: argparse.Namespace) -> int:
    from ltpif.cli.monitoring_output import load_report, progress_bar
    from ltpif.framework.loader import load_pack
    from ltpif.geography.lookups import default_lookups_dir
    from ltpif.monitoring.definitions import catalogue_for
    from ltpif.monitoring.pipelines.load import Loader, load_files

    engine = args.engine or ("spark" if args.spark_master else "duckdb")
    if args.spark_master is not None and engine != "spark":
        message = "--spark-master is for --engine spark: leave out one or the other"
        raise InputError([Problem("--spark-master", None, "", message)])
    if args.spark_master is not None and not args.spark_master.strip():
        raise InputError([Problem("--spark-master", None, "", "give a Spark master URL")])
    pack = load_pack()
    backend = None
    if engine == "spark":
        from ltpif.analytics.engines import LOCAL_MASTER, spark_backend

        master = args.spark_master or LOCAL_MASTER
        try:
            backend = spark_backend(master=master)
        except Exception as exc:  # Spark's own errors, whatever the master: said plainly
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            message = f"cannot start Spark on {master}: {reason}"
            raise InputError([Problem("--spark-master", None, "", message)]) from None
    store = StoreWhenNeeded(args.data_dir)
    loader = Loader(
        pack,
        catalogue_for(pack),
        args.lookups or default_lookups_dir(),
        backend,
        moves=store.footprint_moves(),
    )
    with progress_bar(len(args.files)) as step:
        outcomes = load_files(args.files, args.source_format, store, loader, step)
        sys.stdout.write(load_report(outcomes, store, loader.orgs(required=False)))
    return 0


def run_loads(args: argparse.Namespace) -> int:
    loads = database_store(args.data_dir).loads()
    for load in loads:
        print(
            f"{load.load_id:>4}  {load.loaded_at:%Y-%m-%d %H:%M}  {load.format:<16} {load.file}  "
            f"{load.rows:,} rows, {load.actuals:,} actuals, {load.unmapped_rows:,} unmapped rows"
        )
    print(f"{len(loads)} file(s) loaded in {args.data_dir}")
    return 0


def _chart_command(build: str, render: str) -> Callable[[argparse.Namespace], int]:
    """A command that builds a chart (`Context.<build>`) and prints it as text, JSON or CSV."""

    def run(args: argparse.Namespace) -> int:
        from ltpif.cli import monitoring_output
        from ltpif.monitoring.charts import chart_csv

        chart = getattr(monitoring_output.Context.open(args), build)(args)
        if args.format == "json":
            sys.stdout.write(json.dumps(chart, indent=2, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            sys.stdout.write(chart_csv(chart))
        else:
            sys.stdout.write(getattr(monitoring_output, render)(chart))
        return 0

    return run
