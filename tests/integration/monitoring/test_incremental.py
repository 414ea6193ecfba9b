"""National scale, incrementally: a new month adds only its own rows (the months loaded
before are neither read nor rewritten), and a month loaded again with different values is a
revision — the later replaces the earlier, and the load and its audit event record it."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.monitoring.pipelines.load import Loader, load_files
from ltpif.web.actuals.models import Actual, ActualsLoad
from ltpif.web.actuals.queries import DatabaseStore, series
from ltpif.web.planning.models import AuditEvent
from tests.monitoring_support import IBIS_ON_DUCKDB, small_rtt_month

pytestmark = [pytest.mark.django_db, IBIS_ON_DUCKDB]
SYSTEM = "E54000007"


class CountingLoader(Loader):
    """The loader, noting every file the pipelines read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: list[str] = []

    def read_many(self, paths, fmt):
        self.read += [path.name for path in paths]
        return super().read_many(paths, fmt)


def data_rows(path) -> int:
    return sum(1 for line in path.read_text().splitlines()[1:] if line.strip())


def test_a_new_month_adds_only_its_own_rows(tmp_path, pack, catalogue, lookups, duckdb_backend):
    ActualsLoad.objects.all().delete()  # undone after the test
    months = [
        small_rtt_month(tmp_path, lookups, dt.date(2019, m, 1), rows=300, weeks=52, month_index=i)
        for i, m in enumerate((4, 5, 6))
    ]
    loader = CountingLoader(pack, catalogue, lookups, duckdb_backend)
    first = load_files(months[:2], "rtt-full-extract", DatabaseStore(), loader)
    before = sorted(Actual.objects.values_list("id", "load_id", "period", "value"))
    assert {period for _, _, period, _ in before} == {"2019-04", "2019-05"}
    loader.read.clear()

    # the whole folder again, with the new month: only the new month is read
    outcomes = load_files(months, "rtt-full-extract", DatabaseStore(), loader)
    assert loader.read == ["rtt-2019-06.csv"]
    assert [o.loaded is None for o in outcomes] == [True, True, False]
    new = outcomes[2].loaded
    assert new.rows == data_rows(months[2])  # the rows it read: that month's, no more
    assert (new.revised, new.revised_loads) == (0, ())
    # the earlier months' actuals are the same rows of the same loads, untouched
    after = sorted(Actual.objects.values_list("id", "load_id", "period", "value"))
    assert [row for row in after if row[2] != "2019-06"] == before
    added = [row for row in after if row[2] == "2019-06"]
    assert len(added) == new.actuals and {row[1] for row in added} == {new.load_id}
    assert [r.load_id for r in DatabaseStore().loads()] == [
        *(o.loaded.load_id for o in first),
        new.load_id,
    ]


def long_file(path, values: dict[str, float]):
    rows = "".join(f"{SYSTEM},rtt-52-week-waiters,{p},{v}\n" for p, v in values.items())
    path.write_text("organisation_code,metric,period,value\n" + rows)
    return path


def test_a_month_loaded_again_with_other_values_is_a_revision(tmp_path, pack, catalogue):
    loader = Loader(pack, catalogue, None)
    [v1] = load_files(
        [long_file(tmp_path / "v1.csv", {"2019-04": 100, "2019-05": 110})],
        "long",
        DatabaseStore(),
        loader,
    )
    # May revised from 110 to 120; April given again unchanged (no revision); June is new
    [v2] = load_files(
        [long_file(tmp_path / "v2.csv", {"2019-04": 100, "2019-05": 120, "2019-06": 130})],
        "long",
        DatabaseStore(),
        loader,
    )
    first, second = v1.loaded, v2.loaded
    assert (second.revised, second.revised_loads) == (1, (first.load_id,))
    values = {a.period: a.value for a in series("rtt-52-week-waiters", SYSTEM)}
    assert {p: values[p] for p in ("2019-04", "2019-05", "2019-06")} == {
        "2019-04": 100,
        "2019-05": 120,
        "2019-06": 130,
    }
    event = AuditEvent.objects.filter(action="load_actuals").latest("id")
    assert event.before == {"revised": {str(first.load_id): 1}}
    assert event.after["revised"] == 1
    assert f"revising 1 of load(s) {first.load_id}" in event.summary
    # the same values a third time: a new file (another name and hash), but no revision
    [v3] = load_files(
        [long_file(tmp_path / "v3.csv", {"2019-05": 120, "2019-06": 130})],
        "long",
        DatabaseStore(),
        loader,
    )
    assert (v3.loaded.revised, v3.loaded.revised_loads) == (0, ())
    assert AuditEvent.objects.filter(action="load_actuals").latest("id").before is None
