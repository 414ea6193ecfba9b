"""Two awards racing for the last of an envelope on SQLite (issue 16 item 5): one lands, the
other is refused (400, "only £4m remains"), never over-committed and never a 500."""

from __future__ import annotations

from tests.web.race import run_race


def test_two_simultaneous_awards_one_lands_the_other_is_refused(tmp_path):
    rounds = run_race("concurrent_awards.py", tmp_path)
    assert len(rounds) == 8
    for answer in rounds:
        # £6m + £6m asked of £10m: exactly one award of £6m, the other refused as input
        assert answer == {"statuses": [302, 400], "awarded": "6.000", "awards": 1}, rounds
