"""`ltpif plans carry-forward` as a user runs it: the 42 demo plans to the next round's pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ltpif.cli.main import main
from tests.packs import copy_pack, cut_entry, next_round_pack


@pytest.fixture(scope="module")
def demo_plans_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "old"
    assert main(["demo", "plans", "--out", str(out)]) == 0
    return out


@pytest.fixture
def round_folder(demo_plans_dir, tmp_path, monkeypatch) -> Path:
    """A folder with the 42 demo plans in `old/` and the next round's pack `ltpif-2020/`, as
    the working folder (where `ltpif assure` finds a pack named in a plan)."""
    shutil.copytree(demo_plans_dir, tmp_path / "old")
    next_round_pack(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_demo_plans_carried_forward_then_assured(round_folder, capsys):
    before = _contents(round_folder / "old")
    assert main(["plans", "carry-forward", "old", "--to", "ltpif-2020", "--out", "new"]) == 0
    out = capsys.readouterr().out
    assert _contents(round_folder / "old") == before  # the old plans are never changed
    drafts = sorted((round_folder / "new").iterdir())
    assert [p.name for p in drafts] == sorted(before)
    report = out.split("\n\n")
    assert (
        report[0] == "Carried 42 plan(s) forward to ltpif-2020 2020.1: 42 draft(s) written to new."
    )
    assert (
        report[1].splitlines()[0] == "The pack: ltpif-2019 2019.1 → ltpif-2020 2020.1: 7 change(s)"
    )
    assert report[2].splitlines() == [
        "E54000005 West Yorkshire: old/E54000005.yaml → new/E54000005.yaml",
        "  No longer fits (not carried):",
        "    commitments[fax-machines]: commitment 'fax-machines' is not in ltpif-2020 2020.1: "
        "not carried (its 1 trajectory)",
        "  Must now add:",
        "    trajectories: give values for the new plan year 2024/25: 40 trajectories",
        "    finance: give values for the new plan year 2024/25: 3 organisations",
        "    workforce: give values for the new plan year 2024/25: 5 staff groups",
        "  To review:",
        "    sign_offs: 6 sign-offs of the old plan set back to pending: "
        "partners sign the new draft",
    ]
    assert len(report) == 2 + 42
    assert "`ltpif assure` finds it" not in out  # the pack is a folder of its name right here

    # the drafts read against the new pack: findings (2024/25 is missing), no input problem
    assert main(["assure", *map(str, drafts), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    reports = json.loads(captured.out)["reports"]
    assert len(reports) == 42
    assert "fax-machines" not in captured.out
    assert "unknown commitment" not in captured.out


def test_a_folder_that_already_holds_plans_is_refused(round_folder, capsys):
    assert main(["plans", "carry-forward", "old", "--to", "ltpif-2020", "--out", "old"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "old: --out: already holds plans: carry forward into a new or empty folder",
        "1 problem(s): nothing was written.",
    ]


def test_bad_input_is_listed_whole_and_nothing_is_written(round_folder, capsys):
    (round_folder / "old" / "E54000005.yaml").write_text("ltpif_plan: 1\n", encoding="utf-8")
    arguments = ["plans", "carry-forward", "old", "nowhere.yaml", "--to", "ltpif-2099"]
    assert main([*arguments, "--out", "new"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "ltpif-2099: no such pack folder" in err
    assert "nowhere.yaml: no such file" in err
    assert any(line.startswith("old/E54000005.yaml:1: pack: missing key") for line in err)
    assert not (round_folder / "new").exists()


def test_the_report_as_json_and_a_system_not_in_the_new_pack(
    demo_plans_dir, tmp_path, monkeypatch, capsys
):
    shutil.copytree(demo_plans_dir, tmp_path / "old")
    pack = copy_pack(tmp_path / "packs")
    geography = pack / "geography.toml"
    text = geography.read_text(encoding="utf-8")
    geography.write_text(cut_entry(text, "system", "E54000049", key="code"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    plans = ["old/E54000048.yaml", "old/E54000049.yaml"]
    arguments = ["plans", "carry-forward", *plans, "--to", str(pack), "--out", "new"]
    assert main([*arguments, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["to"] == {"pack": "ltpif-2019", "version": "2019.1"}
    assert document["pack_changes"][0]["changes"] == [
        {
            "kind": "system",
            "key": "E54000049",
            "change": "removed",
            "label": "Cumbria and North East",
            "field": "",
            "before": None,
            "after": None,
        }
    ]
    gone = document["plans"][1]
    assert (gone["old_system"], gone["system"], gone["draft"]) == ("E54000049", None, None)
    assert gone["notes"] == [
        {
            "action": "dropped",
            "where": "system",
            "message": "system E54000049 is not in ltpif-2019 2019.1: no draft",
        }
    ]
    assert document["plans"][0]["draft"] == "new/E54000048.yaml"
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["E54000048.yaml"]
    # the drafts name ltpif-2019, which is the built-in pack, not this copy: the report says so
    assert document["pack_found"] is False


def test_the_plans_of_a_source_carried_in_memory(demo_plans_dir, tmp_path):
    from ltpif.app.carry_forward import carry_forward_source
    from ltpif.app.plan_folder import PlanFolder
    from ltpif.framework.loader import load_pack

    new = load_pack(next_round_pack(tmp_path))
    carried = carry_forward_source(PlanFolder(demo_plans_dir), new)
    assert len(carried) == 42
    west_yorkshire = carried["E54000005"]
    assert west_yorkshire.plan is not None
    assert west_yorkshire.plan.pack_version == "2020.1"
    assert [note.where for note in west_yorkshire.notes] == [
        "commitments[fax-machines]",
        "sign_offs",
        "trajectories",
        "finance",
        "workforce",
    ]
