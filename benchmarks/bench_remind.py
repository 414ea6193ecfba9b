"""`ltpif remind` over the demo's 42 systems with 300 people, as the whole CLI (start-up included).

Target (issue 13 item 5): under 2 s. The demo database is made once, with system planning
leads added until there are 300 people; the calendar's today is 20 September 2019, seven days
before the draft plan's deadline, so every plan still drafting is due its 7-day reminder.
Timed: `--dry-run` (finds what is due, writes nothing), and the real run, which records each
reminder, writes the notifications and writes the emails to files (the demo's email folder);
each real run starts from a copy of the database with none sent, the copying not timed. Also
timed: a second run on the same day, which finds everything sent and sends nothing.

Beside each wall-clock median, the CPU time the command used (user + system), which the other
work on a shared machine does not inflate; and the same for `ltpif round status`, a command
that starts Django on the same database and does little else, to show the start-up's part.

Usage: python benchmarks/bench_remind.py
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds

PEOPLE = 300
TODAY = "2019-09-20"

MORE_PEOPLE = """
from pathlib import Path
from ltpif.web.boot import configure
configure(Path(DATA_DIR))
from django.contrib.auth import get_user_model
from ltpif.web.planning.models import Membership, System
User = get_user_model()
systems = list(System.objects.order_by("code"))
n = 0
while User.objects.count() < PEOPLE:
    system = systems[n % len(systems)]
    user = User.objects.create(username=f"bench-{n}", email=f"bench-{n}@example.nhs.uk")
    Membership.objects.create(user=user, role="system_lead", system=system)
    n += 1
print(User.objects.count(), Membership.objects.filter(role="system_lead").count())
"""


def cpu_seconds(run, repeat: int = 7) -> float:
    """The median CPU time (user + system) of `run`'s child processes."""
    used = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(used)


def main() -> None:
    for name in ("DATABASE_URL", "LTPIF_DATA_DIR", "LTPIF_EMAIL_HOST"):
        os.environ.pop(name, None)
    scratch = Path(tempfile.mkdtemp(prefix="ltpif-bench-remind-"))
    data_dir = scratch / "data"
    os.environ["LTPIF_EMAIL_FILE_DIR"] = str(scratch / "emails")
    command(PYTHON, "-m", "ltpif", "demo", "--no-serve", "--data-dir", str(data_dir))()
    made = subprocess.run(
        [
            PYTHON,
            "-c",
            MORE_PEOPLE.replace("DATA_DIR", repr(str(data_dir))).replace("PEOPLE", str(PEOPLE)),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    people, leads = made.stdout.split()
    os.environ["LTPIF_TODAY"] = TODAY
    database = data_dir / "ltpif.sqlite3"
    pristine = scratch / "pristine.sqlite3"
    shutil.copyfile(database, pristine)
    remind = ("-m", "ltpif", "remind", "--data-dir", str(data_dir))
    dry_run = command(PYTHON, *remind, "--dry-run")
    dry = median_seconds(dry_run, repeat=7)
    dry_cpu = cpu_seconds(dry_run)
    status = command(PYTHON, "-m", "ltpif", "round", "status", "--data-dir", str(data_dir))
    start_up, start_up_cpu = median_seconds(status, repeat=7), cpu_seconds(status)
    listed = subprocess.run([PYTHON, *remind, "--dry-run"], capture_output=True, text=True)
    due = listed.stdout.strip().splitlines()[-1]

    send = command(PYTHON, *remind)
    times, cpu = [], []
    for _ in range(7):
        shutil.copyfile(pristine, database)
        shutil.rmtree(scratch / "emails", ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        send()
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    sent, sent_cpu = statistics.median(times), statistics.median(cpu)
    emails = sum(path.read_bytes().count(b"\nSubject: ") for path in (scratch / "emails").iterdir())
    again = median_seconds(send, repeat=7, warmup=0)
    print(f"people: {people} ({leads} system planning leads), today {TODAY}")
    print(f"dry run:  {due}")
    print(f"ltpif round status (start-up):     {start_up:.2f} s, CPU {start_up_cpu:.2f} s")
    print(f"ltpif remind --dry-run:            {dry:.2f} s (target < 2), CPU {dry_cpu:.2f} s")
    print(
        f"ltpif remind (sending {emails} emails): {sent:.2f} s (target < 2), CPU {sent_cpu:.2f} s"
    )
    print(f"ltpif remind again the same day:   {again:.2f} s")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
