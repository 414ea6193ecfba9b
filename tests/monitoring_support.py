"""Monitoring test support: pack, catalogue, lookups, small synthetic RTT extracts and an
in-memory store.

Fixtures here are imported by the monitoring conftests.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from ltpif.demo.actuals import FORMAT as SYNTHETIC
from ltpif.framework.loader import load_pack
from ltpif.monitoring.actuals import EVERYONE, Actual, LongContext
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.pipelines.load import Loader
from ltpif.monitoring.pipelines.lookups import read_org_map
from ltpif.monitoring.pipelines.raw import read_header, stream_rows
from ltpif.monitoring.pipelines.store import LoadRecord, Pending
from ltpif.monitoring.pipelines.synthetic_rtt import write_month

AE_FILE = "nhse_ae_attendances_trust_monthly_2016-04_to_2019-03.csv"
RTT_SERIES = "nhse_rtt_national_timeseries_2007-04_to_2023-08.csv"
# ibis 12 reads a DuckDB view's schema through duckdb 2's deprecated fetch_arrow_table()
IBIS_ON_DUCKDB = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
UNMAPPED_PROVIDERS = ["NT101", "NT102", "NT103"]  # independent providers: in no lookup
UNMAPPED_COMMISSIONERS = ["13Q", "14A"]  # NHS England's commissioning hubs


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def catalogue(pack):
    return catalogue_for(pack)


@pytest.fixture(scope="session")
def lookups(shared_dir) -> Path:
    return shared_dir / "data"


@pytest.fixture(scope="session")
def orgs(pack, catalogue, lookups):
    return read_org_map(pack, catalogue.national_code, lookups)


@pytest.fixture(scope="session")
def long_context(pack, catalogue, orgs):
    return LongContext(
        orgs, catalogue.metrics, pack.year_calendar, tuple(pack.periods.actuals_cadences)
    )


@pytest.fixture
def loader(pack, catalogue, lookups, duckdb_backend):
    return Loader(pack, catalogue, lookups, duckdb_backend)


def synthetic_codes(lookups: Path) -> tuple[list[str], list[str]]:
    """Real trust and CCG codes (which map) plus a few that map nowhere."""
    with (lookups / "nhsd_ods_etr_trusts_with_region_stp_2022.csv").open() as handle:
        trusts = [row["org_code"] for row in csv.DictReader(handle)][:12]
    with (lookups / "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv").open() as handle:
        ccgs = [row["ccg19cdh"] for row in csv.DictReader(handle)][:8]
    return trusts + UNMAPPED_PROVIDERS, ccgs + UNMAPPED_COMMISSIONERS


def small_rtt_month(
    folder: Path, lookups: Path, month: dt.date = dt.date(2019, 4, 1), **options
) -> Path:
    providers, commissioners = synthetic_codes(lookups)
    path = folder / f"rtt-{month:%Y-%m}.csv"
    write_month(path, month, providers, commissioners, rows=options.pop("rows", 3000), **options)
    return path


def rows_of(path: Path) -> list[dict[str, str]]:
    header = read_header(path)
    return [dict(zip(header, cells, strict=True)) for _, cells in stream_rows(path)]


def edit_lines(path: Path, out: Path, edits: dict[int, str], extra: list[str] = ()) -> Path:
    """A copy of a CSV with some lines (1-based) replaced and lines appended."""
    lines = path.read_text().splitlines()
    for number, text in edits.items():
        lines[number - 1] = text
    out.write_text("\n".join([*lines, *extra]) + "\n")
    return out


def assert_same_actuals(found, expected) -> None:
    """The same places, metrics and periods; the same numbers up to float summation order."""
    keys = [(a.level, a.org_code, a.metric, a.period, a.quintile) for a in found]
    assert keys == [(a.level, a.org_code, a.metric, a.period, a.quintile) for a in expected]
    for got, want in zip(found, expected, strict=True):
        for name in ("value", "numerator", "denominator"):
            number = getattr(want, name)
            assert getattr(got, name) == (number if number is None else pytest.approx(number))


class MemoryStore:
    """A fake of the web database's store (`DatabaseStore`) for the pipelines' tests, kept in
    memory; `tests/web/test_actuals_store.py` checks it answers as the real one does."""

    def __init__(self) -> None:
        self._loads: list[LoadRecord] = []
        self._actuals: dict[tuple, Actual] = {}  # by (level, org_code, metric, period, quintile)
        self._unmapped: dict[int, list[tuple[str, str, int, float]]] = {}
        self._synthetic: set[tuple] = set()  # keys last written by the demo's synthetic set

    def load_of(self, sha256: str) -> LoadRecord | None:
        return next((r for r in self._loads if r.sha256 == sha256), None)

    def loads(self) -> list[LoadRecord]:
        return list(self._loads)

    def write(self, pending: Sequence[Pending]) -> list[LoadRecord]:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        records = []
        for load_id, item in enumerate(pending, start=len(self._loads) + 1):
            result = item.result
            counts = (result.rows, len(result.actuals), sum(u.rows for u in result.unmapped))
            records.append(LoadRecord(load_id, item.sha256, item.file, item.format, now, *counts))
            for a in result.actuals:
                key = (a.level, a.org_code, a.metric, a.period, a.quintile)
                self._actuals[key] = a
                if item.format == SYNTHETIC:
                    self._synthetic.add(key)
                else:
                    self._synthetic.discard(key)
            self._unmapped[load_id] = sorted(
                ((u.provider, u.commissioner, u.rows, u.amount) for u in result.unmapped),
                key=lambda u: (-u[3], u[0], u[1]),
            )
        self._loads += records
        return records

    def unmapped(self, load_id: int) -> list[tuple[str, str, int, float]]:
        return self._unmapped.get(load_id, [])

    def series(self, metric: str, org_code: str, quintile: int = EVERYONE) -> list[Actual]:
        return [
            a
            for a in self._actuals.values()
            if (a.metric, a.org_code, a.quintile) == (metric, org_code, quintile)
        ]

    def synthetic_keys(self, metric: str) -> set[tuple[str, str, int]]:
        return {(code, period, q) for _, code, m, period, q in self._synthetic if m == metric}

    def everything(self, level: str = "system") -> list[Actual]:
        return [a for a in self._actuals.values() if (a.level, a.quintile) == (level, EVERYONE)]
