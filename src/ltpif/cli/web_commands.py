"""`ltpif serve`, `ltpif migrate`, `ltpif token create`: running the web platform."""

from __future__ import annotations

import argparse

from ltpif.cli.options import add_data_dir
from ltpif.framework.problems import InputError, Problem, quoted


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="serve the web app on an existing database")
    serve.add_argument("--port", type=int, default=8000)
    add_data_dir(serve)
    serve.set_defaults(run=run_serve)

    migrate = commands.add_parser("migrate", help="create or update the database's tables")
    add_data_dir(migrate)
    migrate.set_defaults(run=run_migrate)

    token = commands.add_parser("token", help="API tokens")
    actions = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make an API token for a user (shown once)")
    create.add_argument("username")
    create.add_argument("--name", default="cli")
    add_data_dir(create)
    create.set_defaults(run=run_token_create)


def run_serve(args: argparse.Namespace) -> int:
    from ltpif.web.boot import check_database, configure, recover_publications, serve

    configure(args.data_dir)
    check_database(migrated=True)
    recover_publications()
    print(f"ltpif is serving on http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
    serve(args.port)
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    from ltpif.web.boot import configure, migrate

    configure(args.data_dir)
    migrate()
    print("The database is up to date.")
    return 0


def run_token_create(args: argparse.Namespace) -> int:
    from ltpif.web.boot import configure

    configure(args.data_dir)
    print(create_token(args.username, args.name))
    return 0


def create_token(username: str, name: str) -> str:
    from django.contrib.auth import get_user_model

    from ltpif.web.planning.actions import create_api_token

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InputError([Problem("username", None, "", f"no user {quoted(username)}")])
    return create_api_token(user=user, name=name, by=None)
