"""Monthly A&E by provider as Ibis expressions: the same code on DuckDB and on Spark.

One scan sums the files to their grain (file, period, provider, type) and checks them;
providers are mapped to systems by joining the trust lookup; sums by system and month,
nationally and for the providers that map nowhere follow (`grain.results`).
`ltpif.monitoring.ae` defines what each step means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from ltpif.framework.periods import Calendar
from ltpif.monitoring import ae
from ltpif.monitoring.mapping import OrgMap
from ltpif.monitoring.pipelines.batch import Format, Layout, read_files
from ltpif.monitoring.pipelines.checks import period_names
from ltpif.monitoring.pipelines.grain import ROWS, Grain, lookup_table
from ltpif.monitoring.pipelines.raw import SOURCE
from ltpif.monitoring.sources import SourceResult

GRAIN = Grain(
    key=(SOURCE, ae.PERIOD, ae.PROVIDER, ae.TYPE),
    numeric=ae.COUNTS,
    measures={name: (name,) for name in ae.COUNTS},
    units=ae.UNITS,
    rules=lambda cells: [cells["breaches"] > cells["attendances"]],
)


def monthly_format(orgs: OrgMap, calendar: Calendar) -> Format:
    def layout(header: list[str]) -> Layout | list[str]:
        return ae.header_problems(header) or Layout(ae.row_rules(header, calendar), GRAIN)

    def periods(values: Mapping[str, list[str]]) -> dict[str, str] | None:
        if set(values[ae.TYPE]) - set(ae.TYPES):
            return None
        return period_names(values[ae.PERIOD], calendar, ("month",))

    return Format(
        "ae-monthly",
        layout,
        (ae.PERIOD, ae.TYPE),
        periods,
        lambda backend, summary: by_provider(backend, summary, orgs),
        ae.COUNTS,
        ae.to_actuals,
    )


def read_many(
    backend: Any, paths: Sequence[Path], orgs: OrgMap, calendar: Calendar
) -> dict[Path, SourceResult]:
    return read_files(backend, paths, monthly_format(orgs, calendar), orgs)


def read(backend: Any, path: Path, orgs: OrgMap, calendar: Calendar) -> SourceResult:
    return read_many(backend, [path], orgs, calendar)[path]


def by_provider(backend: Any, summary: ir.Table, orgs: OrgMap) -> ir.Table:
    """Counts by file, period and provider, with each provider's system."""
    providers = lookup_table(backend, orgs.providers, "p_code", "system")
    counts = summary.group_by(
        summary[SOURCE], period=summary[ae.PERIOD], provider=summary[ae.PROVIDER].upper()
    ).aggregate(rows=summary[ROWS].sum(), **{c: summary[c].sum() for c in ae.COUNTS})
    return counts.left_join(providers, counts.provider == providers.p_code)
