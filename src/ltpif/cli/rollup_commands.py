"""`ltpif rollup`, `ltpif gap`, `ltpif fairshare` and `ltpif publish`: collective ambition."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ltpif.cli.options import add_data_dir
from ltpif.framework.fairshare import BASES, DEFAULT_BASIS

ENGINES = ("reference", "duckdb", "spark")


def register(commands: argparse._SubParsersAction) -> None:
    rollup = commands.add_parser("rollup", help="add up a folder of plans by region and nation")
    rollup.add_argument("plan_dir", type=Path, metavar="PLAN_DIR", help="folder of plan files")
    rollup.add_argument("--by", choices=["region", "system"], default="region")
    rollup.add_argument("--format", choices=["text", "json", "csv"], default="text")
    rollup.add_argument("--metric", action="append", help="only this metric (repeatable)")
    _engine(rollup)
    rollup.set_defaults(run=run_rollup)

    gap = commands.add_parser("gap", help="the plans together against each national ambition")
    gap.add_argument("plan_dir", type=Path, metavar="PLAN_DIR", help="folder of plan files")
    gap.add_argument("--ambition", action="append", help="only this ambition (repeatable)")
    gap.add_argument("--format", choices=["text", "json", "csv"], default="text")
    _engine(gap)
    gap.set_defaults(run=run_gap)

    share = commands.add_parser("fairshare", help="split a national ambition into system shares")
    share.add_argument("ambition", metavar="AMBITION_ID")
    share.add_argument("--basis", choices=list(BASES), help="instead of the ambition's own basis")
    share.add_argument("--plans", type=Path, metavar="PLAN_DIR", help="plans: baseline, distance")
    share.add_argument(
        "--practices",
        type=Path,
        metavar="CSV",
        help="weights from a GP practice weighted population file, summed to systems",
    )
    share.add_argument("--glide-path", action="store_true", help="add yearly targets (needs plans)")
    share.add_argument("--pack", help="framework pack name or folder (default: the plans' pack)")
    share.add_argument("--format", choices=["text", "json", "csv"], default="text")
    share.set_defaults(run=run_fairshare)

    publish = commands.add_parser(
        "publish",
        help="build the national implementation plan from a folder of plans, or from the "
        "database's agreed plans",
    )
    publish.add_argument(
        "plan_dir", type=Path, nargs="?", metavar="PLAN_DIR", help="folder of plan files"
    )
    publish.add_argument(
        "--from-database",
        action="store_true",
        help="instead of PLAN_DIR: each system's latest agreed final version in the database",
    )
    publish.add_argument(
        "--missing",
        choices=["submitted", "omit"],
        help="with --from-database, for a system with no agreed plan: show its latest "
        "submitted version, marked 'not yet agreed', or nothing (default omit)",
    )
    add_data_dir(publish, "with --from-database: the database's folder")
    publish.add_argument("--out", type=Path, required=True, help="folder to publish into")
    publish.add_argument(
        "--build-time", help="ISO 8601 time to stamp (default $SOURCE_DATE_EPOCH, else now)"
    )
    publish.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    # Always the reference engine (ltpif.app.publication): a publication rebuilds byte for byte.
    publish.set_defaults(run=run_publish)


def _engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="reference",
        help="reference (default: plain Python, exact order), or the Ibis roll-up on duckdb "
        "or spark (the same totals to ~1e-9; the last digits can vary with their threads)",
    )


def _backend(name: str) -> Any:
    if name == "reference":
        return None
    from ltpif.analytics import engines  # imports Ibis: only for the engines that need it

    return engines.duckdb_backend() if name == "duckdb" else engines.spark_backend()


def _rolled_up(args: argparse.Namespace, progress: Any = None) -> Any:
    from ltpif.app.plan_folder import PlanFolder
    from ltpif.app.rollup import rolled_up

    return rolled_up(PlanFolder(args.plan_dir, progress), _backend(args.engine))


def _unknown(kind: str, given: list[str] | None, known: list[str], where: str) -> None:
    from ltpif.framework.problems import InputError, Problem, quoted

    bad = [name for name in given or [] if name not in known]
    if bad:
        raise InputError([Problem(where, None, kind, f"unknown {kind} {quoted(b)}") for b in bad])


def _emit(fmt: str, rows: list[dict], document: dict, text: str) -> None:
    from ltpif.interchange.publication.opendata import csv_text, json_text

    if fmt == "json":
        sys.stdout.write(json_text(document))
    elif fmt == "csv":
        sys.stdout.write(csv_text(rows))
    else:
        sys.stdout.write(text)


def run_rollup(args: argparse.Namespace) -> int:
    from ltpif.rollup import render, series

    now = _rolled_up(args)
    pack, result = now.included.pack, now.rollup
    _unknown("metric", args.metric, list(pack.metric_by_id), pack.id)
    metrics = args.metric or list(pack.metric_by_id)
    if args.by == "system":
        rows = [r for r in series.row_series(pack, result.rows) if r["metric"] in metrics]
        text = render.render_rows(pack, result.rows, metrics)
    else:
        rows = [r for r in series.total_series(pack, result.totals) if r["metric"] in metrics]
        text = render.render_totals(pack, result.totals, metrics)
    head = {"pack": pack.id, "pack_version": pack.meta.version, "by": args.by}
    _emit(args.format, rows, {**head, "engine": args.engine, "rows": rows}, text)
    return 0


def run_gap(args: argparse.Namespace) -> int:
    from ltpif.rollup import render, series

    now = _rolled_up(args)
    pack, result = now.included.pack, now.rollup
    _unknown("ambition", args.ambition, [a.id for a in pack.ambitions], pack.id)
    gaps = [g for g in result.gaps if not args.ambition or g.ambition.id in args.ambition]
    rows = [row for gap in gaps for row in series.trajectory_series(gap)]
    contributions = [row for gap in gaps for row in series.contribution_series(pack, gap)]
    document = {
        "pack": pack.id,
        "pack_version": pack.meta.version,
        "years": rows,
        "contributions": contributions,
    }
    _emit(args.format, rows, document, "\n".join(render.render_gap(pack, g) for g in gaps))
    return 0


def _shares(args: argparse.Namespace) -> tuple[Any, Any]:
    from ltpif.app.plan_folder import PlanFolder
    from ltpif.app.shares import national_ambition, shares_of
    from ltpif.framework.loader import load_pack
    from ltpif.interchange.weighted_population import practice_weights

    plans = PlanFolder(args.plans).read() if args.plans else None
    pack = plans.pack if plans else load_pack(args.pack)
    ambition = national_ambition(pack, args.ambition)  # before reading a practice file
    basis = args.basis or ambition.fair_share_basis or DEFAULT_BASIS.id
    weights = practice_weights(args.practices, pack, basis) if args.practices else None
    shares = shares_of(
        pack,
        args.ambition,
        basis=basis,
        plans=plans,
        weights=weights,
        weights_from=str(args.practices or args.plans or pack.id),
        glide=args.glide_path,
    )
    return pack, shares


def run_fairshare(args: argparse.Namespace) -> int:
    from ltpif.rollup import render, series

    pack, shares = _shares(args)
    rows = series.share_rows(shares)
    document = {
        "pack": pack.id,
        "pack_version": pack.meta.version,
        "ambition": shares.ambition.id,
        "basis": shares.basis,
        "due_year": shares.due_year,
        "total": shares.total,
        "shares": rows,
    }
    _emit(args.format, rows, document, render.render_fair_shares(pack, shares))
    return 0


def _publish_arguments(args: argparse.Namespace) -> None:
    """PLAN_DIR or --from-database, one of them; --missing only with the database."""
    from ltpif.framework.problems import InputError, Problem

    if args.from_database and args.plan_dir is not None:
        message = "give PLAN_DIR or --from-database, not both"
    elif not args.from_database and args.plan_dir is None:
        message = "give PLAN_DIR (a folder of plan files) or --from-database"
    elif args.missing and not args.from_database:
        message = "--missing is for --from-database: a folder's plans have no agreed status"
    else:
        return
    raise InputError([Problem("ltpif publish", None, "", message)])


def _agreed_source(args: argparse.Namespace) -> Any:
    """Each system's agreed version in the data folder's database (its current round's pack)."""
    from ltpif.framework.problems import InputError, Problem
    from ltpif.web.boot import check_database, configure

    configure(args.data_dir)
    check_database(migrated=True)
    from ltpif.web.organisations.rounds import current_round, pack_of_round
    from ltpif.web.planning.plan_source import AgreedVersions

    opened = current_round()
    if opened is None:
        message = "no planning round is open in this database: nothing to publish"
        raise InputError([Problem(str(args.data_dir), None, "", message)])
    return AgreedVersions(pack_of_round(opened), args.missing or "omit")


def _footprint() -> Any:
    """The database's approved footprint changes, applied to the region totals by year."""
    from ltpif.web.landscape.rollup_footprint import by_approved_moves

    return by_approved_moves


def run_publish(args: argparse.Namespace) -> int:
    _publish_arguments(args)
    from rich.progress import Progress

    from ltpif.app.plan_folder import PlanFolder
    from ltpif.app.publication import publish_plans
    from ltpif.interchange.publication.stamp import build_time

    moment = build_time(args.build_time, os.environ)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("Reading plans", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step.capitalize(), completed=done, total=total)

        source = _agreed_source(args) if args.from_database else PlanFolder(args.plan_dir, progress)
        footprint = _footprint() if args.from_database else None
        done = publish_plans(
            source, args.out, moment, pdf=not args.no_pdf, progress=progress, footprint=footprint
        )
    pack = done.plans.pack
    for code, (status, version) in done.stamp.standing.items():
        if status != "agreed":
            print(f"{code}: {status}, its latest submitted version ({version}) is shown")
    for code, reason in done.stamp.left_out.items():
        print(f"{code}: no plan published ({reason})")
    print(
        f"Published {len(done.files)} files to {args.out} ({len(done.plans.plans)} plans, "
        f"{pack.id} {pack.meta.version}, built {moment.isoformat()})"
    )
    print(f"Open {args.out / 'index.html'}")
    return 0
