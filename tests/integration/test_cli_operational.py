"""`ltpif operational phase` and `ltpif assure` of an operational plan, as planners run them
(issue 13 item 7)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from ltpif.cli.main import main
from ltpif.plans.document import Plan
from ltpif.plans.files import write_plan
from tests.workbooks import SYSTEM, demo_plan

YEAR = "2020/21"
MONTHS = [f"2020-{m:02d}" for m in range(4, 13)] + [f"2021-{m:02d}" for m in range(1, 4)]


def _with_value(plan: Plan, metric: str, value: float) -> Plan:
    """The plan with `metric`'s 2020/21 value set to `value`."""
    entries = list(plan.commitments)
    for i, entry in enumerate(entries):
        trajectories = [
            dataclasses.replace(t, values={**t.values, YEAR: value}) if t.metric == metric else t
            for t in entry.trajectories
        ]
        entries[i] = dataclasses.replace(entry, trajectories=trajectories)
    return dataclasses.replace(plan, commitments=entries)


@pytest.fixture
def plan_file(tmp_path) -> Path:
    plan = _with_value(demo_plan(), "emergency-admissions", 1600)
    plan = _with_value(plan, "rtt-referrals", 100)
    write_plan(plan, tmp_path / "plan.yaml")
    return tmp_path / "plan.yaml"


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _metric(path: Path, metric: str) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(m for m in data["metrics"] if m["metric"] == metric)


def test_flat_phasing_written_and_assured(plan_file, tmp_path, capsys):
    out = tmp_path / "operational.yaml"
    code, printed, _ = run(capsys, "operational", "phase", plan_file, "--out", out)
    assert code == 0
    assert printed.startswith(f"{out}: ") and f"of {SYSTEM.code} phased by month for {YEAR}" in (
        printed
    )
    admissions = _metric(out, "emergency-admissions")
    assert admissions["phasing"] == "sum" and admissions["profile"] == "flat"
    assert list(admissions["months"]) == MONTHS
    # 1600 / 12 = 133.33: eight months of 133 (1,064), the 4 left one each to the first four
    assert list(admissions["months"].values()) == [134] * 4 + [133] * 8
    # a rate carries the annual rate each month
    rate = next(m for m in yaml.safe_load(out.read_text())["metrics"] if m["phasing"] == "rate")
    assert set(rate["months"].values()) == {rate["annual"]}
    code, printed, _ = run(capsys, "assure", out, "--format", "json")
    (report,) = json.loads(printed)["reports"]
    assert code == 0
    assert report["stage"] == "operational"
    assert report["readiness"]["errors"] == 0


def test_a_phasing_that_does_not_add_up_is_a_finding(plan_file, tmp_path, capsys):
    out = tmp_path / "operational.yaml"
    assert run(capsys, "operational", "phase", plan_file, "--out", out)[0] == 0
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    index = next(i for i, m in enumerate(data["metrics"]) if m["metric"] == "emergency-admissions")
    data["metrics"][index]["months"]["2020-04"] = 124  # 10 fewer than phased
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, printed, _ = run(capsys, "assure", out)
    assert code == 1
    assert "judged for the operational plan" in printed
    assert (
        "The months of Emergency hospital admissions add up to 1,590, 10 short of the agreed "
        "1,600 for 2020/21." in printed
    )
    line = out.read_text().splitlines().index("  months:", _line_of_metric(out, index)) + 1
    assert f"at {out}:{line} /metrics/{index}/months" in printed


def _line_of_metric(path: Path, index: int) -> int:
    """The 0-based line where metrics[index] starts."""
    starts = [i for i, line in enumerate(path.read_text().splitlines()) if line.startswith("- ")]
    return starts[index]


