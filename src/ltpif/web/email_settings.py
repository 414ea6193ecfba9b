"""Where ltpif's email goes, from the environment: SMTP when LTPIF_EMAIL_HOST is set (production),
files in a folder when LTPIF_EMAIL_FILE_DIR is set (the demo), else the console (development).
Every variable is in docs/reference/settings.md."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
FILES = "django.core.mail.backends.filebased.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM = "ltpif <ltpif@localhost>"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ImproperlyConfigured(f"LTPIF_EMAIL_PORT must be a port number, not {text!r}")
    return int(text)


def email_settings(environ: Mapping[str, str]) -> dict[str, object]:
    """Django's email settings (and the site's address for links in emails) from `environ`."""
    given = {k: v.strip() for k, v in environ.items() if k.startswith("LTPIF_") and v.strip()}
    tls, ssl = given.get("LTPIF_EMAIL_TLS") == "1", given.get("LTPIF_EMAIL_SSL") == "1"
    if tls and ssl:
        raise ImproperlyConfigured("Set LTPIF_EMAIL_TLS or LTPIF_EMAIL_SSL, not both")
    found: dict[str, object] = {
        "DEFAULT_FROM_EMAIL": given.get("LTPIF_EMAIL_FROM", DEFAULT_FROM),
        "SITE_URL": given.get("LTPIF_SITE_URL", DEFAULT_SITE_URL).rstrip("/"),
    }
    if "LTPIF_EMAIL_HOST" in given:
        return found | {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": given["LTPIF_EMAIL_HOST"],
            "EMAIL_PORT": _port(given.get("LTPIF_EMAIL_PORT", "465" if ssl else "587")),
            "EMAIL_HOST_USER": given.get("LTPIF_EMAIL_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("LTPIF_EMAIL_PASSWORD", ""),
            "EMAIL_USE_TLS": tls,
            "EMAIL_USE_SSL": ssl,
            "EMAIL_TIMEOUT": 30,
        }
    if "LTPIF_EMAIL_FILE_DIR" in given:
        return found | {"EMAIL_BACKEND": FILES, "EMAIL_FILE_PATH": given["LTPIF_EMAIL_FILE_DIR"]}
    return found | {"EMAIL_BACKEND": CONSOLE}
