"""Web latency under load (issue 4): 20 concurrent users (Locust, its own process, loopback)
against gunicorn + PostgreSQL on this machine. Prints p50/p95 of the plan page, the
trajectory save and the region dashboard; target p95 < 250 ms. Baseline in the same run:
the sign-in page (reads only the session). Users arrive signed in (sessions opened before
the run) and statistics restart once all of them have started.

Usage: python benchmarks/bench_web.py [--seconds 60] [--users 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ltpif_bench")
    options = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="ltpif-bench-"))
    env = {**os.environ, "DATABASE_URL": options.database_url, "LTPIF_DATA_DIR": str(data_dir)}
    name = options.database_url.rsplit("/", 1)[1]
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"], env)
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"], env)
    run([str(BIN / "ltpif"), "demo", "--no-serve", "--data-dir", str(data_dir)], env)
    env["LTPIF_SECRET_KEY"] = (data_dir / "secret-key").read_text()
    listing = run([str(BIN / "python"), "-c", LISTING], env).stdout.split()
    leads = [item for item in listing if item.startswith("lead-")]
    regionals = [item for item in listing if item.startswith("region-")]
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ltpif.web.wsgi",
            "-b",
            "127.0.0.1:8765",
            "-w",
            str(options.workers),
            "--log-level",
            "warning",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "ltpif.web.settings"},
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen("http://127.0.0.1:8765/sign-in/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        prefix = data_dir / "locust"
        run(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).parent / "locust_ltpif.py"),
                "--headless",
                "-u",
                str(options.users),
                "-r",
                str(options.users),
                "-t",
                f"{options.seconds}s",
                "-H",
                "http://127.0.0.1:8765",
                "--csv",
                str(prefix),
                "--only-summary",
                "--reset-stats",
            ],
            {
                **env,
                "LTPIF_BENCH_LEADS": ",".join(leads),
                "LTPIF_BENCH_REGIONALS": ",".join(regionals),
            },
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(f"{prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    setup = f"gunicorn {options.workers} workers, PostgreSQL"
    print(f"{options.users} users, {options.seconds} s after ramp-up, {setup}")
    for label in ("plan page", "trajectory save", "region dashboard", "sign-in page"):
        row = rows[label]
        counts = f"requests {row['Request Count']:>6}  failures {row['Failure Count']:>3}"
        print(f"  {label:<18} {counts}  p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms")
    print("  (the sign-in page is the baseline: a page that reads only the session and user)")
    print("  target: p95 < 250 ms for the plan page, trajectory save and region dashboard")


LISTING = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
django.setup()
from django.contrib.sessions.backends.db import SessionStore
from ltpif.web.planning.models import Membership

def session_of(user):
    # what django.contrib.auth.login stores, without hashing the password 20 times at once
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key

for m in Membership.objects.filter(role="system_lead").order_by("user__username")[:40]:
    print(f"{m.user.username}:{m.system_id}:{session_of(m.user)}")
for m in Membership.objects.filter(role="regional_lead"):
    print(f"{m.user.username}:{m.region_id}:{session_of(m.user)}")
"""

if __name__ == "__main__":
    main()
