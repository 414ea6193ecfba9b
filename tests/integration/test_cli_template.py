"""`ltpif template export` and `ltpif template import` as planners run them."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from ltpif.cli.main import main
from ltpif.plans.files import plan_yaml, write_plan
from tests.workbooks import PACK, SYSTEM, demo_plan, edit, set_cell


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("template")
    write_plan(demo_plan(), out / "plan.yaml")
    assert (
        main(["template", "export", str(out / "plan.yaml"), "--out", str(out / "plan.xlsx")]) == 0
    )
    return out


def test_export_writes_the_workbook(folder, capsys):
    out = folder / "again.xlsx"
    assert (
        main(
            [
                "template",
                "export",
                str(folder / "plan.yaml"),
                "--out",
                str(out),
                "--plan-version",
                "4",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == (
        f"{out}: the planning workbook of {SYSTEM.name} ({SYSTEM.code}), plan version 4\n"
    )
    assert out.read_bytes().startswith(b"PK")


def test_import_writes_the_identical_plan(folder, capsys):
    out = folder / "back.yaml"
    assert main(["template", "import", str(folder / "plan.xlsx"), "--out", str(out)]) == 0
    assert out.read_text() == (folder / "plan.yaml").read_text()
    printed = capsys.readouterr().out
    assert printed.startswith(f"{folder / 'plan.xlsx'}: a valid plan for {SYSTEM.name}")
    assert "Changes against the plan it was exported from:\nNo changes.\n" in printed


def test_import_against_the_current_plan_prints_the_changes(folder, capsys):
    workbook = folder / "edited.xlsx"
    workbook.write_bytes(
        edit((folder / "plan.xlsx").read_bytes(), set_cell("Narrative", "C5", "A new title"))
    )
    assert main(["template", "import", str(workbook), "--against", str(folder / "plan.yaml")]) == 0
    printed = capsys.readouterr().out
    assert f"Changes against {folder / 'plan.yaml'}:\n1 change(s):\n~ title: " in printed
    assert printed.endswith("→ 'A new title'\n")


def test_a_bad_workbook_exits_2_lists_every_problem_and_writes_nothing(folder, capsys):
    workbook = folder / "bad.xlsx"
    data = (folder / "plan.xlsx").read_bytes()
    data = edit(data, set_cell("Finance", "D9", "lots"))
    data = edit(data, set_cell("Engagement", "B6", "06/07/2019"))
    workbook.write_bytes(data)
    out = folder / "kept.yaml"
    out.write_text("what was there before\n")
    assert main(["template", "import", str(workbook), "--out", str(out)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors[0] == f"{workbook}: Finance!D9: 'lots' is not a number"
    assert errors[1].startswith(f"{workbook}: Engagement!B6: '06/07/2019' is a date typed as text")
    assert errors[2] == "2 problem(s): nothing was written."
    assert out.read_text() == "what was there before\n"
    assert not list(folder.glob(".*.tmp"))


def test_a_workbook_from_another_version_shows_its_changes_and_is_not_applied(folder, capsys):
    changed = folder / "changed.yaml"
    plan = demo_plan()
    changed.write_text(plan_yaml(dataclasses.replace(plan, title="Changed since the export")))
    out = folder / "stale.yaml"
    arguments = [
        "template",
        "import",
        str(folder / "plan.xlsx"),
        "--against",
        str(changed),
        "--out",
        str(out),
    ]
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith(
        f"The workbook's changes against {changed}:\n1 change(s):\n~ title:"
    )
    assert (
        "the plan has changed since this workbook was exported: nothing was applied" in captured.err
    )
    assert not out.exists()


def test_a_workbook_for_another_system(folder, capsys):
    other = folder / "other.yaml"
    write_plan(demo_plan(PACK.geography.system[1].code), other)
    assert main(["template", "import", str(folder / "plan.xlsx"), "--against", str(other)]) == 2
    assert f"this workbook is for {SYSTEM.name} ({SYSTEM.code})" in capsys.readouterr().err


def test_a_file_far_too_large_is_refused_before_it_is_read(folder, capsys):
    big = folder / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(20_000_000)  # sparse: nothing is written to disk
    assert main(["template", "import", str(big)]) == 2
    assert (
        "the file is 20.0 MB, far larger than a plan workbook (at most 10 MB)"
        in capsys.readouterr().err
    )
    os.remove(big)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["template", "import", "nowhere.xlsx"], "nowhere.xlsx: no such file"),
        (["template", "export", "nowhere.yaml", "--out", "x.xlsx"], "nowhere.yaml: no such file"),
    ],
)
def test_a_missing_file(arguments, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(arguments) == 2
    assert capsys.readouterr().err.splitlines()[0] == message
    assert not (tmp_path / "x.xlsx").exists()
