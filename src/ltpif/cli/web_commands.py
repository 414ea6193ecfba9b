"""`ltpif serve`, `ltpif migrate`, `ltpif token create`: running the web platform."""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from ltpif.framework.problems import InputError, Problem, quoted

DEFAULT_DATA_DIR = Path("ltpif-data")


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="serve the web app on an existing database")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    serve.set_defaults(run=run_serve)

    migrate = commands.add_parser("migrate", help="create or update the database's tables")
    migrate.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    migrate.set_defaults(run=run_migrate)

    token = commands.add_parser("token", help="API tokens")
    actions = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make an API token for a user (shown once)")
    create.add_argument("username")
    create.add_argument("--name", default="cli")
    create.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    create.set_defaults(run=run_token_create)


def run_serve(args: argparse.Namespace) -> int:
    from ltpif.web.boot import configure, serve

    configure(args.data_dir.resolve())
    print(f"ltpif is serving on http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
    serve(args.port)
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    from ltpif.web.boot import configure, migrate

    configure(args.data_dir.resolve())
    migrate()
    print("The database is up to date.")
    return 0


def run_token_create(args: argparse.Namespace) -> int:
    from ltpif.web.boot import configure

    configure(args.data_dir.resolve())
    print(create_token(args.username, args.name))
    return 0


def create_token(username: str, name: str) -> str:
    import hashlib

    from django.contrib.auth import get_user_model

    from ltpif.web.planning.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InputError([Problem("username", None, "", f"no user {quoted(username)}")])
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, sha256=hashlib.sha256(token.encode()).hexdigest())
    return token
