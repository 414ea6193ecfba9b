"""Reading publication files in batches: files of one header are scanned as one table.

The engine scans a batch of files at once (as fast as it scans one big file); every row
carries its file's name, so each file still gets its own results, checks and problems.
Each publication format (`rtt.py`, `ae.py`) says what its files hold through a `Format`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from ltpif.framework.problems import InputError, Problem
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.pipelines.checks import wrong_format
from ltpif.monitoring.pipelines.grain import Grain, overview, results, summarise
from ltpif.monitoring.pipelines.raw import (
    engine_only,
    locate,
    on_engine,
    read_header,
    read_table,
    source_names,
)
from ltpif.monitoring.rows import RowRules
from ltpif.monitoring.sources import SourceResult, Totals


@dataclass(frozen=True)
class Layout:
    """What one header of a format means."""

    rules: RowRules  # the reference row checks, to place problems
    grain: Grain  # the file's key (after the source file), numbers and measures


@dataclass(frozen=True)
class Format:
    name: str
    layout: Callable[[list[str]], Layout | list[str]]  # a header → its layout, or its problems
    checked: Sequence[str]  # key columns whose distinct values Python checks
    # the distinct values → each period text's name, or None if any value is wrong
    periods: Callable[[Mapping[str, list[str]]], dict[str, str] | None]
    # the summary → rows with SOURCE, period, system, provider(, commissioner), rows, measures
    place: Callable[[Any, ir.Table], ir.Table]
    measures: Sequence[str]
    to_actuals: Callable[[str, str, str, Totals], Sequence[Actual]]


def read_files(
    backend: Any, paths: Sequence[Path], fmt: Format, orgs: OrgMap
) -> dict[Path, SourceResult]:
    """Each file's results; InputError with every problem of every file."""
    problems: list[Problem] = []
    groups: dict[tuple[str, ...], list[Path]] = {}
    for path in paths:
        try:
            groups.setdefault(tuple(read_header(path)), []).append(path)
        except InputError as exc:
            problems += exc.problems
    found: dict[Path, SourceResult] = {}
    for header, group in groups.items():
        layout = fmt.layout(list(header))
        if isinstance(layout, list):
            problems += [p for path in group for p in wrong_format(path, header, fmt.name, layout)]
            continue
        try:
            found.update(_read_group(backend, group, list(header), layout, fmt, orgs))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return found


def _read_group(
    backend: Any, group: list[Path], header: list[str], layout: Layout, fmt: Format, orgs: OrgMap
) -> dict[Path, SourceResult]:
    names = source_names(group)

    def run() -> dict[Path, SourceResult]:
        raw = read_table(backend, group, header, layout.grain.numeric)
        with summarise(raw, layout.grain).cache() as summary:  # released when done
            seen = overview(backend, summary, fmt.checked, by_source=names)
            periods = fmt.periods(seen.values)
            if seen.bad or periods is None:
                raise InputError(locate(group, layout.rules) or [engine_only(group)])
            # the few rows by place, computed once for the queries that read them
            with fmt.place(backend, summary).cache() as placed:
                by_file = results(
                    backend,
                    orgs,
                    summary,
                    placed,
                    fmt.measures,
                    periods,
                    fmt.to_actuals,
                    names,
                    seen.by_source,
                )
        empty = SourceResult([], [], 0)
        return {path: by_file.get(name, empty) for path, name in zip(group, names, strict=True)}

    return on_engine(group, layout.rules, run)
