"""Actuals in the web database: a load is one transaction, the same file never counts twice,
a revised file supersedes, and a bad file (through the CLI) writes nothing."""

from __future__ import annotations

import pytest

from ltpif.cli.main import main
from ltpif.framework.loader import load_pack
from ltpif.monitoring.actuals import Actual as DomainActual
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.pipelines.load import Loader, load_files
from ltpif.monitoring.pipelines.store import Pending
from ltpif.monitoring.sources import SourceResult, Unmapped
from ltpif.web.actuals.actions import AlreadyLoaded, record_loads
from ltpif.web.actuals.models import Actual, ActualsLoad
from ltpif.web.actuals.queries import DatabaseStore, series
from ltpif.web.planning.models import AuditEvent
from tests.monitoring_support import MemoryStore

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"),
]
SYSTEM = "E54000007"
# a metric the demo actuals leave out, so the counts here are this test's own
HEADER = "organisation_code,metric,period,value\n"


def long_file(path, values: dict[str, float]):
    rows = "".join(f"{SYSTEM},rtt-52-week-waiters,{p},{v}\n" for p, v in values.items())
    path.write_text(HEADER + rows)
    return path


def loader() -> Loader:
    pack = load_pack()
    return Loader(pack, catalogue_for(pack), None)


def pending(sha: str, *values: float | None) -> Pending:
    actuals = [
        DomainActual("system", SYSTEM, "rtt-52-week-waiters", f"2019-{m:02d}", v)
        for m, v in enumerate(values, start=4)
    ]
    return Pending(f"{sha}.csv", sha, "long", SourceResult(actuals, [], len(actuals)))


def test_loading_the_same_file_twice_counts_it_once(tmp_path):
    path = long_file(tmp_path / "waits.csv", {"2019-04": 100, "2019-05": 110})
    before = Actual.objects.count()
    events = AuditEvent.objects.filter(action="load_actuals").count()
    first = load_files([path], "long", DatabaseStore(), loader())
    again = load_files([path], "long", DatabaseStore(), loader())
    assert first[0].loaded is not None and again[0].loaded is None
    assert again[0].earlier.load_id == first[0].loaded.load_id
    assert Actual.objects.count() == before + 2
    assert ActualsLoad.objects.filter(sha256=first[0].sha256).count() == 1
    assert AuditEvent.objects.filter(action="load_actuals").count() == events + 1


def test_a_revised_file_supersedes_the_same_periods(tmp_path):
    old = long_file(tmp_path / "v1.csv", {"2019-04": 100, "2019-05": 110})
    new = long_file(tmp_path / "v2.csv", {"2019-05": 120, "2019-06": 130})
    load_files([old], "long", DatabaseStore(), loader())
    [outcome] = load_files([new], "long", DatabaseStore(), loader())
    values = {
        a.period: a.value for a in series("rtt-52-week-waiters", SYSTEM) if a.period < "2019-07"
    }
    assert values == {"2019-04": 100, "2019-05": 120, "2019-06": 130}
    revised = Actual.objects.get(org_code=SYSTEM, metric="rtt-52-week-waiters", period="2019-05")
    assert revised.load_id == outcome.loaded.load_id


def test_the_pipelines_fake_store_answers_as_the_database(tmp_path):
    """`MemoryStore` stands in for `DatabaseStore` in the pipelines' tests: the same files and
    writes give the same loads, the same series (a revision replaces) and the same unmapped."""
    v1 = long_file(tmp_path / "v1.csv", {"2019-04": 100, "2019-05": 110})
    v2 = long_file(tmp_path / "v2.csv", {"2019-05": 120, "2019-06": 130})
    unmapped = [Unmapped("NT101", "", 3, 40.0), Unmapped("NT102", "13Q", 2, 70.0)]
    direct = Pending("x.csv", "e" * 64, "ae-monthly", SourceResult([], unmapped, 9))
    answers = []
    for store in (DatabaseStore(), MemoryStore()):
        outcomes = [*load_files([v1], "long", store, loader())]
        outcomes += load_files([v2, v1], "long", store, loader())
        [written] = store.write([direct])
        answers.append(
            (
                [(o.file.name, o.loaded is None, o.sha256) for o in outcomes],
                [
                    (r.file, r.format, r.rows, r.actuals, r.unmapped_rows)
                    for r in (store.load_of(o.sha256) for o in outcomes)
                ],
                store.load_of("0" * 64),
                sorted(store.series("rtt-52-week-waiters", SYSTEM), key=lambda a: a.period),
                store.unmapped(written.load_id),
            )
        )
    real, fake = answers
    assert fake == real
    assert [a.value for a in real[3] if a.period < "2019-07"] == [100, 120, 130]
    assert real[4] == [("NT102", "13Q", 2, 70.0), ("NT101", "", 3, 40.0)]


def test_a_load_is_one_transaction():
    loads, actuals = ActualsLoad.objects.count(), Actual.objects.count()
    with pytest.raises(Exception, match=r"NOT NULL|null value"):
        record_loads(pending=[pending("a" * 64, 1.0, 2.0), pending("b" * 64, 3.0, None)])
    assert (ActualsLoad.objects.count(), Actual.objects.count()) == (loads, actuals)
    record_loads(pending=[pending("c" * 64, 1.0)])
    with pytest.raises(AlreadyLoaded):
        record_loads(pending=[pending("d" * 64, 5.0), pending("c" * 64, 1.0)])
    assert not ActualsLoad.objects.filter(sha256="d" * 64).exists()


def test_a_bad_file_through_the_cli_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))  # `configure` sets it; put it back
    good = long_file(tmp_path / "good.csv", {"2019-04": 100})
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"{SYSTEM},rtt-52-week-waiters,2019-04,100\nXXX,waits,2019-05,*\n")
    loads, actuals = ActualsLoad.objects.count(), Actual.objects.count()
    code = main(["actuals", "load", str(good), str(bad), "--format", "long",
                 "--data-dir", str(tmp_path)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        "bad.csv:3: metric: unknown metric 'waits'",
        "bad.csv:3: organisation_code: unknown organisation code 'XXX'",
        "bad.csv:3: value: '*' is not a number",
        "3 problem(s): nothing was written.",
    ]
    assert (ActualsLoad.objects.count(), Actual.objects.count()) == (loads, actuals)
    assert (
        main(["actuals", "load", str(good), "--format", "long", "--data-dir", str(tmp_path)]) == 0
    )
    assert ActualsLoad.objects.count() == loads + 1
