"""The generic long format as Ibis expressions (CSV; XLSX through `xlsx.py`).

One scan sums rows to the file's grain (organisation, metric, period, quintile); codes,
metrics and periods are checked in Python on their distinct values; organisations are mapped
to their places by a join and added up there. What everything means, and every problem's
wording and line, is `ltpif.monitoring.actuals` (the reference), which runs only for a bad
file, to place its problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from ltpif.framework.problems import InputError
from ltpif.monitoring import actuals as long
from ltpif.monitoring.actuals import Actual, LongContext, Part, combined
from ltpif.monitoring.definitions import MonitoredMetric
from ltpif.monitoring.periods import parse_period
from ltpif.monitoring.pipelines.checks import period_names, wrong_format
from ltpif.monitoring.pipelines.grain import (
    ROWS,
    Grain,
    bind,
    fetch,
    lookup_table,
    override,
    overview,
    summarise,
)
from ltpif.monitoring.pipelines.raw import (
    engine_only,
    locate,
    on_engine,
    outside_unit,
    read_header,
    read_table,
    stream_rows,
)
from ltpif.monitoring.sources import SourceResult

CODE, METRIC, PERIOD = long.REQUIRED
QUINTILE = "deprivation_quintile"
AMOUNTS = ("value", "numerator", "denominator")


def read(backend: Any, path: Path, context: LongContext) -> SourceResult:
    header = read_header(path)
    if messages := [p.message for p in long.header_problems(path.name, header)]:
        raise InputError(wrong_format(path, header, "long", messages))
    rules = long.row_rules(header, context)

    def reference_problems() -> InputError:
        # the rows' problems first, streamed: a file of bad rows is never held whole
        problems = locate([path], rules)
        if not problems:
            _, problems = long.read_long(path.name, stream_rows(path), header, context)
        return InputError(problems or [engine_only([path])])

    def run() -> SourceResult:
        numeric = [c for c in AMOUNTS if c in header]
        raw = _complete(read_table(backend, [path], header, numeric))
        with summarise(raw, grain(context.metrics)).cache() as summary:  # released when done
            seen = overview(backend, summary, (CODE, METRIC, PERIOD, QUINTILE))
            places = {code: context.orgs.resolve(code) for code in seen.values[CODE]}
            periods = period_names(seen.values[PERIOD], context.calendar, context.cadences)
            if (
                seen.bad
                or periods is None
                or None in places.values()
                or set(seen.values[METRIC]) - set(context.metrics)
                or set(seen.values[QUINTILE]) - {"", *long.QUINTILES}
            ):
                raise reference_problems()
            found = _combine(backend, summary, places, periods, context)
        if found is None:
            raise reference_problems()
        actuals, parts = found
        return SourceResult(sorted(actuals), [], seen.rows, parts=sorted(parts))

    return on_engine([path], rules, run)


def _complete(raw: ir.Table) -> ir.Table:
    """The optional columns a file leaves out, as blanks."""
    missing = {c: ibis.null("float64") for c in AMOUNTS if c not in raw.columns}
    if QUINTILE not in raw.columns:
        missing[QUINTILE] = ibis.literal("")
    return raw.mutate(**missing)


def _row_rules(
    cells: Mapping[str, ir.Value], metrics: Mapping[str, MonitoredMetric]
) -> list[ir.BooleanValue]:
    value, num, den = (cells[c] for c in AMOUNTS)
    by_unit: dict[str, list[str]] = {}
    for metric in metrics.values():
        by_unit.setdefault(metric.unit, []).append(metric.id)
    return [
        num.isnull() != den.isnull(),
        (den == 0).fill_null(False),
        value.isnull() & num.isnull(),
        # a value outside its metric's unit (a negative count, a proportion above 1)
        *(
            cells[METRIC].isin(ids).fill_null(False) & outside_unit(value, unit)
            for unit, ids in sorted(by_unit.items())
        ),
    ]


def grain(metrics: Mapping[str, MonitoredMetric]) -> Grain:
    """The long format's grain, with the units of `metrics` checked."""
    return Grain(
        key=(CODE, METRIC, PERIOD, QUINTILE),
        optional=(QUINTILE,),
        numeric=AMOUNTS,
        measures={"numerator_sum": ("numerator",), "denominator_sum": ("denominator",)},
        units=long.PART_UNITS,
        rules=lambda cells: _row_rules(cells, metrics),
        derived={
            "value_sum": lambda cells: cells["value"].coalesce(
                cells["numerator"] / cells["denominator"]
            ),
            "ratio_rows": lambda cells: cells["numerator"].notnull().ifelse(1, 0),
        },
    )


