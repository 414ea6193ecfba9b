"""Starting Django from the CLI: the environment, the secret key, migrations, serving."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def configure(data_dir: Path, today: str | None = None) -> None:
    """Point the settings at a data folder; make its secret key on first use (never printed)."""
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

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def migrate_if_needed() -> None:
    """Migrate only when a migration is unapplied: commands that open the database cheaply."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        migrate()


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
