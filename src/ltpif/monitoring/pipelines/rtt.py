"""The RTT full extract as Ibis expressions: the same code on DuckDB and on Spark.

One scan of the raw files sums them to their grain but the treatment function, whose values
are listed to find a key given twice (`grain.summarise`); the rest runs on that
summary: checks, then incomplete pathways by provider and commissioner, mapped to systems by
joining the lookups, summed by system and month, nationally, and for the rows that map
nowhere. The meaning of every step is `ltpif.monitoring.rtt`'s, which this must agree with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from ltpif.framework.periods import Calendar
from ltpif.monitoring import rtt
from ltpif.monitoring.definitions import RttWeeks
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.pipelines.batch import Format, Layout, read_files
from ltpif.monitoring.pipelines.checks import period_names
from ltpif.monitoring.pipelines.grain import MEASURED, Grain, lookup_table
from ltpif.monitoring.pipelines.raw import SOURCE
from ltpif.monitoring.sources import SourceResult

MEASURES = ("waiting_list", "long_waits", "within", "known")


def extract_format(orgs: OrgMap, weeks: RttWeeks, calendar: Calendar) -> Format:
    def layout(header: list[str]) -> Layout | list[str]:
        found = rtt.read_layout(header)
        if isinstance(found, list):
            return found
        grain = Grain(
            key=(SOURCE, *rtt.KEY),
            numeric=found.numeric,
            measures=rtt.measures(found, weeks),
            units=found.units,
            measured=incomplete,
            listed=rtt.FUNCTION,
        )
        return Layout(rtt.row_rules(found, calendar), grain)

    def periods(values: Mapping[str, list[str]]) -> dict[str, str] | None:
        if set(values[rtt.PART]) - set(rtt.PARTS):
            return None
        return period_names(values[rtt.PERIOD], calendar)

    return Format(
        "rtt-full-extract",
        layout,
        (rtt.PERIOD, rtt.PART),
        periods,
        lambda backend, summary: incomplete_pairs(backend, summary, orgs),
        MEASURES,
        rtt.to_actuals,
    )


def read_many(
    backend: Any, paths: Sequence[Path], orgs: OrgMap, weeks: RttWeeks, calendar: Calendar
) -> dict[Path, SourceResult]:
    return read_files(backend, paths, extract_format(orgs, weeks, calendar), orgs)


def read(
    backend: Any, path: Path, orgs: OrgMap, weeks: RttWeeks, calendar: Calendar
) -> SourceResult:
    return read_many(backend, [path], orgs, weeks, calendar)[path]


def incomplete(cells: Mapping[str, ir.Value]) -> ir.BooleanValue:
    """The rows the measures come from: incomplete pathways by treatment function (not the
    all-functions total row)."""
    return (cells[rtt.PART] == rtt.INCOMPLETE) & (cells[rtt.FUNCTION] != rtt.ALL_FUNCTIONS)


def incomplete_pairs(backend: Any, summary: ir.Table, orgs: OrgMap) -> ir.Table:
    """Incomplete pathways by file, period, provider and commissioner, with each one's system."""
    pathways = summary.filter(summary[MEASURED] > 0)
    pairs = pathways.group_by(
        pathways[SOURCE],
        period=pathways[rtt.PERIOD],
        provider=pathways[rtt.PROVIDER].upper(),
        commissioner=pathways[rtt.COMMISSIONER].upper(),
    ).aggregate(rows=pathways[MEASURED].sum(), **{m: pathways[m].sum() for m in MEASURES})
    by_commissioner = lookup_table(backend, orgs.commissioners, "c_code", "c_system")
    by_provider = lookup_table(backend, orgs.providers, "p_code", "p_system")
    joined = pairs.left_join(by_commissioner, pairs.commissioner == by_commissioner.c_code)
    joined = joined.left_join(by_provider, joined.provider == by_provider.p_code)
    return joined.mutate(system=joined.c_system.coalesce(joined.p_system))
