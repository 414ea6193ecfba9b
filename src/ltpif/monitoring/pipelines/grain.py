"""The one scan every publication pipeline makes: rows summed to the file's own grain.

A file's grain is its key (for the RTT extract: period, provider, commissioner, part and
treatment function). Summing rows to it in one pass over the raw file gives, per key, how
many rows share it (more than one is a duplicate), how many rows are bad (a cell that should
be a number and is not, a blank key cell, a format rule broken) and the sums of the measures.
A format may sum to its key but one column, whose values are listed per group to find a key
given twice (`Grain.listed`: the RTT extract's treatment functions). Everything after works
on this much smaller table, cached on the engine.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pyarrow as pa

from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.pipelines.raw import (
    SOURCE,
    blank,
    refused_numbers,
    source_of,
    trimmed,
)
from ltpif.monitoring.sources import SourceResult, Totals, Unmapped, add_totals, result_from_totals

ROWS, BAD = "rows_", "bad_"
TWICE = "twice_"  # keys of the grain given in more than one row
MEASURED = "measured_"  # rows whose measures the format uses (with `Grain.measured`)


@dataclass(frozen=True)
class Grain:
    key: Sequence[str]  # raw column → also the name of the stripped key column
    numeric: Sequence[str]
    measures: Mapping[str, Sequence[str]]  # measure name → the numeric columns it adds up
    units: Mapping[str, str] = field(default_factory=dict)  # numeric column → its unit
    optional: Sequence[str] = ()  # key columns that may be blank
    # further per-row failures, given the stripped text and numbers by column name
    rules: Callable[[Mapping[str, ir.Value]], Sequence[ir.BooleanValue]] = lambda cells: ()
    # further per-row amounts to sum, computed from the cells
    derived: Mapping[str, Callable[[Mapping[str, ir.Value]], ir.NumericValue]] = field(
        default_factory=dict
    )
    # the rows whose measures the format uses (None: every row); the others' measures are
    # null, and the engine skips their additions
    measured: Callable[[Mapping[str, ir.Value]], ir.BooleanValue] | None = None
    # a key column whose values are listed rather than grouped by (None: group by the whole
    # key): the rows are summed to the rest of the key, and a value listed twice in a group
    # is a key given twice. One grouping of a few times fewer groups than rows (the RTT
    # extract's treatment functions: ~7 a group) costs less than grouping every row by its
    # whole key, and the summary is that much smaller.
    listed: str | None = None


def summarise(raw: ir.Table, grain: Grain) -> ir.Table:
    """One row per key (but `listed`): its row count, bad rows, keys given twice (`TWICE`),
    measure sums (nulls counted as zero) and, with `measured`, its rows measured
    (`MEASURED`)."""
    # the engine names each row's file: never blank, nothing to strip
    cells: dict[str, ir.Value] = {c: raw[c] if c == SOURCE else trimmed(raw[c]) for c in grain.key}
    cells.update({c: raw[c] for c in grain.numeric})
    failures = [blank(raw[c]) for c in grain.key if c not in grain.optional and c != SOURCE]
    failures.append(refused_numbers({c: raw[c] for c in grain.numeric}, grain.units))
    failures += list(grain.rules(cells))
    where = grain.measured(cells) if grain.measured is not None else None
    sums = measure_sums(cells, grain.measures, where)
    sums |= {name: make(cells).fill_null(0.0) for name, make in grain.derived.items()}
    row_bad = reduce(or_, failures).fill_null(True)
    flags = {BAD: row_bad.ifelse(1, 0)}
    if where is not None:
        flags[MEASURED] = where.ifelse(1, 0)
    rows = raw.select(*(cells[c].name(c) for c in grain.key), **flags, **sums)
    stats = {ROWS: rows.count(), **{name: rows[name].sum() for name in [*flags, *sums]}}
    if grain.listed is None:
        by_key = rows.group_by(list(grain.key)).aggregate(**stats)
        return by_key.mutate(**{TWICE: (by_key[ROWS] > 1).ifelse(1, 0)})
    values = rows[grain.listed]
    stats[TWICE] = values.count() - distinct_values(values.collect()).length()
    return rows.group_by([c for c in grain.key if c != grain.listed]).aggregate(**stats)


@ibis.udf.scalar.builtin(name="array_distinct")
def distinct_values(values: dt.Array(dt.string)) -> dt.Array(dt.string):  # type: ignore[valid-type]
    """A list's distinct values: the engine's own function on both engines (not ibis's
    `unique()`, which DuckDB 2 refuses for its lambda; not `collect(distinct=True)`: a
    distinct aggregate is a grouping of its own)."""


def measure_sums(
    cells: Mapping[str, ir.Value],
    measures: Mapping[str, Sequence[str]],
    where: ir.BooleanValue | None = None,
) -> dict[str, ir.NumericValue]:
    """Each measure's sum of its columns in a row (blanks as zero). A measure whose columns
    include a smaller measure's adds that one's sum, not its columns again (the RTT extract's
    known-wait bands are the within-18-weeks bands, the long-wait bands and the rest): the
    engine computes a shared sum once, and a row of a hundred bands costs half the additions.

    With `where`, only the rows where it holds are summed (the others' measures are null),
    each measure from its own columns: DuckDB lifts a sum that two measures share out of
    their conditions and computes it for every row, which costs more than it saves when few
    rows are summed (the RTT extract's incomplete pathways: a quarter of its rows)."""
    if where is not None:
        return {
            name: where.ifelse(_sum(cells[c].fill_null(0.0) for c in columns), None).name(name)
            for name, columns in measures.items()
        }
    made: list[tuple[frozenset[str], ir.NumericValue]] = []
    for name, columns in sorted(measures.items(), key=lambda item: len(item[1])):
        left, parts = list(columns), []
        if len(set(columns)) < len(columns):  # a column counted twice: summed as it is given
            made.append((frozenset(), _sum(cells[c].fill_null(0.0) for c in columns).name(name)))
            continue
        for subset, total in sorted(made, key=lambda item: -len(item[0])):
            if subset and subset <= set(left):
                parts.append(total)
                left = [c for c in left if c not in subset]
        parts += [cells[c].fill_null(0.0) for c in left]
        made.append((frozenset(columns), _sum(parts).name(name)))
    found = {total.get_name(): total for _, total in made}
    return {name: found[name] for name in measures}


def _sum(values: Iterable[ir.NumericValue]) -> ir.NumericValue:
    return reduce(lambda a, b: a + b, values)


@dataclass(frozen=True)
class Overview:
    rows: int
    bad: bool  # a key given twice, or a bad row
    values: dict[str, list[str]]  # the distinct values of columns checked in Python
    by_source: dict[str, int] = field(default_factory=dict)  # rows read by file, if asked


def overview(
    backend: Any,
    summary: ir.Table,
    columns: Sequence[str] = (),
    *,
    by_source: Sequence[str] | None = None,
) -> Overview:
    """One query: rows read, whether any is bad, and the distinct values of `columns`.

    With `by_source`, the files read (`source_names`; for columns of few values: a
    publication's periods and types) the summary is grouped by file and those columns, which
    is cheaper than collecting distinct values, and gives each file's rows too."""
    stats = {
        "rows": summary[ROWS].sum(),
        "duplicates": summary[TWICE].sum(),
        "bad": summary[BAD].sum(),
    }
    if by_source is not None:
        found = fetch(backend, summary.group_by([SOURCE, *columns]).aggregate(**stats))
        per_file: dict[str, int] = {}
        for row in found:
            key = source_of(row[SOURCE], by_source)
            per_file[key] = per_file.get(key, 0) + int(row["rows"] or 0)
        values = {c: sorted({r[c] for r in found if r[c] is not None}) for c in columns}
        bad = any(r["duplicates"] or r["bad"] for r in found)
        return Overview(sum(per_file.values()), bad, values, per_file)
    query = summary.aggregate(
        **stats,
        **{f"values_{i}": summary[c].collect(distinct=True) for i, c in enumerate(columns)},
    )
    first = fetch(backend, query)[0]
    values = {
        c: [v for v in first[f"values_{i}"] or [] if v is not None] for i, c in enumerate(columns)
    }
    return Overview(int(first["rows"] or 0), bool(first["duplicates"] or first["bad"]), values)


def fetch(backend: Any, expr: ir.Table) -> list[dict[str, Any]]:
    """A (small) result as rows of plain values."""
    if backend.name == "pyspark":
        # ibis fetches Spark results through pandas, which pandas 3 warns about; Arrow is
        # direct. PySpark leaves its result socket for the garbage collector, which warns.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            return backend.raw_sql(backend.compile(expr)).toArrow().to_pylist()
    return backend.to_pyarrow(expr).to_pylist()


def bind(backend: Any, columns: Mapping[str, list]) -> ir.Table:
    """A small table of Python lists, made readable on the engine under a fresh name."""
    table = pa.table(dict(columns))
    name = f"ltpif_lookup_{uuid.uuid4().hex}"
    if backend.name == "pyspark":
        backend._session.createDataFrame(table).createOrReplaceTempView(name)
    else:
        backend.con.register(name, table)
    return backend.table(name)


def lookup_table(backend: Any, pairs: Mapping[str, Any], key: str, value: str) -> ir.Table:
    """A code → value table for joining on the engine."""
    return bind(backend, {key: list(pairs), value: list(pairs.values())})


def override(
    backend: Any,
    placed: ir.Table,
    rows: list[tuple[str, str, str]],
    column: str,
    only: Any = None,
    *,
    period: str = "period",
    target: str = "system",
) -> ir.Table:
    """`placed` with `target` (the system) of each (code in `column`, `period` text) in `rows`
    replaced, where `only` (a condition on the joined table, or None) holds."""
    if not rows:
        return placed
    moved = bind(
        backend,
        {
            "m_code": [r[0] for r in rows],
            "m_period": [r[1] for r in rows],
            "m_system": [r[2] for r in rows],
        },
    )
    joined = placed.left_join(
        moved, [placed[column] == moved.m_code, placed[period] == moved.m_period]
    )
    chosen = joined.m_system if only is None else only(joined).ifelse(joined.m_system, None)
    return joined.mutate(**{target: chosen.coalesce(joined[target])}).drop(
        "m_code", "m_period", "m_system"
    )


def dated(backend: Any, orgs: OrgMap, placed: ir.Table, periods: Mapping[str, str]) -> ir.Table:
    """`placed` with the footprint valid for each period: an organisation an approved move
    took to another system counts there from the first period starting on or after the
    move's date. A commissioner's move moves the rows placed by their commissioner; a
    provider's, the rows placed by their provider (no commissioner, or one that maps nowhere)."""
    if not orgs.moves:
        return placed
    starts = {text: parse_period(name, orgs.calendar).start for text, name in periods.items()}
    if "commissioner" in placed.columns:
        rows = orgs.overrides(orgs.commissioners, starts)
        placed = override(backend, placed, rows, "commissioner")
    only = (lambda t: t.c_system.isnull()) if "c_system" in placed.columns else None
    return override(backend, placed, orgs.overrides(orgs.providers, starts), "provider", only)


def results(
    backend: Any,
    orgs: OrgMap,
    summary: ir.Table,
    placed: ir.Table,
    measures: Sequence[str],
    periods: Mapping[str, str],
    to_actuals: Callable[[str, str, str, Totals], Sequence[Actual]],
    names: Sequence[str],
    rows_by_source: Mapping[str, int] | None = None,
) -> dict[str, SourceResult]:
    """Each file's actuals, by system and nationally, and its rows that map nowhere.

    `placed` has `SOURCE`, period, system (null: mapped nowhere), provider (and commissioner,
    if the format has one), rows and the measures; the first measure is the headline count
    reported for unmapped rows. Period texts become period names; two texts of one period
    add up. `names` are the files read (`source_names`). Each file's rows read are counted
    from the summary unless given (`overview`).
    """
    placed = dated(backend, orgs, placed, periods)
    who = [c for c in ("provider", "commissioner") if c in placed.columns]
    sums = {m: placed[m].sum() for m in measures}
    mapped = placed.filter(placed.system.notnull())
    lost = placed.filter(placed.system.isnull())
    # the organisation that placed each row: its commissioner where that maps, else its
    # provider (as `dated` moves them); each one's part is kept for a later footprint change
    placer = mapped.provider
    if "c_system" in mapped.columns:
        placer = mapped.c_system.notnull().ifelse(mapped.commissioner, mapped.provider)
    by_placer = mapped.mutate(placer=placer)
    queries = {
        "system": mapped.group_by([SOURCE, "period", "system"]).aggregate(
            **{m: mapped[m].sum() for m in measures}
        ),
        "parts": by_placer.group_by([SOURCE, "period", "system", "placer"]).aggregate(
            **{m: by_placer[m].sum() for m in measures}
        ),
        "nation": placed.group_by([SOURCE, "period"]).aggregate(**sums),
        "lost": lost.group_by([SOURCE, *who]).aggregate(
            rows=lost.rows.sum(), amount=lost[measures[0]].sum()
        ),
    }
    if rows_by_source is None:
        queries["rows"] = summary.group_by(SOURCE).aggregate(rows=summary[ROWS].sum())
    files: dict[str, dict] = {}

    def entry(source: str) -> dict:
        empty = {"system": {}, "nation": {}, "parts": {}, "lost": [], "rows": 0}
        return files.setdefault(source, empty)

    def of(row: dict) -> dict:
        return entry(source_of(row[SOURCE], names))

    for r in fetch(backend, queries["system"]):
        totals = {m: r[m] for m in measures}
        add_totals(of(r)["system"], (periods[r["period"]], r["system"]), totals)
    for r in fetch(backend, queries["parts"]):
        totals = {m: r[m] for m in measures}
        add_totals(of(r)["parts"], (periods[r["period"]], r["system"], r["placer"]), totals)
    for r in fetch(backend, queries["nation"]):
        add_totals(of(r)["nation"], periods[r["period"]], {m: r[m] for m in measures})
    for r in fetch(backend, queries["lost"]):
        lost_rows = Unmapped(r["provider"], r.get("commissioner", ""), int(r["rows"]), r["amount"])
        of(r)["lost"].append(lost_rows)
    if rows_by_source is None:
        for r in fetch(backend, queries["rows"]):
            of(r)["rows"] = int(r["rows"])
    else:
        for source, rows in rows_by_source.items():
            entry(source)["rows"] = rows
    return {
        source: result_from_totals(
            orgs.national, f["system"], f["nation"], f["lost"], f["rows"], to_actuals, f["parts"]
        )
        for source, f in files.items()
    }
