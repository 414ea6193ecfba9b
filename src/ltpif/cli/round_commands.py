"""`ltpif round`: open a planning round on a database (empty or not) and say what is loaded."""

from __future__ import annotations

import argparse
from pathlib import Path

from ltpif.cli.footprint_commands import add_lookups
from ltpif.cli.options import add_data_dir
from ltpif.framework.loader import DEFAULT_PACK


def register(commands: argparse._SubParsersAction) -> None:
    round_ = commands.add_parser("round", help="open a planning round; what a round has loaded")
    actions = round_.add_subparsers(dest="action", required=True, metavar="ACTION")
    open_ = actions.add_parser(
        "open",
        help="load the pack's regions and systems and the real organisations of each system "
        "from the official lookups (idempotent)",
    )
    open_.add_argument("--pack", default=DEFAULT_PACK, help="pack name or folder")
    add_data_dir(open_, "the database's folder")
    add_lookups(open_)
    open_.set_defaults(run=run_open)
    status = actions.add_parser(
        "status", help="the rounds open, their calendars, and the organisations by type"
    )
    add_data_dir(status, "the database's folder")
    status.set_defaults(run=run_status)


def open_database(data_dir: Path):
    """The database of `data_dir`, migrated, and the round store on it."""
    from ltpif.web.boot import configure, migrate_if_needed

    configure(data_dir)
    migrate_if_needed()
    from ltpif.web.organisations.store import DatabaseRoundStore

    return DatabaseRoundStore()


def run_open(args: argparse.Namespace) -> int:
    from ltpif.app.rounds import open_round
    from ltpif.framework.loader import load_pack
    from ltpif.geography.lookups import default_lookups_dir

    pack = load_pack(args.pack)
    opened = open_round(
        pack, args.lookups or default_lookups_dir(), lambda: open_database(args.data_dir)
    )
    print(opened.summary())
    loaded = ", ".join(f"{n:,} {TYPE_PLURAL.get(t, t)}" for t, n in opened.counts.items())
    print(f"From the lookups: {loaded}.")
    if opened.skipped:
        print(f"{opened.skipped} row(s) of the lookups name no system of the pack: left out.")
    return 0


TYPE_PLURAL = {
    "ccg": "CCGs",
    "trust": "NHS trusts",
    "local_authority": "upper-tier local authorities",
    "district": "districts",
    "pcn": "PCNs",
    "gp_practice": "GP practices",
    "cancer_alliance": "Cancer Alliances",
    "local_maternity_system": "local maternity systems",
    "provider_collaborative": "provider collaboratives",
    "voluntary_sector": "voluntary sector partners",
}


def _standing(one, current) -> str:
    if current is not None and one.pk == current.pk:
        return "current"
    if one.current_since is None:
        return "opened beside, not yet current"
    return "earlier, read-only"


def run_status(args: argparse.Namespace) -> int:
    from ltpif.web.boot import check_database, configure

    configure(args.data_dir)
    check_database(migrated=True)
    from ltpif.web.organisations.store import round_status

    status = round_status()
    if not status.rounds:
        print(f"No round is open in {args.data_dir}: run `ltpif round open`.")
        return 0
    for one in status.rounds:
        print(
            f"Round {one.pack} {one.pack_version} ({_standing(one, status.current)}), "
            f"opened {one.opened_at:%Y-%m-%d %H:%M} UTC"
        )
        for deadline in one.calendar:
            about = " (approximate)" if deadline.get("approximate") else ""
            print(f"  {deadline['date']}{about}  {deadline['name']}")
    print(f"\n{status.regions} regions, {status.systems} systems")
    for type_, n in status.counts.items():
        print(f"  {TYPE_PLURAL[type_]:<32} {n:>6,}")
    return 0
