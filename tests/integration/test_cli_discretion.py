"""`ltpif discretion` as users run it: text, JSON and CSV agree, and bad input exits 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ltpif.cli.main import main
from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack

PACK = load_pack()


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("plans")
    assert main(["demo", "plans", "--out", str(out)]) == 0
    return sorted(out.glob("*.yaml"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_gives_each_plan_and_the_nation_as_ratios_of_sums(plans, capsys):
    code, out, _ = run(capsys, "discretion", *map(str, plans), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert len(document["plans"]) == 42
    nation = document["national"]
    for part in ("commitments", "metrics", "values", "milestones", "money"):
        local = sum(p[f"{part}_local"] for p in document["plans"])
        total = sum(p[f"{part}_total"] for p in document["plans"])
        assert nation[f"{part}_local"] == pytest.approx(local, abs=0.01)
        assert nation[f"{part}_share"] == pytest.approx(local / total, abs=1e-4)
    spread = nation["spread"]
    indices = sorted(p["index"] for p in document["plans"])
    assert (spread["lowest"], spread["highest"]) == (indices[0], indices[-1])
    # every demo plan has one to three local priorities, each filed under a theme
    assert sum(t["priorities"] for t in document["local_priorities_by_theme"]) >= 42


def test_a_justified_omission_and_a_local_pace_count_as_local(plans, capsys):
    """The demo plan leaving air quality out adds one locally chosen commitment to its own
    priorities; so does the one phasing the red book a year later."""
    assigned = demo_assignments(PACK)
    code, out, _ = run(capsys, "discretion", *map(str, plans), "--format", "csv")
    assert code == 0
    rows = {row["system"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["national"]["name"] == "All plans"
    for failing in ("omission-justified", "local-pace-justified"):
        system = next(code for code, failings in assigned.items() if failing in failings)
        _, single, _ = run(
            capsys, "discretion", str(plans[0].parent / f"{system}.yaml"), "--format", "json"
        )
        (plan,) = json.loads(single)["plans"]
        priorities = plan["commitments_total"] - len(PACK.commitments)
        assert plan["commitments_local"] == priorities + 1
        assert float(rows[system]["commitments_local"]) == plan["commitments_local"]


def test_text_shows_the_index_the_spread_and_the_themes(plans, capsys):
    code, out, _ = run(capsys, "discretion", *map(str, plans[:3]))
    assert code == 0
    assert "Local discretion index (0 = wholly prescribed, 1 = wholly local)" in out
    assert "National (ratio of sums)" in out
    assert "Across the 3 plans: lowest" in out
    assert "Housing and independent living:" in out


def test_bad_plans_exit_2_naming_each(plans, tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(plans[0].read_text().replace("theme: ", "theme: no-such-", 1))
    code, _, err = run(capsys, "discretion", str(plans[0]), str(broken), str(plans[0]))
    assert code == 2
    assert "broken.yaml" in err and "unknown theme 'no-such-" in err
    assert "a second plan for" in err
