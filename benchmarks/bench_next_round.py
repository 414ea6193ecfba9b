"""Opening the next round in the web (issue 12): the 42 demo plans agreed in the current round,
carried into the next round's pack and the round switched, in the one transaction the
confirmation page runs (`carry_round` then `store.open_next_round`), in process.

Timed on a fresh SQLite database (and PostgreSQL with --database-url, a scratch database made
and dropped), each run undone afterwards so that every run carries the same 42 plans; beside
the carrying alone (`carry_round` without the database's write), measured in the same run as
the baseline. The next round's pack is the tests' modified copy (tests/packs.py
`next_round_pack`), installed for the run only; it is never shipped.

Usage: python benchmarks/bench_next_round.py [--database-url postgres://postgres@127.0.0.1:5432/x]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' modified pack
sys.path.insert(0, str(Path(__file__).parent))
import psycopg
from tests.packs import NEXT_PACK, next_round_pack

from common import median_seconds
from ltpif.framework import loader


class Undo(Exception):
    """Raised at the end of a timed run: its transaction is rolled back."""


def postgres(url: str, make: bool) -> None:
    """Drop the scratch database, and make it again empty if `make`."""
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if make:
            db.execute(f'CREATE DATABASE "{name}"')


def install_next_pack(scratch: Path) -> None:
    """The test pack installed beside the built-in one, for this run."""
    packs = scratch / "packs"
    packs.mkdir()
    (packs / loader.DEFAULT_PACK).symlink_to(loader.PACKS_DIR / loader.DEFAULT_PACK)
    next_round_pack(packs, NEXT_PACK)
    loader.PACKS_DIR = packs


def median_cpu_seconds(run, repeat: int) -> float:
    """The median CPU time of this process over `repeat` runs (the database's own work on
    PostgreSQL, in its server, is not counted)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="PostgreSQL: a scratch database, made and dropped")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="ltpif-bench-next-round-"))
    install_next_pack(scratch)
    for name in ("DATABASE_URL", "LTPIF_DATA_DIR"):
        os.environ.pop(name, None)
    if options.database_url:
        postgres(options.database_url, make=True)
        os.environ["DATABASE_URL"] = options.database_url
    from ltpif.web.boot import configure, migrate

    configure(scratch / "data")
    migrate()
    from django.db import connection, transaction

    from ltpif.app.carry_forward import carry_round
    from ltpif.demo.plans import demo_plans
    from ltpif.plans.workflow import Status
    from ltpif.web.organisations.rounds import current_round, pack_of_round
    from ltpif.web.organisations.store import open_next_round
    from ltpif.web.planning.models import Plan
    from ltpif.web.planning.plan_source import WorkingCopies
    from ltpif.web.planning.setup import load_geography, load_plan

    old = loader.load_pack()
    new = loader.load_pack(NEXT_PACK)
    load_geography(old)
    for _system, _failings, doc in demo_plans(old):
        load_plan(old, doc)
    Plan.objects.update(status=Status.AGREED)
    agreed = WorkingCopies(pack_of_round(current_round()), (Status.AGREED,))

    def carry_only() -> None:
        assert len(carry_round(agreed, new).drafts) == 42

    def open_and_undo() -> None:
        try:
            with transaction.atomic():
                opened = open_next_round(carry_round(agreed, new), None)
                assert Plan.objects.filter(round=opened).count() == 42
                raise Undo
        except Undo:
            pass
        assert (current_round().pack, Plan.objects.count()) == (old.id, 42)

    baseline = median_seconds(carry_only, repeat=7)
    whole = median_seconds(open_and_undo, repeat=5)
    cpu = median_cpu_seconds(open_and_undo, repeat=5)
    engine = connection.vendor
    print(f"carrying 42 agreed plans, no database write (baseline): {baseline:.3f} s")
    print(
        f"opening the next round, 42 plans, one transaction ({engine}): {whole:.3f} s "
        f"({whole / baseline:.1f}× the baseline)"
    )
    print(f"  its CPU time in this process (load-independent): {cpu:.3f} s")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average of the machine (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    if options.database_url:
        connection.close()
        postgres(options.database_url, make=False)


if __name__ == "__main__":
    main()
