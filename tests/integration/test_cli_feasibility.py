"""`ltpif feasibility` on demo plans: the table, the findings, the formats, bad input."""

from __future__ import annotations

import json

import pytest

from ltpif.cli.main import main
from ltpif.demo.plans import demo_assignments, write_demo_plans
from ltpif.framework.loader import load_pack


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    pack = load_pack()
    folder = tmp_path_factory.mktemp("plans")
    write_demo_plans(pack, folder)
    assigned = demo_assignments(pack)
    failing = next(c for c, f in assigned.items() if f == ("list-outruns-capacity",))
    compliant = next(c for c, f in assigned.items() if not f)
    return folder / f"{failing}.yaml", folder / f"{compliant}.yaml"


def test_json_gives_the_list_years_and_the_findings(plans, capsys):
    failing, compliant = plans
    assert main(["feasibility", "--format", "json", str(failing), str(compliant)]) == 0
    document = json.loads(capsys.readouterr().out)
    bad, good = document["plans"]
    assert [row["year"] for row in bad["waiting_list"]] == [
        "2019/20", "2020/21", "2021/22", "2022/23", "2023/24"
    ]  # fmt: skip
    assert {f["rule"] for f in bad["findings"]} == {"waiting-list-feasible"}
    for row in good["waiting_list"]:  # the demo derives completions from the list's flows
        assert row["projected"] == pytest.approx(row["planned"], rel=1e-3)
    assert good["findings"] == []


@pytest.mark.parametrize("form", ["text", "html"])
def test_text_and_html_name_the_finding(plans, capsys, form):
    assert main(["feasibility", "--format", form, str(plans[0])]) == 0
    assert "waiting-list-feasible" in capsys.readouterr().out


def test_a_missing_plan_is_bad_input(tmp_path, capsys):
    assert main(["feasibility", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err