def test_seasonal_from_monthly_actuals(plan_file, tmp_path, capsys):
    actuals = tmp_path / "actuals.csv"
    rows = ["organisation_code,metric,period,value"]
    # 2019/20: April to November 100 a month, December to March 200: 16 shares of 100
    for month in [f"2019-{m:02d}" for m in range(4, 13)] + [f"2020-{m:02d}" for m in (1, 2, 3)]:
        winter = month[5:] in ("12", "01", "02", "03")
        rows.append(f"{SYSTEM.code},emergency-admissions,{month},{200 if winter else 100}")
    rows.append(f"{SYSTEM.code},rtt-referrals,2019-04,5")  # one month only: flat
    actuals.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "operational.yaml"
    code, _, err = run(capsys, "operational", "phase", plan_file, "--profile", "seasonal",
                       "--actuals", actuals, "--out", out)  # fmt: skip
    assert code == 0
    admissions = _metric(out, "emergency-admissions")
    assert admissions["profile"] == "seasonal"
    assert list(admissions["months"].values()) == [100] * 8 + [200] * 4
    referrals = _metric(out, "rtt-referrals")
    assert referrals["profile"] == "flat"
    assert referrals["note"].startswith("flat: no monthly actuals for May, June")
    assert list(referrals["months"].values()) == [9] * 4 + [8] * 8  # 100 flat
    mh = _metric(out, "mental-health-spend")  # no actuals of it at all
    assert (mh["profile"], mh["note"]) == ("flat", "flat: no actuals")
    assert "rtt-referrals: flat: no monthly actuals for May" in err


def test_bad_input_exits_2_listing_every_problem(tmp_path, capsys):
    out = tmp_path / "operational.yaml"
    code, _, err = run(capsys, "operational", "phase", tmp_path / "missing.yaml",
                       "--profile", "seasonal", "--out", out)  # fmt: skip
    assert code == 2
    assert err.splitlines() == [
        "--actuals: a seasonal profile needs a file of actuals",
        f"{tmp_path / 'missing.yaml'}: no such file",
        "2 problem(s): nothing was written.",
    ]
    assert not out.exists()


def test_a_year_outside_the_plan_exits_2(plan_file, tmp_path, capsys):
    out = tmp_path / "operational.yaml"
    code, _, err = run(capsys, "operational", "phase", plan_file, "--year", "2030/31",
                       "--out", out)  # fmt: skip
    assert code == 2
    assert "--year: not a plan year: 2030/31 (2019/20, 2020/21, 2021/22, 2022/23, 2023/24)" in err
    assert not out.exists()


def test_an_unreadable_operational_plan_exits_2_with_every_problem_located(
    plan_file, tmp_path, capsys
):
    out = tmp_path / "operational.yaml"
    assert run(capsys, "operational", "phase", plan_file, "--out", out)[0] == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    data["system"] = "E99999999"
    data["pack_version"] = "2018.1"
    first = data["metrics"][0]
    del first["months"]["2021-03"]  # a month missing
    first["months"]["2021-04"] = first["annual"]  # a month of another year
    data["metrics"][1]["metric"] = "no-such-metric"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run(capsys, "assure", bad)
    assert code == 2
    lines = bad.read_text().splitlines()
    system_line = lines.index("system: E99999999") + 1
    version_line = lines.index("pack_version: '2018.1'") + 1
    months_line = lines.index("  months:") + 1
    metric_line = lines.index("- metric: no-such-metric") + 1
    assert err.splitlines() == [
        f"{bad}:{version_line}: pack_version: written for ltpif-2019 2018.1; this is 2019.1",
        f"{bad}:{system_line}: system: unknown system code 'E99999999'",
        f"{bad}:{months_line}: metrics[0].months: 2021-04 is not a month of the year",
        f"{bad}:{months_line}: metrics[0].months: no value for 2021-03",
        f"{bad}:{metric_line}: metrics[1].metric: unknown metric 'no-such-metric'",
        "5 problem(s): nothing was written.",
    ]


def test_a_negative_count_in_a_month_is_refused(plan_file, tmp_path, capsys):
    out = tmp_path / "operational.yaml"
    assert run(capsys, "operational", "phase", plan_file, "--out", out)[0] == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    index = next(i for i, m in enumerate(data["metrics"]) if m["metric"] == "emergency-admissions")
    data["metrics"][index]["months"]["2020-05"] = -5
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run(capsys, "assure", out)
    assert code == 2
    assert f"metrics[{index}].months.2020-05: -5 is negative: a count cannot be below 0" in err
