"""`ltpif demo`: the main job on the embedded defaults — SQLite, the round opened as `ltpif round
open` opens it (the real organisations of the lookups), the 42 demo plans, a user for every
role, the web app on a printed localhost URL. `ltpif demo plans` writes the plans only."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
from pathlib import Path

from ltpif.cli.options import add_data_dir
from ltpif.demo import DEMO_TODAY
from ltpif.framework.problems import InputError, Problem


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo", help="set up the demo (42 plans, users for every role) and serve the web app"
    )
    add_data_dir(demo, "where to keep it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument(
        "--today", default=DEMO_TODAY.isoformat(), help="the planning calendar's today"
    )
    demo.add_argument("--no-serve", action="store_true", help="set up, report, and stop")
    demo.set_defaults(run=run_demo)
    actions = demo.add_subparsers(dest="action", metavar="ACTION")
    plans = actions.add_parser("plans", help="write the 42 deterministic demo plans")
    plans.add_argument("--out", type=Path, required=True, help="folder to write the plans into")
    plans.set_defaults(run=run_demo_plans)


def run_demo_plans(args: argparse.Namespace) -> int:
    from ltpif.demo.plans import write_demo_plans
    from ltpif.framework.loader import load_pack

    paths = write_demo_plans(load_pack(), args.out)
    print(f"Wrote {len(paths)} plans to {args.out}")
    return 0


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _open_round(pack) -> None:
    """The round, as `ltpif round open` opens it, with the organisations of the lookups found
    beside the repository (none, and said so, where there is no shared data folder)."""
    from ltpif.app.rounds import open_round_with
    from ltpif.geography.lookups import default_lookups_dir
    from ltpif.geography.organisations import Landscape, read_landscape
    from ltpif.web.organisations.store import DatabaseRoundStore

    lookups = default_lookups_dir()
    landscape = read_landscape(pack, lookups) if lookups else Landscape(())
    print(open_round_with(pack, landscape, DatabaseRoundStore()).summary())
    if lookups is None:
        print("No lookups folder found: run `ltpif round open --lookups DIR` to add them.")


def _first_run(data_dir: Path, today: str) -> None:
    """Open the round, write and assure the demo plans, load them and make the demo users."""
    from ltpif.app.assurance import assure_files
    from ltpif.demo.plans import write_demo_plans
    from ltpif.framework.loader import load_pack
    from ltpif.geography.lookups import default_lookups_dir
    from ltpif.interchange.assurance_html import render_html
    from ltpif.plans.files import read_plan
    from ltpif.web.actuals.demo import load_demo_actuals, load_real_ae
    from ltpif.web.planning.setup import create_demo_users, load_plan, new_password

    pack = load_pack()
    _open_round(pack)
    paths = write_demo_plans(pack, data_dir / "plans")
    reports = assure_files(paths, today=dt.date.fromisoformat(today))
    (data_dir / "assurance.html").write_text(render_html(reports), encoding="utf-8")
    plans = [read_plan(path).plan for path in paths]
    for plan in plans:
        load_plan(pack, plan)
    actuals = load_demo_actuals(pack, {plan.system: plan for plan in plans})
    password = new_password()
    (data_dir / "demo-password").write_text(password)
    (data_dir / "demo-password").chmod(0o600)
    users = create_demo_users(pack, password)
    ready = sum(1 for r in reports if r.readiness.ready)
    print(f"Loaded {len(paths)} demo plans ({ready} ready to submit) and {len(users)} users.")
    if actuals:
        print(f"Loaded {actuals.actuals:,} monthly actuals for monitoring: {actuals.file}.")
    real = [o.loaded for o in load_real_ae(pack, default_lookups_dir()) if o.loaded]
    for load in real:
        print(f"Loaded {load.actuals:,} published A&E actuals over them: {load.file}.")
    if not real:
        print("No shared data folder with NHS England's A&E files: every series is synthetic.")


def _print_users(data_dir: Path) -> None:
    from ltpif.web.planning.models import Membership

    password = (data_dir / "demo-password").read_text().strip()
    print(f"\nSign in with any of these users; the password of every demo user is: {password}")
    examples = Membership.objects.select_related("user", "system", "region").order_by(
        "role", "user__username"
    )
    shown: dict[str, int] = {}
    for membership in examples:
        if shown.get(membership.role, 0) >= 2:
            continue
        shown[membership.role] = shown.get(membership.role, 0) + 1
        scope = membership.system or membership.region or "all systems"
        print(f"  {membership.user.username:<16} {membership.get_role_display():<28} {scope}")
    print("  (every system has lead-<ods> and partner-<ods>; every region region-<ods>)")


def _emails_to_files(data_dir: Path) -> Path | None:
    """The demo writes its emails (invitations) to files in DIR/emails, unless SMTP is set."""
    if os.environ.get("LTPIF_EMAIL_HOST", "").strip():
        return None
    os.environ.setdefault("LTPIF_EMAIL_FILE_DIR", str(data_dir / "emails"))
    return Path(os.environ["LTPIF_EMAIL_FILE_DIR"])


def run_demo(args: argparse.Namespace) -> int:
    from ltpif.web.boot import configure, migrate, recover_publications, serve

    data_dir = args.data_dir
    if not args.no_serve and not _port_free(args.port):
        raise InputError([Problem("--port", None, "", f"port {args.port} is in use: pick another")])
    emails = _emails_to_files(data_dir)
    configure(data_dir, args.today)
    from ltpif.web.planning.models import Plan  # Django models load after configure

    migrate()
    if not Plan.objects.exists():
        _first_run(data_dir, args.today)
    _print_users(data_dir)
    print(f"\nPlanning calendar's today: {args.today}. Data: {data_dir}")
    if emails is not None:
        print(f"Invitation emails (People, Invite someone) are written to {emails}/")
    if args.no_serve:
        return 0
    recover_publications()
    print(f"ltpif is running at http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
    serve(args.port)
    return 0
