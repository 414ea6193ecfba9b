"""`ltpif actuals load --engine spark --spark-master URL`: the same pipeline on Spark as on
DuckDB, from the command line; a master without the Spark engine is refused."""

from __future__ import annotations

import os

import pytest

from ltpif.cli.main import main
from ltpif.monitoring.pipelines import rtt
from ltpif.web.actuals.models import Actual, ActualsLoad
from tests.monitoring_support import IBIS_ON_DUCKDB, small_rtt_month

pytestmark = [IBIS_ON_DUCKDB, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _data_dir_restored():
    before = os.environ.get("LTPIF_DATA_DIR")
    yield
    if before is not None:
        os.environ["LTPIF_DATA_DIR"] = before  # `configure` pointed it at the test's folder


def test_a_spark_master_needs_the_spark_engine(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("organisation_code,metric,period,value\nE54000007,rtt-waiting-list,2019-04,1\n")
    args = ["actuals", "load", str(path), "--format", "long", "--data-dir", str(tmp_path)]
    code = main([*args, "--engine", "duckdb", "--spark-master", "spark://host:7077"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "--spark-master is for --engine spark" in err
    assert ActualsLoad.objects.filter(source="x.csv").count() == 0


@pytest.mark.spark
def test_spark_master_loads_what_duckdb_reads(
    tmp_path, lookups, orgs, catalogue, pack, duckdb_backend, spark_backend, capsys
):
    ActualsLoad.objects.all().delete()  # undone after the test
    path = small_rtt_month(tmp_path, lookups, rows=400, weeks=52)
    code = main(["actuals", "load", str(path), "--format", "rtt-full-extract",
                 "--lookups", str(lookups), "--spark-master", "local[2]",
                 "--data-dir", str(tmp_path)])  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0 and "rtt-2019-04.csv: load" in out
    expected = rtt.read(duckdb_backend, path, orgs, catalogue.rtt, pack.year_calendar)
    fields = ("level", "org_code", "metric", "period", "value", "numerator", "denominator")
    stored = sorted(Actual.objects.values_list(*fields, "quintile"))
    want = sorted(
        (a.level, a.org_code, a.metric, a.period, a.value, a.numerator, a.denominator, a.quintile)
        for a in expected.actuals
    )
    assert [row[:4] for row in stored] == [row[:4] for row in want]
    for got, wanted in zip(stored, want, strict=True):
        assert got[4:7] == tuple(v if v is None else pytest.approx(v) for v in wanted[4:7])
    assert ActualsLoad.objects.get().rows == expected.rows


def test_a_master_spark_cannot_start_on_is_said_plainly(tmp_path, capsys, monkeypatch):
    from ltpif.analytics import engines

    def refuse(session=None, master="local[2]"):
        raise RuntimeError(f"Could not parse Master URL: '{master}'\n\tat org.apache.spark…")

    monkeypatch.setattr(engines, "spark_backend", refuse)
    path = tmp_path / "x.csv"
    path.write_text("organisation_code,metric,period,value\nE54000007,rtt-waiting-list,2019-04,1\n")
    code = main(["actuals", "load", str(path), "--format", "long", "--data-dir", str(tmp_path),
                 "--spark-master", "nonsense"])  # fmt: skip
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "cannot start Spark on nonsense: Could not parse Master URL: 'nonsense'" in err
    assert "Traceback" not in err and "org.apache" not in err
