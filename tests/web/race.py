"""The harness of the race tests: requests posted from threads released at one moment, and
the scripts that stage them run in their own process on a fresh SQLite data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def post_at_once(posts) -> list[int]:
    """Post each (user, url, data) from its own thread, all released together; the sorted
    status codes. Each thread signs in its own client and closes its own connection."""
    from django.db import connection
    from django.test import Client

    barrier = threading.Barrier(len(posts))
    statuses: list[int] = []

    def post(user, url, data) -> None:
        client = Client(raise_request_exception=False, HTTP_HOST="localhost")
        client.force_login(user)
        barrier.wait()
        statuses.append(client.post(url, data).status_code)
        connection.close()

    threads = [threading.Thread(target=post, args=args) for args in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def run_race(script: str, data_dir: Path):
    """Run tests/web/SCRIPT on DATA_DIR in a child process; its last line of output, as JSON."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "web" / script), str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.splitlines()[-1])
