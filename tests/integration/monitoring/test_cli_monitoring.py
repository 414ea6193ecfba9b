"""`ltpif actuals load`, `ltpif spc`, `ltpif funnel` and friends, as users run them.

The commands store actuals in the web database of the data folder. In this process Django is
set up once, on the test database, so every command here shares it: the module's fixture
empties it of actuals and loads the A&E file inside a transaction rolled back at the end.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest
from django.db import transaction

from ltpif.cli.main import main
from ltpif.demo.plans import build_plan
from ltpif.monitoring.trajectory import plan_trajectory
from ltpif.plans.files import write_plan
from ltpif.web.actuals.models import ActualsLoad
from tests.monitoring_support import AE_FILE, IBIS_ON_DUCKDB

pytestmark = [IBIS_ON_DUCKDB, pytest.mark.django_db]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, lookups, django_db_setup, django_db_blocker):
    folder = tmp_path_factory.mktemp("store")
    data_dir_before = os.environ.get("LTPIF_DATA_DIR")
    with django_db_blocker.unblock(), transaction.atomic():
        ActualsLoad.objects.all().delete()  # a store holding only what this module loads
        code = main(["actuals", "load", str(lookups / AE_FILE), "--format", "ae-monthly",
                     "--data-dir", str(folder), "--lookups", str(lookups)])  # fmt: skip
        assert code == 0
        yield folder
        transaction.set_rollback(True)
    os.environ.pop("LTPIF_DATA_DIR", None)  # `configure` pointed it at the folder
    if data_dir_before is not None:
        os.environ["LTPIF_DATA_DIR"] = data_dir_before


@pytest.fixture(autouse=True)
def _data_dir_env(monkeypatch, data_dir):
    monkeypatch.setenv("LTPIF_DATA_DIR", os.environ["LTPIF_DATA_DIR"])  # restored after


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_load_reports_rows_actuals_and_unmapped_codes(tmp_path, lookups, capsys):
    ActualsLoad.objects.all().delete()  # undone after the test
    args = ["actuals", "load", str(lookups / AE_FILE), "--format", "ae-monthly",
            "--data-dir", str(tmp_path), "--lookups", str(lookups)]  # fmt: skip
    code, out, _ = run(capsys, *args)
    assert code == 0
    load = re.search(rf"{re.escape(AE_FILE)}: load (\d+): 12,765 rows → 4,644 actuals", out)
    assert load
    # 17 codes (888 rows) fewer than without the successor file: the closed trusts
    assert "2,458 rows of 104 organisation code(s) map to no system" in out
    assert "1,063 rows (8.3% of the file's): independent sector providers" in out
    assert "1,395 rows (10.9% of the file's): other organisations" in out
    assert "provider Y02147: 36 rows, 344,695" in out
    assert "provider RQ6" not in out
    code, out, _ = run(capsys, *args)
    assert (code, out) == (0, f"{AE_FILE}: already loaded (load {load[1]}); nothing added\n")
    code, out, _ = run(capsys, "actuals", "loads", "--data-dir", str(tmp_path))
    assert "1 file(s) loaded" in out and "ae-monthly" in out


def test_a_bad_file_exits_2_with_every_problem(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "organisation_code,metric,period,value\nE54000007,waits,2019-04,1\nXXX,rtt-waiting-list,2019-04,*\n"
    )
    code, out, err = run(
        capsys, "actuals", "load", str(bad), "--format", "long", "--data-dir", str(tmp_path)
    )
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "bad.csv:2: metric: unknown metric 'waits'",
        "bad.csv:3: organisation_code: unknown organisation code 'XXX'",
        "bad.csv:3: value: '*' is not a number",
        "3 problem(s): nothing was written.",
    ]
    assert ActualsLoad.objects.count() == 1  # the module's A&E file only


def test_spc_text_shows_icons_and_limits(data_dir, capsys):
    code, out, _ = run(
        capsys,
        "spc",
        "--metric",
        "ae-4-hour-performance",
        "--national",
        "--data-dir",
        str(data_dir),
    )
    lines = out.splitlines()
    assert code == 0
    assert (
        lines[0] == "A&E attendances within 4 hours (ae-4-hour-performance) — England (E92000001)"
    )
    assert lines[1] == "Variation: Common cause variation"
    assert lines[2] == "Assurance: Consistently failing the target (target 95%)"
    assert lines[4].startswith("2016-04") and len(lines) == 4 + 36


def test_spc_json_and_csv_of_a_system_by_any_of_its_codes(data_dir, capsys):
    base = ["spc", "--metric", "ae-attendances", "--data-dir", str(data_dir)]
    _, out, _ = run(capsys, *base, "--system", "QOP", "--format", "json")
    chart = json.loads(out)
    assert chart["place"] == "Greater Manchester (E54000007)"  # its ODS code found it
    assert len(chart["points"]) == 36 and chart["assurance"] is None  # neutral: no target
    _, out, _ = run(capsys, *base, "--system", "E54000007", "--format", "csv", "--from", "2018-04")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["period"] for r in rows][:2] == ["2018-04", "2018-05"] and len(rows) == 12


def test_spc_against_a_plans_trajectory(data_dir, tmp_path, capsys, pack):
    plan = build_plan(pack, pack.system_by_code["E54000007"], ())
    write_plan(plan, tmp_path / "plan.yaml")
    code, out, _ = run(capsys, "spc", "--metric", "emergency-admissions", "--system", "E54000007",
                       "--plan", str(tmp_path / "plan.yaml"), "--format", "json",
                       "--data-dir", str(data_dir))  # fmt: skip
    chart = json.loads(out)
    assert code == 0
    # actuals run to March 2019: the plan's baseline year 2018/19 is the overlap, a flow
    assert chart["trajectory"]["periods"] == 12
    yearly = plan_trajectory(plan, "emergency-admissions")["2018/19"]
    assert chart["points"][-1]["trajectory"] == pytest.approx(yearly / 12)


def test_spc_with_change_points_and_settings(data_dir, capsys):
    code, out, _ = run(capsys, "spc", "--metric", "ae-4-hour-performance", "--national",
                       "--change-point", "2017-04", "--run-length", "8", "--format", "json",
                       "--data-dir", str(data_dir))  # fmt: skip
    chart = json.loads(out)
    assert code == 0
    assert [s["first_period"] for s in chart["segments"]] == ["2016-04", "2017-04"]
    assert chart["settings"]["run_length"] == 8


def test_spc_screens_moving_range_outliers_on_request(data_dir, capsys):
    charts = {}
    for screen in ([], ["--screen-outliers"]):
        code, out, _ = run(capsys, "spc", "--metric", "ae-attendances", "--national",
                           "--format", "json", "--data-dir", str(data_dir), *screen)  # fmt: skip
        assert code == 0
        charts[bool(screen)] = json.loads(out)
    plain, screened = charts[False], charts[True]
    assert (plain["settings"]["screen_outliers"], screened["settings"]["screen_outliers"]) == (
        False,
        True,
    )
    assert plain["segments"][0]["screened_ranges"] == 0
    # ranges above 3.267 × their mean, worked out from the chart's own moving ranges
    ranges = [p["moving_range"] for p in plain["points"][1:]]
    kept = [r for r in ranges if r <= 3.267 * sum(ranges) / len(ranges)]
    assert screened["segments"][0]["screened_ranges"] == len(ranges) - len(kept)
    assert screened["segments"][0]["mean_moving_range"] == pytest.approx(sum(kept) / len(kept))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--metric", "waits", "--national"], "--metric: unknown metric 'waits'"),
        (["--metric", "ae-attendances", "--system", "E54999999"], "--system: unknown system code"),
        (["--metric", "rtt-52-week-waiters", "--national"], "no actuals of rtt-52-week-waiters"),
        (["--metric", "ae-attendances", "--national", "--change-point", "2030-01"], "not among"),
    ],
)
def test_spc_bad_requests_exit_2(data_dir, capsys, args, message):
    code, _, err = run(capsys, "spc", *args, "--data-dir", str(data_dir))
    assert code == 2 and message in err


def test_funnel_flags_systems_outside_the_limits(data_dir, capsys):
    code, out, _ = run(capsys, "funnel", "--metric", "ae-4-hour-performance", "--period", "2019-03",
                       "--format", "json", "--data-dir", str(data_dir))  # fmt: skip
    chart = json.loads(out)
    assert code == 0 and chart["method"] == "exact-binomial" and len(chart["points"]) == 42
    assert set(chart["outside_99_8"]) <= set(chart["outside_95"])
    assert chart["outside_95"]
    flagged = chart["flagged"]
    assert sorted(flagged["improvement"] + flagged["concern"]) == sorted(chart["outside_95"])
    assert flagged["neither"] == []  # four-hour performance: higher is better
    _, out, _ = run(capsys, "funnel", "--metric", "ae-4-hour-performance", "--period", "2019-03",
                    "--data-dir", str(data_dir))  # fmt: skip
    rows = {line.split()[0]: line.split()[-1] for line in out.splitlines()[2:44]}
    assert {code for code, d in rows.items() if d == "concern"} == set(flagged["concern"])
    for direction, heading in (("improvement", "Better"), ("concern", "Worse")):
        assert (f"{heading} than expected: {', '.join(flagged[direction])}" in out) is bool(
            flagged[direction]
        )
    _, out, _ = run(capsys, "funnel", "--metric", "ae-4-hour-performance", "--period", "2019-03",
                    "--overdispersion", "--data-dir", str(data_dir))  # fmt: skip
    assert "widened for overdispersion (φ = " in out.splitlines()[0]
    code, _, err = run(capsys, "funnel", "--metric", "ae-attendances", "--period", "2019-03",
                       "--data-dir", str(data_dir))  # fmt: skip
    assert code == 2 and "not a proportion" in err


def test_summary_matrix(data_dir, capsys):
    code, out, _ = run(
        capsys, "actuals", "summary", "--format", "json", "--data-dir", str(data_dir)
    )
    chart = json.loads(out)
    assert code == 0 and len(chart["rows"]) == 42
    assert [m["id"] for m in chart["metrics"]] == [
        "ae-4-hour-performance",
        "ae-attendances",
        "emergency-admissions",
    ]


def test_inequalities_from_a_long_file(tmp_path, capsys):
    rows = [
        f"E54000007,rtt-within-18-weeks,2019-{m:02d},,{n},100,{q}"
        for m in range(4, 10)
        for q, n in ((1, 70 + m), (5, 85))
    ]
    path = tmp_path / "by-quintile.csv"
    path.write_text(
        "organisation_code,metric,period,value,numerator,denominator,deprivation_quintile\n"
        + "\n".join(rows)
        + "\n"
    )
    assert (
        run(capsys, "actuals", "load", str(path), "--format", "long", "--data-dir", str(tmp_path))[
            0
        ]
        == 0
    )
    code, out, _ = run(capsys, "actuals", "inequalities", "--metric", "rtt-within-18-weeks",
                       "--system", "E54000007", "--data-dir", str(tmp_path))  # fmt: skip
    assert code == 0
    assert out.splitlines()[2].split() == ["2019-04", "74%", "85%", "11%"]


def test_spc_against_an_operational_plans_months(data_dir, tmp_path, capsys, pack):
    """An operational plan's months are the trajectory of its year (issue 13 item 7)."""
    rows = ["organisation_code,metric,period,value"]
    rows += [f"E54000007,emergency-admissions,2020-{m:02d},{v}" for m, v in ((4, 95), (5, 110))]
    (tmp_path / "later.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["actuals", "load", str(tmp_path / "later.csv"), "--format", "long",
                 "--data-dir", str(data_dir)]) == 0  # fmt: skip
    months = {f"2020-{m:02d}": 100.0 for m in range(4, 13)}
    months |= {f"2021-{m:02d}": 100.0 for m in range(1, 4)}
    months["2020-05"] = 120.0  # the planner's May: busier
    operational = {
        "ltpif_operational_plan": 1,
        "pack": pack.id,
        "pack_version": pack.meta.version,
        "system": "E54000007",
        "year": "2020/21",
        "plan_sha256": "0" * 64,
        "metrics": [
            {
                "metric": "emergency-admissions",
                "annual": 1220.0,
                "phasing": "sum",
                "profile": "planner",
                "months": months,
            }
        ],
    }
    (tmp_path / "op.yaml").write_text(json.dumps(operational), encoding="utf-8")
    capsys.readouterr()
    code, out, _ = run(capsys, "spc", "--metric", "emergency-admissions", "--system", "E54000007",
                       "--operational", str(tmp_path / "op.yaml"), "--from", "2020-04",
                       "--format", "json", "--data-dir", str(data_dir))  # fmt: skip
    assert code == 0
    chart = json.loads(out)
    assert [(p["period"], p["trajectory"]) for p in chart["points"]] == [
        ("2020-04", 100.0),
        ("2020-05", 120.0),
    ]
    # emergency admissions: lower is better; 95 ≤ 100 meets, and 110 ≤ the planner's 120 for
    # May meets (against a flat 100 it would miss)
    assert (chart["trajectory"]["met"], chart["trajectory"]["missed"]) == (2, 0)
    # an operational plan of another system is refused
    operational["system"] = "E54000005"
    (tmp_path / "op.yaml").write_text(json.dumps(operational), encoding="utf-8")
    code, _, err = run(capsys, "spc", "--metric", "emergency-admissions", "--system", "E54000007",
                       "--operational", str(tmp_path / "op.yaml"),
                       "--data-dir", str(data_dir))  # fmt: skip
    assert code == 2
    assert "op.yaml: system: the operational plan is for E54000005, not E54000007" in err


def test_a_chart_command_in_its_own_process_starts_django_before_the_models(tmp_path):
    """`ltpif funnel` as a user runs it (a new process, no Django yet): a fresh data folder
    has no actuals, said in one line, exit 2, no traceback."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LTPIF_SECRET_KEY": "x"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "ltpif", "funnel", "--metric", "ae-4-hour-performance",
         "--period", "2019-08", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "no actuals of ae-4-hour-performance" in done.stderr
    assert "Traceback" not in done.stderr
