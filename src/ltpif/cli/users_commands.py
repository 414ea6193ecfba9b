"""`ltpif users create-national` and `ltpif users import`: people on the command line.

Both make accounts without passwords and email each person a one-time link to set theirs
(the link also printed by create-national, for a database whose email is not set up yet)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ltpif.cli.options import add_data_dir
from ltpif.framework.problems import InputError


def register(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="people: the first national user, or many at once")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    national = actions.add_parser(
        "create-national",
        help="the first national user of an empty database: prints their one-time link to set "
        "a password (and emails it)",
    )
    national.add_argument("email")
    national.add_argument("--name", default="", help="their full name (default: the email)")
    add_data_dir(national)
    national.set_defaults(run=run_create_national)

    load = actions.add_parser(
        "import",
        help="invite everyone in a UTF-8 CSV file (columns: email, name, role, organisation "
        "code), all or nothing; each is emailed a one-time link",
    )
    load.add_argument("file", type=Path, metavar="FILE.csv")
    add_data_dir(load)
    load.set_defaults(run=run_import)


def _ready(data_dir: Path) -> None:
    from ltpif.web.boot import configure, migrate_if_needed

    configure(data_dir)
    migrate_if_needed()


def _days() -> int:
    from ltpif.web.people.actions import INVITATION_DAYS

    return INVITATION_DAYS


def _where_email_goes() -> str:
    from django.conf import settings

    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "filebased":
        return f"written to files in {settings.EMAIL_FILE_PATH}"
    if backend == "smtp":
        return f"sent through {settings.EMAIL_HOST}"
    if backend == "console":
        return (
            "printed above (no email server is set: LTPIF_EMAIL_HOST, docs/reference/settings.md)"
        )
    return f"handed to {settings.EMAIL_BACKEND}"


def run_create_national(args: argparse.Namespace) -> int:
    _ready(args.data_dir)
    from ltpif.web.people.imports import create_national

    membership, link = create_national(args.email, args.name)
    print(f"Made the national user {membership.user.username}, without a password yet.")
    print(f"Their invitation email was {_where_email_goes()}.")
    print(f"Their one-time link to set a password (it works once, for {_days()} days):")
    print(f"  {link}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ltpif.interchange.people_csv import read_people

    rows, problems = read_people(args.file)
    if problems:  # the file cannot be read: the database is not opened
        raise InputError(problems)
    _ready(args.data_dir)
    from ltpif.web.people.imports import import_people

    made = import_people(str(args.file), rows)
    for membership, _ in made:
        scope = membership.system or membership.region or "all systems"
        print(f"  {membership.user.username:<40} {membership.get_role_display():<28} {scope}")
    print(
        f"Invited {len(made)} people; their invitation emails were {_where_email_goes()} "
        f"(each link works once, for {_days()} days)."
    )
    return 0