def _combine(
    backend: Any, summary: ir.Table, places: dict, periods: dict[str, str], context: LongContext
) -> tuple[list[Actual], list[Part]] | None:
    """Organisations added up to their places, and each organisation's part; None if some
    group cannot be combined."""
    where = bind(
        backend,
        {
            "o_code": list(places),
            "level": [p.level for p in places.values()],
            "place": [p.code for p in places.values()],
            "direct": [int(p.via in ("system", "national")) for p in places.values()],
        },
    )
    names = lookup_table(backend, periods, "p_text", "period_name")
    joined = summary.join(where, summary[CODE] == where.o_code).join(
        names, summary[PERIOD] == names.p_text
    )
    # the footprint valid for each period: an organisation moved by an approved footprint
    # change counts in its new system from the first period on or after the move's date
    orgs = context.orgs
    if orgs.moves:
        starts = {t: parse_period(n, context.calendar).start for t, n in periods.items()}
        index = {c: p.code for c, p in places.items() if p.via in ("provider", "commissioner")}
        rows = orgs.overrides(index, starts)
        joined = override(backend, joined, rows, CODE, period=PERIOD, target="place")
    groups = joined.group_by(["level", "place", METRIC, "period_name", QUINTILE]).aggregate(
        count=joined[ROWS].sum(),
        direct=joined.direct.max(),
        ratio_rows=joined.ratio_rows.sum(),
        value_sum=joined.value_sum.sum(),
        numerator_sum=joined.numerator_sum.sum(),
        denominator_sum=joined.denominator_sum.sum(),
    )
    out = []
    for g in fetch(backend, groups):
        whole = g["ratio_rows"] == g["count"]
        value = combined(
            context.metrics[g[METRIC]],
            g["count"],
            bool(g["direct"]),
            whole,
            g["value_sum"],
            g["numerator_sum"],
            g["denominator_sum"],
        )
        if isinstance(value, str):
            return None
        out.append(
            Actual(
                g["level"],
                g["place"],
                g[METRIC],
                g["period_name"],
                value,
                g["numerator_sum"] if whole else None,
                g["denominator_sum"] if whole else None,
                int(g[QUINTILE] or long.EVERYONE),
            )
        )
    return out, _parts(backend, joined)


def _parts(backend: Any, joined: ir.Table) -> list[Part]:
    """Each trust's or CCG's part of its system's actuals (`long.read_long_parts`' meaning)."""
    orgs = joined.filter(joined.direct == 0)
    keys = [CODE, "place", METRIC, "period_name", QUINTILE]
    summed = orgs.group_by(keys).aggregate(
        count=orgs[ROWS].sum(),
        ratio_rows=orgs.ratio_rows.sum(),
        value_sum=orgs.value_sum.sum(),
        numerator_sum=orgs.numerator_sum.sum(),
        denominator_sum=orgs.denominator_sum.sum(),
    )
    parts = []
    for g in fetch(backend, summed):
        whole = g["ratio_rows"] == g["count"]
        parts.append(
            Part(
                g["place"],
                g[METRIC],
                g["period_name"],
                int(g[QUINTILE] or long.EVERYONE),
                g[CODE].upper(),
                g["value_sum"],
                g["numerator_sum"] if whole else None,
                g["denominator_sum"] if whole else None,
            )
        )
    return parts
