"""What a server's worker does as it starts (`ltpif.web.wsgi`), before its first request."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import ltpif.web.wsgi
from django.template import engines
from django.urls import get_resolver
env = engines["jinja2"].env
templates = set(env.list_templates())
compiled = {key[1] for key in env.cache.keys()}
print(get_resolver()._populated, len(templates) > 100, templates <= compiled)
"""


def test_the_url_resolver_is_filled_and_every_page_compiled_before_the_first_request(tmp_path):
    """A redirect to an address first tries it as a view's name, which fills the resolver's
    reverse lookup the first time (13 ms of a worker's first submission); a template is
    compiled at its first use: both done as the worker starts (warm_start.py)."""
    env = {
        **os.environ,
        "LTPIF_DATA_DIR": str(tmp_path),
        "LTPIF_SECRET_KEY": "test-only-key-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    found = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["True", "True", "True"]
