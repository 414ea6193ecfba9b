"""The `ltpif framework` commands as a user runs them: exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys

from ltpif.cli.main import main
from tests.packs import copy_pack


def test_check_the_built_in_pack(capsys, seeds_dir):
    assert main(["framework", "check", "--seeds", str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert "ltpif-2019 2019.1: valid" in out
    assert f"Every citation checked verbatim against {seeds_dir}" in out


def test_check_says_when_citations_were_not_verified(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("LTPIF_SHARED", str(tmp_path))
    assert main(["framework", "check"]) == 0
    assert "Citations not verified" in capsys.readouterr().out


def test_a_broken_pack_exits_2_listing_every_problem(capsys, tmp_path, seeds_dir):
    pack_dir = copy_pack(tmp_path)
    (pack_dir / "sections.toml").write_text('[[section]]\nid = "x"\ncolour = 1\n')
    (pack_dir / "rules.toml").write_text("rule = [\n")
    assert main(["framework", "check", str(pack_dir), "--seeds", str(seeds_dir)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert "rules.toml:2: not valid TOML" in captured.err
    assert "sections.toml:3: section[0].colour: unknown key" in lines
    assert "sections.toml:1: section[0].title: missing key" in lines
    assert lines[-1].endswith("problem(s): nothing was written.")
    assert "Traceback" not in captured.err


def test_an_unknown_pack_folder_exits_2(capsys, tmp_path):
    assert main(["framework", "check", str(tmp_path / "nowhere")]) == 2
    assert "no such pack folder" in capsys.readouterr().err


def test_export_is_the_whole_pack_as_json(capsys):
    assert main(["framework", "export", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["pack"]["id"] == "ltpif-2019"
    assert len(document["geography"]["system"]) == 42
    assert document["periods"]["months"]["2019/20"][0] == "2019-04"
    metrics = [
        m["id"] for area in document["areas"] for c in area["commitment"] for m in c["metric"]
    ]
    assert "adult-crisis-24-7-coverage" in metrics
    assert all("source" in rule for rule in document["rules"])


def test_docs_write_a_reference_with_every_commitment_and_its_citation(capsys, tmp_path):
    from ltpif.framework.loader import load_pack

    assert main(["framework", "docs", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "ltpif-2019.md").read_text(encoding="utf-8")
    pack = load_pack()
    for commitment in pack.commitments:
        assert f"(`{commitment.id}`)" in text
    for rule in pack.rules.rule:
        assert f"`{rule.id}`" in text
    assert "345,000" in text or "345000" in text
    assert "— *LGA briefing" in text


def test_the_console_script_runs_and_usage_errors_exit_2():
    ok = subprocess.run(
        [sys.executable, "-m", "ltpif", "framework", "check"], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "ltpif", "framework", "nonsense"], capture_output=True, text=True
    )
    assert usage.returncode == 2
    assert "invalid choice" in usage.stderr


def test_diff_of_two_pack_versions_as_text_and_json(capsys, tmp_path):
    from tests.packs import next_round_pack

    new = next_round_pack(tmp_path)
    assert main(["framework", "diff", "ltpif-2019", str(new)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ltpif-2019 2019.1 → ltpif-2020 2020.1: 7 change(s)"
    assert "~ rule sections-substantial params.min_length: 100 → 150" in lines
    assert main(["framework", "diff", "ltpif-2019", str(new), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["new"] == {"pack": "ltpif-2020", "version": "2020.1"}
    assert {
        "kind": "commitment",
        "key": "fax-machines",
        "change": "removed",
        "label": "Stop using fax machines",
        "field": "",
        "before": None,
        "after": None,
    } in document["changes"]


def test_diff_of_unreadable_packs_exits_2_listing_the_problems_of_both(capsys, tmp_path):
    broken = copy_pack(tmp_path)
    (broken / "rules.toml").write_text("rule = [\n")
    assert main(["framework", "diff", str(tmp_path / "nowhere"), str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert f"{tmp_path / 'nowhere'}: no such pack folder" in lines
    assert any(line.startswith(f"{broken / 'rules.toml'}:2: not valid TOML") for line in lines)
    assert lines[-1] == "2 problem(s): nothing was written."
