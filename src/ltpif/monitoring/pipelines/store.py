"""The file-based store of loaded actuals: one DuckDB database file in the data folder.

Tables (the web app mirrors them in its own database):
- `loads`: one row per loaded file — `load_id`, `sha256` of the file's bytes (unique: the same
  file is never loaded twice), `file` (its name), `format`, `loaded_at` (UTC), `rows` read,
  `actuals` stored, `unmapped_rows`;
- `actuals`: the long records — `level` (system or national), `org_code` (the system's pack
  code, or the national code), `metric`, `period`, `quintile` (0 everyone, 1 most deprived …
  5 least), `value`, `numerator`, `denominator`, and the `load_id` that wrote it. The first
  five columns are the key: a later load of the same key replaces the value (publications are
  revised), so nothing is ever counted twice;
- `unmapped`: per load, the provider (and commissioner) codes whose rows mapped to no system,
  with how many rows and the format's headline count in them.

A load is one transaction: all of its files' rows, or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ltpif.monitoring.actuals import EVERYONE, Actual
from ltpif.monitoring.sources import SourceResult

STORE_FILE = "monitoring.duckdb"
SCHEMA = """
CREATE TABLE IF NOT EXISTS loads (
    load_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE, file VARCHAR NOT NULL,
    format VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL, rows BIGINT NOT NULL,
    actuals BIGINT NOT NULL, unmapped_rows BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS actuals (
    level VARCHAR NOT NULL, org_code VARCHAR NOT NULL, metric VARCHAR NOT NULL,
    period VARCHAR NOT NULL, quintile INTEGER NOT NULL, value DOUBLE NOT NULL,
    numerator DOUBLE, denominator DOUBLE, load_id INTEGER NOT NULL,
    PRIMARY KEY (level, org_code, metric, period, quintile)
);
CREATE TABLE IF NOT EXISTS unmapped (
    load_id INTEGER NOT NULL, provider VARCHAR NOT NULL, commissioner VARCHAR NOT NULL,
    rows BIGINT NOT NULL, amount DOUBLE NOT NULL
);
"""
ACTUAL_COLUMNS = (
    "level",
    "org_code",
    "metric",
    "period",
    "quintile",
    "value",
    "numerator",
    "denominator",
)


@dataclass(frozen=True)
class LoadRecord:
    load_id: int
    sha256: str
    file: str
    format: str
    loaded_at: dt.datetime
    rows: int
    actuals: int
    unmapped_rows: int


@dataclass(frozen=True)
class Pending:
    """A file read and checked, waiting to be written."""

    file: str
    sha256: str
    format: str
    result: SourceResult


class Store:
    def __init__(self, data_dir: Path, *, read_only: bool = False):
        self.path = data_dir / STORE_FILE
        if read_only and not self.path.exists():
            self.con = duckdb.connect()  # an empty store: nothing loaded yet
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only or not self.path.exists():
            self.con.execute(SCHEMA)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load_of(self, sha256: str) -> LoadRecord | None:
        row = self.con.execute("SELECT * FROM loads WHERE sha256 = ?", [sha256]).fetchone()
        return LoadRecord(*row) if row else None

    def loads(self) -> list[LoadRecord]:
        return [
            LoadRecord(*r)
            for r in self.con.execute("SELECT * FROM loads ORDER BY load_id").fetchall()
        ]

    def write(self, pending: Sequence[Pending]) -> list[LoadRecord]:
        """Store every pending file in one transaction; nothing at all if anything fails."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        records = []
        self.con.execute("BEGIN TRANSACTION")
        try:
            row = self.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone()
            assert row is not None  # an aggregate gives one row
            first = row[0]
            for load_id, item in enumerate(pending, start=first):
                result = item.result
                record = LoadRecord(
                    load_id,
                    item.sha256,
                    item.file,
                    item.format,
                    now,
                    result.rows,
                    len(result.actuals),
                    sum(u.rows for u in result.unmapped),
                )
                self.con.execute(
                    "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?)", list(vars(record).values())
                )
                self._insert_actuals(result.actuals, load_id)
                if result.unmapped:
                    self.con.executemany(
                        "INSERT INTO unmapped VALUES (?, ?, ?, ?, ?)",
                        [[load_id, *vars(u).values()] for u in result.unmapped],
                    )
                records.append(record)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return records

    def _insert_actuals(self, actuals: Sequence[Actual], load_id: int) -> None:
        if not actuals:
            return
        batch = pa.table(
            {name: [getattr(a, name) for a in actuals] for name in ACTUAL_COLUMNS}
            | {"load_id": [load_id] * len(actuals)}
        )
        self.con.register("batch", batch)
        try:
            self.con.execute("INSERT OR REPLACE INTO actuals SELECT * FROM batch")
        finally:
            self.con.unregister("batch")

    def _actuals(self, where: str, params: list) -> list[Actual]:
        rows = self.con.execute(
            f"SELECT level, org_code, metric, period, value, numerator, denominator, quintile "
            f"FROM actuals WHERE {where}",
            params,
        ).fetchall()
        return [Actual(*row) for row in rows]

    def series(self, metric: str, org_code: str, quintile: int = EVERYONE) -> list[Actual]:
        """Every period's actual of one metric for one place (in no particular order)."""
        return self._actuals(
            "metric = ? AND org_code = ? AND quintile = ?", [metric, org_code, quintile]
        )

    def breakdown(self, metric: str, org_code: str) -> list[Actual]:
        """Every period's actual by deprivation quintile (quintile 0 left out)."""
        return self._actuals("metric = ? AND org_code = ? AND quintile > 0", [metric, org_code])

    def at_period(self, metric: str, period: str, level: str = "system") -> list[Actual]:
        """Every place's actual of one metric for one period."""
        return self._actuals(
            "metric = ? AND period = ? AND level = ? AND quintile = 0", [metric, period, level]
        )

    def everything(self, level: str = "system") -> list[Actual]:
        return self._actuals("level = ? AND quintile = 0", [level])

    def unmapped(self, load_id: int) -> list[tuple[str, str, int, float]]:
        return self.con.execute(
            "SELECT provider, commissioner, rows, amount FROM unmapped WHERE load_id = ? "
            "ORDER BY amount DESC, provider, commissioner",
            [load_id],
        ).fetchall()
