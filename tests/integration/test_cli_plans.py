"""`ltpif demo`, `ltpif demo plans`, `ltpif assure` and `ltpif plans schema` as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from ltpif.cli.main import main
from ltpif.demo.plans import demo_assignments
from ltpif.framework.loader import load_pack

REPO = Path(__file__).resolve().parents[2]
PACK = load_pack()
ASSIGNMENTS = demo_assignments(PACK)
COMPLIANT = sorted(code for code, failings in ASSIGNMENTS.items() if not failings)
FAILING = sorted(
    code
    for code, failings in ASSIGNMENTS.items()
    if {"crisis-coverage-short", "no-clinical-lead"} & set(failings)
)


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plans")
    assert main(["demo", "plans", "--out", str(out)]) == 0
    return out


def test_demo_plans_writes_42_files(plans_dir):
    assert sorted(p.stem for p in plans_dir.glob("*.yaml")) == sorted(ASSIGNMENTS)


def test_demo_plans_match_the_published_schema(plans_dir):
    schema = json.loads((REPO / "docs/reference/plan.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for path in sorted(plans_dir.glob("*.yaml"))[:6]:
        document = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        errors = list(validator.iter_errors(document))
        assert errors == [], f"{path.name}: {errors[0].message}"


def test_the_published_schema_is_current(capsys):
    assert main(["plans", "schema"]) == 0
    published = json.loads((REPO / "docs/reference/plan.schema.json").read_text())
    assert json.loads(capsys.readouterr().out) == published


def test_assure_a_compliant_plan_exits_0(plans_dir, capsys):
    assert main(["assure", str(plans_dir / f"{COMPLIANT[0]}.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Ready to submit." in out
    assert "Financial tests: Return to financial balance GREEN" in out


def test_assure_judges_past_due_milestones_against_today(plans_dir, capsys):
    """On the demo's today (16 September 2019) every past milestone has its evidence; a year
    later the milestones due in between have none: queries, so still ready to submit."""
    path = str(plans_dir / f"{COMPLIANT[0]}.yaml")
    assert main(["assure", path, "--today", "2019-09-16", "--format", "json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    assert not [f for f in report["findings"] if f["rule"] == "milestones-evidenced"]
    assert main(["assure", path, "--today", "2020-09-16", "--format", "json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    late = [f for f in report["findings"] if f["rule"] == "milestones-evidenced"]
    assert late and {f["severity"] for f in late} == {"query"}


def test_assure_refuses_a_today_that_is_not_a_date(plans_dir, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["assure", str(plans_dir / f"{COMPLIANT[0]}.yaml"), "--today", "soon"])
    assert exited.value.code == 2
    assert "not a date like 2019-09-16: 'soon'" in capsys.readouterr().err


def test_assure_a_failing_plan_exits_1_and_locates_each_finding(plans_dir, capsys):
    path = plans_dir / f"{FAILING[0]}.yaml"
    assert main(["assure", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Not ready to submit" in out
    lines = path.read_text().splitlines()
    located = [line for line in out.splitlines() if line.strip().startswith(f"at {path}:")]
    assert located
    for entry in located:
        number = int(entry.split(f"{path}:")[1].split()[0])
        assert 1 <= number <= len(lines)


def test_assure_json_is_complete(plans_dir, capsys):
    paths = [str(plans_dir / f"{code}.yaml") for code in (COMPLIANT[0], FAILING[0])]
    assert main(["assure", *paths, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    first, second = document["reports"]
    assert first["format"] == "ltpif-assurance/1"
    assert first["readiness"] == {
        "ready": True,
        "rag": "green",
        "verdict": "Ready to submit.",
        "errors": 0,
        "queries": 0,
        "infos": len(first["findings"]),
        "explained": 0,
    }
    assert first["stage"] == "final"
    assert second["readiness"]["ready"] is False
    finding = next(f for f in second["findings"] if f["severity"] == "error")
    assert set(finding) == {
        "rule",
        "rule_title",
        "check",
        "severity",
        "pointer",
        "line",
        "message",
        "commitment",
        "section",
        "principles",
        "citation",
        "severity_at_other_stages",
        "explained",
    }
    assert finding["citation"]["quote"]
    assert finding["pointer"].startswith("/")
    assert len(second["rag"]["principles"]) == 10
    assert [t["id"] for t in second["rag"]["financial_tests"]] == ["1", "2", "3", "4", "5"]
    assert [row["year"] for row in second["finance"]] == PACK.plan_years


def test_assure_judges_the_draft_with_final_only_rules_as_information(plans_dir, capsys):
    """The board's dedicated discussion is required of the final plan only: on the draft its
    absence is information (issue 13 item 1)."""
    code = next(c for c, f in ASSIGNMENTS.items() if "no-hwb-discussion" in f)
    path = str(plans_dir / f"{code}.yaml")
    main(["assure", path, "--stage", "draft", "--format", "json"])
    draft = json.loads(capsys.readouterr().out)["reports"][0]
    assert main(["assure", path, "--format", "json"]) == 1
    final = json.loads(capsys.readouterr().out)["reports"][0]
    assert (draft["stage"], final["stage"]) == ("draft", "final")
    assert draft["readiness"]["errors"] == final["readiness"]["errors"] - 1
    assert [
        (f["severity"], f["severity_at_other_stages"])
        for f in draft["findings"]
        if f["rule"] == "hwb-dedicated-discussion"
    ] == [("info", "error")]
    with pytest.raises(SystemExit) as exited:
        main(["assure", path, "--stage", "operational"])
    assert exited.value.code == 2
    assert "invalid choice: 'operational'" in capsys.readouterr().err


def test_assure_html_is_a_printable_report(plans_dir, capsys):
    path = plans_dir / f"{FAILING[0]}.yaml"
    assert main(["assure", str(path), "--format", "html"]) == 1
    html = capsys.readouterr().out
    assert html.startswith("<!DOCTYPE html>")
    assert "@media print" in html
    assert "Not ready to submit" in html
    assert PACK.system_by_code[FAILING[0]].name.replace("&", "&amp;") in html


def test_assure_bad_files_exits_2_listing_all_and_printing_no_report(plans_dir, tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    text = (plans_dir / f"{COMPLIANT[0]}.yaml").read_text()
    broken.write_text(text.replace("pack_version: '2019.1'", "pack_version: '2018.1'"))
    missing = tmp_path / "missing.yaml"
    assert main(["assure", str(plans_dir / f"{COMPLIANT[1]}.yaml"), str(broken), str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{broken}:3: pack_version: written for ltpif-2019 2018.1" in captured.err
    assert f"{missing}: no such file" in captured.err
    assert "Traceback" not in captured.err
