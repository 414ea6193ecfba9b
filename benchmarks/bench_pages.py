"""Each page's own cost, one request at a time (the companion of bench_web.py, for a machine
busy with other work): the processor time this process spends answering each page that
bench_web.py loads, through Django's test client on `ltpif demo`'s data (42 plans and their
actuals), each read just after another lead saved a trajectory (the worst case: what the
server keeps for the plans is made again), as medians and over the sign-in page's, measured
in the same run.

Processor time, not the clock: other work on the machine slows it much less (it still shifts
it some: compare ratios, not times, between runs). No HTTP server, no concurrency: what it
shows is the work each page does, which under bench_web's load becomes its latency. The
database is SQLite in a temporary folder unless --database-url names a PostgreSQL one (that
database is dropped and made afresh).

Usage: python benchmarks/bench_pages.py [--repeat 9] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

COMMITMENT, METRIC, CHART = (
    "adult-crisis-teams",
    "adult-crisis-24-7-coverage",
    "ae-4-hour-performance",
)
LOCK = re.compile(r'name="lock_version" value="(\d+)"')
FIELD = re.compile(rf'name="({METRIC}__(?:num|den)__[0-9/]+)"[^>]*value="([^"]*)"')
# (page, who reads it, its address), as locust_ltpif.py names them
PAGES = [
    ("sign-in page", "national", "/sign-in/"),
    ("plan page", "system_lead", "/plans/{system}/"),
    ("commitment page", "system_lead", f"/plans/{{system}}/commitments/{COMMITMENT}/"),
    ("SPC chart", "system_lead", f"/monitoring/spc/{CHART}/{{system}}/"),
    ("SPC chart (England)", "national", f"/monitoring/spc/{CHART}/national/"),
    ("monitoring summary", "national", "/monitoring/"),
    ("region dashboard", "regional_lead", "/regions/{region}/"),
    ("roll-up (region)", "regional_lead", "/rollup/regions/{region}/"),
    ("national dashboard", "national", "/national/"),
    ("roll-up", "national", "/rollup/"),
    ("national maturity", "national", "/maturity/"),
    ("national funding", "national", "/funding/"),
    ("notifications list", "system_lead", "/notifications/"),
]


def prepare(folder: str, database_url: str | None) -> None:
    """`ltpif demo` into `folder`, and this process's Django on it."""
    env = {**os.environ, "LTPIF_DATA_DIR": folder}
    if database_url:
        from bench_web import fresh_database

        if not fresh_database(database_url):
            sys.exit(0)
        env["DATABASE_URL"] = database_url
    subprocess.run(
        [sys.executable, "-m", "ltpif", "demo", "--no-serve", "--data-dir", folder],
        env=env,
        check=True,
        capture_output=True,
    )
    os.environ.update(env, LTPIF_SECRET_KEY=(Path(folder) / "secret-key").read_text())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ltpif-bench-pages-") as folder:
        prepare(folder, options.database_url)
        from django.test import Client

        from ltpif.web.planning.models import Membership

        def member(role: str, index: int = 0) -> Membership:
            found = Membership.objects.filter(role=role).select_related("user")
            return found.order_by("user__username")[index]

        def client(who: Membership) -> Client:
            signed_in = Client(HTTP_HOST="127.0.0.1")
            signed_in.force_login(who.user)
            return signed_in

        writer = member("system_lead", 1)
        editor, page = client(writer), f"/plans/{writer.system_id}/commitments/{COMMITMENT}/"
        form = {}

        def save(token: int) -> None:
            nonlocal form
            html = editor.get(page).content.decode() if not form else None
            if html is not None:
                form = dict(FIELD.findall(html)) | {"lock_version": LOCK.search(html).group(1)}
            data = {**form, f"{METRIC}__num__2018/19": str(token)}
            answer = editor.post(page + "trajectories/", data, headers={"HX-Request": "true"})
            html = answer.content.decode()
            form = dict(FIELD.findall(html)) | {"lock_version": LOCK.search(html).group(1)}

        readers = {role: member(role) for role in ("system_lead", "regional_lead", "national")}
        clients = {role: client(who) for role, who in readers.items()}
        costs: dict[str, list[float]] = {name: [] for name, _, _ in PAGES}
        costs["trajectory save"] = []
        token = 100000
        for round_ in range(options.repeat + 1):  # the first round warms up: not counted
            for name, role, url in PAGES:
                token += 1
                start = time.process_time()
                save(token)
                if round_:
                    costs["trajectory save"].append(time.process_time() - start)
                who = readers[role]
                address = url.format(system=who.system_id, region=who.region_id)
                start = time.process_time()
                answer = clients[role].get(address)
                if round_:
                    costs[name].append(time.process_time() - start)
                if answer.status_code != 200:
                    raise RuntimeError(f"{name}: {address} answered {answer.status_code}")
        base = statistics.median(costs["sign-in page"])
        print(f"processor time per page, one at a time, after a save; median of {options.repeat}")
        print(f"load average (1 min) {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
        print(f"  {'page':<22} {'median ms':>9} {'min ms':>7}  ratio")
        for name, spent in sorted(costs.items(), key=lambda item: -statistics.median(item[1])):
            middle = statistics.median(spent)
            print(
                f"  {name:<22} {1000 * middle:9.1f} {1000 * min(spent):7.1f}  {middle / base:4.1f}x"
            )


if __name__ == "__main__":
    main()
