"""DATABASE_URL → Django's DATABASES entry: sqlite:///path or postgres://user:pw@host:port/name."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


class DatabaseUrlError(ValueError):
    pass


def parse_database_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/"):
            raise DatabaseUrlError(
                f"write sqlite URLs as sqlite:///relative or sqlite:////absolute: {url}"
            )
        name = path[1:]
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(name).resolve())}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise DatabaseUrlError(f"a PostgreSQL URL needs a database name: {url}")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise DatabaseUrlError(f"unsupported database URL scheme {parts.scheme!r} (sqlite, postgres)")
