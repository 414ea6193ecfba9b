"""Two awards racing for the last of an envelope on SQLite (issue 16 item 5): one lands, the
other is refused (400, "only £4m remains"), never over-committed and never a 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_two_simultaneous_awards_one_lands_the_other_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "web" / "concurrent_awards.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rounds = json.loads(done.stdout.splitlines()[-1])
    assert len(rounds) == 8
    for answer in rounds:
        # £6m + £6m asked of £10m: exactly one award of £6m, the other refused as input
        assert answer == {"statuses": [302, 400], "awarded": "6.000", "awards": 1}, rounds
    assert "Traceback" not in done.stderr
