"""`ltpif rollup`, `ltpif gap` and `ltpif fairshare` as users run them, good input and bad."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import pytest

from ltpif.cli.main import main
from ltpif.framework.loader import load_pack

PACK = load_pack()
SYSTEMS = sorted(x.code for x in PACK.geography.system)
YEARS = PACK.plan_years
PRACTICES = "nhse_gp_practice_weighted_population_target_allocation_stp21_basis2018-19.csv"


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plans")
    assert main(["demo", "plans", "--out", str(out)]) == 0
    return out


@pytest.fixture
def three_plans(plans_dir, tmp_path) -> Path:
    """A folder with the plans of the first three systems only."""
    folder = tmp_path / "three"
    folder.mkdir()
    for code in SYSTEMS[:3]:
        shutil.copy(plans_dir / f"{code}.yaml", folder)
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_rollup_json_totals_are_the_sums_of_the_system_rows(plans_dir, capsys) -> None:
    code, out, _ = run(capsys, "rollup", str(plans_dir), "--format", "json", "--engine", "duckdb")
    assert code == 0
    document = json.loads(out)
    assert (document["pack"], document["by"], document["engine"]) == (PACK.id, "region", "duckdb")
    totals = document["rows"]
    assert len(totals) == len(PACK.metric_by_id) * len(YEARS) * (len(PACK.geography.region) + 1)
    code, out, _ = run(capsys, "rollup", str(plans_dir), "--by", "system", "--format", "csv",
                       "--engine", "reference")  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "system", "name", "region", "metric", "year", "value", "numerator", "denominator",
    ]  # fmt: skip
    assert len(rows) == len(SYSTEMS) * len(PACK.metric_by_id) * len(YEARS)
    national = {(t["metric"], t["year"]): t for t in totals if t["level"] == "national"}
    for metric in ("pcn-additional-roles-wte", "emergency-admissions"):
        for year in YEARS:
            values = [float(r["value"]) for r in rows if (r["metric"], r["year"]) == (metric, year)]
            assert national[metric, year]["value"] == pytest.approx(math.fsum(values))
    ratio = "cancer-screening-uptake"
    mine = [r for r in rows if (r["metric"], r["year"]) == (ratio, YEARS[-1])]
    expected = sum(float(r["numerator"]) for r in mine) / sum(float(r["denominator"]) for r in mine)
    assert national[ratio, YEARS[-1]]["value"] == pytest.approx(expected)


def test_rollup_text_marks_incomplete_totals(three_plans, capsys) -> None:
    code, out, _ = run(capsys, "rollup", str(three_plans), "--metric", "nhs-volunteers",
                       "--engine", "reference")  # fmt: skip
    assert code == 0
    assert "England" in out and "*" in out
    missing = ", ".join(SYSTEMS[3:])
    assert f"England: no value from {missing}" in out


def test_rollup_csv_keeps_missing_values_empty(three_plans, capsys) -> None:
    code, out, _ = run(capsys, "rollup", str(three_plans), "--format", "csv", "--metric",
                       "nhs-volunteers")  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    empty = [r for r in rows if r["reported"] == "0"]
    assert empty and all(r["value"] == "" for r in empty)  # regions with no plan: no value
    national = [r for r in rows if r["level"] == "national"]
    assert all(r["complete"] == "false" and r["reported"] == "3" for r in national)


def test_gap_json(three_plans, capsys) -> None:
    code, out, _ = run(capsys, "gap", str(three_plans), "--format", "json", "--ambition",
                       "pcn-additional-roles-20000", "--engine", "reference")  # fmt: skip
    assert code == 0
    document = json.loads(out)
    due = next(y for y in document["years"] if y["target"] is not None)
    assert (due["reported"], due["expected"], due["complete"]) == (3, 42, False)
    assert due["gap"] == pytest.approx(due["planned"] - 20000)
    systems = [c for c in document["contributions"] if c["level"] == "system"]
    assert len(systems) == 42 and sum(c["share"] for c in systems) == 20000


def test_plans_of_two_pack_versions_are_refused_naming_them(three_plans, capsys) -> None:
    odd = three_plans / f"{SYSTEMS[1]}.yaml"
    odd.write_text(odd.read_text().replace(f"pack_version: '{PACK.meta.version}'",
                                           "pack_version: '2020.1'"))  # fmt: skip
    assert "2020.1" in odd.read_text()
    code, out, err = run(capsys, "rollup", str(three_plans))
    assert (code, out) == (2, "")
    assert "one roll-up takes plans of one pack version" in err
    assert f"{odd}:" in err and "written for ltpif-2019 2020.1" in err
    assert f"{SYSTEMS[0]}.yaml" not in err


def test_two_plans_for_one_system_are_refused(three_plans, capsys) -> None:
    shutil.copy(three_plans / f"{SYSTEMS[0]}.yaml", three_plans / "copy.yaml")
    code, _, err = run(capsys, "rollup", str(three_plans), "--engine", "reference")
    assert code == 2
    assert f"a second plan for system {SYSTEMS[0]}" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rollup", "{dir}", "--metric", "no-such-metric"], "unknown metric 'no-such-metric'"),
        (["gap", "{dir}", "--ambition", "no-such-ambition"], "unknown ambition"),
        (["rollup", "{dir}/nowhere"], "no such folder of plans"),
        (["fairshare", "no-such-ambition"], "unknown ambition 'no-such-ambition'"),
        (["fairshare", "ld-health-check-coverage-75"], "an every-system standard"),
        (["fairshare", "outpatient-visits-avoided-30m"], "needs the plans"),
        (
            [
                "fairshare",
                "admin-cost-savings-providers-400m",
                "--basis=baseline",
                "--plans",
                "{all}",
            ],
            "is zero",  # nothing is saved at baseline, so savings cannot share themselves
        ),
        (["fairshare", "pcn-additional-roles-20000", "--glide-path"], "to glide from"),
    ],
)
def test_bad_input_exits_2_saying_what_is_wrong(
    plans_dir, three_plans, capsys, args, message
) -> None:
    folders = {"{dir}": str(three_plans), "{all}": str(plans_dir)}
    code, out, err = run(
        capsys, *(folders.get(a, a).replace("{dir}", str(three_plans)) for a in args)
    )
    assert (code, out) == (2, "")
    assert message in err


def test_fairshare_baseline_basis_names_the_systems_without_plans(three_plans, capsys) -> None:
    code, _, err = run(capsys, "fairshare", "pcn-additional-roles-20000", "--basis", "baseline",
                       "--plans", str(three_plans))  # fmt: skip
    assert code == 2
    for system in SYSTEMS[3:6]:
        assert f"{system} (no plan)" in err


def test_fairshare_shares_add_up(plans_dir, capsys) -> None:
    code, out, _ = run(capsys, "fairshare", "cyp-mh-access-345000", "--format", "json",
                       "--plans", str(plans_dir), "--glide-path")  # fmt: skip
    assert code == 0
    document = json.loads(out)
    shares = document["shares"]
    assert document["basis"] == "need_weighted_population"
    assert sum(s["share"] for s in shares) == document["total"] == 345000
    assert all(abs(s["share"] - s["quota"]) < 1 for s in shares)
    assert all(s[f"glide {YEARS[-1]}"] == s["share"] for s in shares)
    code, out, _ = run(capsys, "fairshare", "cyp-mh-access-345000")
    assert code == 0 and "shared by need-weighted population" in out and "total" in out


def test_fairshare_from_the_real_practice_populations(shared_dir, capsys) -> None:
    path = shared_dir / "data" / PRACTICES
    code, out, _ = run(capsys, "fairshare", "pcn-additional-roles-20000", "--practices",
                       str(path), "--format", "csv")  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 42 and sum(float(r["share"]) for r in rows) == 20000


def test_fairshare_practice_file_missing_systems(shared_dir, tmp_path, capsys) -> None:
    source = (shared_dir / "data" / PRACTICES).read_text(encoding="utf-8-sig").splitlines()
    gone = PACK.geography.system[0]
    later = {gone.code, *(c.code for c in gone.code_history)}
    kept = [line for line in source if not any(f",{code}," in line for code in later)]
    path = tmp_path / "practices.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "fairshare", "pcn-additional-roles-20000", "--practices", str(path))
    assert code == 2
    assert f"has no weight for some systems: {gone.code}" in err


def test_the_basis_registry_names_every_basis_of_the_pack_schema_and_the_cli_offers_them(
    capsys,
) -> None:
    from typing import get_args

    from ltpif.framework.fairshare import BASES
    from ltpif.framework.schema import FairShareBasis

    assert list(BASES) == list(get_args(FairShareBasis))
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "fairshare", "cyp-mh-access-345000", "--basis", "nonsense")
    assert exit_.value.code == 2
    assert (
        "'need_weighted_population', 'registered_population', 'baseline'" in capsys.readouterr().err
    )
