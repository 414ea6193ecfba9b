"""Loading files of actuals into the store: read and check every file, then write them all.

Each file is hashed (SHA-256 of its bytes, read in chunks); a file whose hash the store holds
is skipped, so loading the same file twice never counts it twice. Every other file is read by
its format's pipeline on the engine; if any file has a problem, every problem of every file
is reported and nothing is written. Otherwise all files are written in one transaction.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ltpif.analytics.engines import duckdb_backend
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.geography.versions import Move
from ltpif.monitoring.actuals import LongContext
from ltpif.monitoring.definitions import Catalogue
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.pipelines import ae, long_format, published, rtt, xlsx
from ltpif.monitoring.pipelines.lookups import read_org_map, systems_only
from ltpif.monitoring.pipelines.store import LoadRecord, LoadStore, Pending
from ltpif.monitoring.sources import SourceResult

CHUNK = 1 << 20
BATCH = 12  # files scanned together: ~650 MB of RTT extract


@dataclass(frozen=True)
class Outcome:
    file: Path
    sha256: str
    loaded: LoadRecord | None  # None: the store already held this file
    earlier: LoadRecord | None = None  # the load that holds it already
    result: SourceResult | None = None


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from exc
    return digest.hexdigest()


@dataclass
class Loader:
    pack: Pack
    catalogue: Catalogue
    lookups_dir: Path | None
    backend: Any = None
    _orgs: OrgMap | None = None
    # the footprint changes approved in the web: figures follow them period by period
    moves: tuple[Move, ...] = ()

    def orgs(self, *, required: bool) -> OrgMap:
        """The organisation map (with the approved footprint changes); systems only when no
        lookups are needed or at hand."""
        if self._orgs is None:
            if self.lookups_dir is None and not required:
                return systems_only(self.pack, self.catalogue.national_code)
            found = read_org_map(self.pack, self.catalogue.national_code, self.lookups_dir)
            self._orgs = replace(found, moves=self.moves, calendar=self.pack.year_calendar)
        return self._orgs

    def read_many(self, paths: Sequence[Path], fmt: str) -> dict[Path, SourceResult]:
        """Files read and checked by their format's pipeline; publications in one batch."""
        backend = self.engine()
        calendar = self.pack.year_calendar
        if fmt == "rtt-full-extract":
            orgs = self.orgs(required=True)
            return rtt.read_many(backend, paths, orgs, self.catalogue.rtt, calendar)
        if fmt == "ae-monthly":
            return ae.read_many(backend, paths, self.orgs(required=True), calendar)
        if fmt == "ae-provider-csv":
            orgs = self.orgs(required=True)
            return published.read_each(
                paths, lambda path: published.read_ae_provider(path, orgs, calendar)
            )
        if fmt == "rtt-national-series":
            weeks, national = self.catalogue.rtt, self.catalogue.national_code
            return published.read_each(
                paths, lambda path: published.read_rtt_series(path, weeks, calendar, national)
            )
        if fmt != "long":
            raise ValueError(f"unknown format {fmt!r}")
        found, problems = {}, []
        for path in paths:
            try:
                found[path] = self.read_long(path)
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)
        return found

    def engine(self) -> Any:
        return self.backend if self.backend is not None else duckdb_backend()

    def read_long(self, path: Path) -> SourceResult:
        backend = self.engine()
        calendar = self.pack.year_calendar
        context = LongContext(
            self.orgs(required=False),
            self.catalogue.metrics,
            calendar,
            tuple(self.pack.periods.actuals_cadences),
        )
        if path.suffix.lower() != ".xlsx":
            return long_format.read(backend, path, context)
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / f"{path.stem}.csv"
            sheet, header = xlsx.to_csv(path, copy)
            return xlsx.in_workbook_terms(
                path, sheet, header, lambda: long_format.read(backend, copy, context)
            )


def load_files(
    paths: Sequence[Path],
    fmt: str,
    store: LoadStore,
    loader: Loader,
    progress: Callable[[str, int], None] = lambda step, done: None,
    batch: int = BATCH,
) -> list[Outcome]:
    """Load the files in one transaction; InputError with every problem, nothing written.

    `progress(step, files done)` is told of each step; files are read `batch` at a time.
    """
    problems: list[Problem] = []
    order: list[tuple[Path, str, LoadRecord | None, bool]] = []  # path, hash, earlier, new
    waiting: dict[str, Path] = {}
    for path in paths:
        try:
            sha = file_hash(path)
        except InputError as exc:
            problems += exc.problems
            continue
        earlier = store.load_of(sha)
        if earlier is not None and earlier.format != fmt:
            message = f"not in the {fmt} format: it was loaded as {earlier.format}"
            message += f" (load {earlier.load_id})"
            problems.append(Problem(str(path), None, "", message))
            continue
        new = earlier is None and sha not in waiting
        if new:
            waiting[sha] = path
        order.append((path, sha, earlier, new))
    found: dict[Path, SourceResult] = {}
    todo = list(waiting.values())
    for start in range(0, len(todo), batch):
        group = todo[start : start + batch]
        more = f" and {len(group) - 1} more" if len(group) > 1 else ""
        progress(f"reading {group[0].name}{more}", start)
        try:
            found.update(loader.read_many(group, fmt))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    progress("storing", len(todo))
    pending = [Pending(path.name, sha, fmt, found[path]) for sha, path in waiting.items()]
    records = dict(zip(waiting, store.write(pending), strict=True))
    progress("done", len(todo) + 1)
    return [
        Outcome(path, sha, records[sha], None, found[path])
        if new
        else Outcome(path, sha, None, earlier)
        for path, sha, earlier, new in order
    ]
