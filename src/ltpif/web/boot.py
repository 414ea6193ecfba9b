"""Starting Django from the CLI: the environment, the secret key, the database, serving."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from ltpif.web.database_url import DatabaseUrlError


class DatabaseUnavailable(Exception):
    """The database's URL is malformed, or the database cannot be reached or is not migrated."""


def configure(data_dir: Path, today: str | None = None) -> None:
    """Point the settings at a data folder; make its secret key on first use (never printed);
    connect to the database or raise DatabaseUnavailable."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LTPIF_DATA_DIR"] = str(data_dir)  # the command line wins over the environment
    if not os.environ.get("LTPIF_SECRET_KEY"):
        key_file = data_dir / "secret-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        os.environ["LTPIF_SECRET_KEY"] = key_file.read_text().strip()
    if today:
        os.environ.setdefault("LTPIF_TODAY", today)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
    import django

    try:
        django.setup()
    except DatabaseUrlError as exc:
        raise DatabaseUnavailable(f"DATABASE_URL cannot be used: {exc}") from None
    check_database()


def _where() -> str:
    """The database named without its password."""
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {config['NAME']}"
    return f"the PostgreSQL database {config['NAME']} on {config['HOST'] or 'localhost'}"


def database_failure(exc: BaseException) -> str | None:
    """The message for a database that is missing or went away, without secrets; None if
    `exc` is not that (a bug stays a traceback)."""
    if isinstance(exc, DatabaseUnavailable):
        return str(exc)
    db = sys.modules.get("django.db")
    if db is None or not isinstance(exc, db.OperationalError | db.InterfaceError):
        return None
    reason = (str(exc).strip().splitlines() or ["no reason given"])[0][:200]
    password = db.connection.settings_dict.get("PASSWORD")
    if password:
        reason = reason.replace(password, "***")
    return f"Cannot use {_where()}: {reason}"


def check_database(*, migrated: bool = False) -> None:
    """Connect (and with `migrated`, require every migration applied), else DatabaseUnavailable."""
    from django.db import connection

    try:
        connection.ensure_connection()
        missing = len(unapplied_migrations()) if migrated else 0
    except Exception as exc:
        failure = database_failure(exc)
        if failure is None:
            raise
        raise DatabaseUnavailable(failure) from None
    if missing:
        raise DatabaseUnavailable(
            f"Cannot use {_where()}: {missing} migration(s) not applied; run `ltpif migrate`"
        )


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def unapplied_migrations() -> list:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrate_if_needed() -> None:
    """Migrate only when a migration is unapplied: commands that open the database cheaply."""
    if unapplied_migrations():
        migrate()


def recover_publications() -> None:
    """Fail the publication runs a stopped server left building, and say so."""
    from ltpif.web.publishing.actions import recover_stopped_runs

    for run in recover_stopped_runs():
        print(f"Publication run {run} stopped with its server: marked failed, its files removed.")


def serve(port: int, workers: int = 2) -> None:
    """The app under gunicorn on localhost; returns when stopped (Ctrl-C)."""
    from gunicorn.app.base import BaseApplication

    from ltpif.web.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")

        def load(self):
            return application

    Server().run()
