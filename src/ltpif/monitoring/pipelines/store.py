"""What a store of loaded actuals keeps, and what `load_files` asks of it.

The store is the web app's database (`ltpif.web.actuals.queries.DatabaseStore`):
- a load is one row per loaded file — `load_id`, `sha256` of the file's bytes (unique: the
  same file is never loaded twice), `file` (its name), `format`, `loaded_at` (UTC), `rows`
  read, `actuals` stored, `unmapped_rows`;
- an actual is a long record — `level` (system or national), `org_code` (the system's pack
  code, or the national code), `metric`, `period`, `quintile` (0 everyone, 1 most deprived …
  5 least), `value`, `numerator`, `denominator`, and the load that wrote it. The first five
  are the key: a later load of the same key replaces the value (publications are revised),
  so nothing is ever counted twice. A load that changes an earlier load's value is a
  revision: the write says how many actuals it changed and whose (`LoadRecord.revised`,
  `revised_loads`), and the audit event of the load records it. A new month's file adds only
  its own keys: no earlier load is read or rewritten;
- per system actual made from organisations' rows, each organisation's part (`Part`: what
  the rows it placed gave), replaced with the actual by a later load, so that an approved
  footprint change can move them (`monitoring.reattribute`);
- per load, the provider (and commissioner) codes whose rows mapped to no system, with how
  many rows and the format's headline count in them.

A write is one transaction: all of its files' rows, or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ltpif.monitoring.sources import SourceResult


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
    # as written: actuals whose earlier value (of another load) this load changed, and the
    # loads they came from; read back later, the load's audit event holds them
    revised: int = 0
    revised_loads: tuple[int, ...] = ()


@dataclass(frozen=True)
class Pending:
    """A file read and checked, waiting to be written."""

    file: str
    sha256: str
    format: str
    result: SourceResult


class LoadStore(Protocol):
    def load_of(self, sha256: str) -> LoadRecord | None:
        """The load that holds the file with this hash, if any."""

    def write(self, pending: Sequence[Pending]) -> list[LoadRecord]:
        """Store every pending file in one transaction; nothing at all if anything fails."""
