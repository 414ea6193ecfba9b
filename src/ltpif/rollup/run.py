"""A roll-up of a set of plans: the long table, the totals and the ambition gaps, on one engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan
from ltpif.rollup import incremental
from ltpif.rollup.gap import AmbitionGap, ambition_gaps
from ltpif.rollup.milestones import MilestoneCoverage, milestone_coverage
from ltpif.rollup.table import Row, Total, long_rows, metric_kinds


@dataclass(frozen=True)
class Rollup:
    pack: Pack
    plans: Mapping[str, Plan]  # by 2019 system code
    rows: list[Row]
    totals: list[Total]  # sorted by key (every engine's; a region's page halves them)
    parts: incremental.Parts | None = field(default=None, repr=False, compare=False)

    @cached_property
    def gaps(self) -> list[AmbitionGap]:
        if self.parts is not None:  # the reference's: reusing the gaps its parts still give
            return incremental.gaps(self.parts)
        return ambition_gaps(self.pack, self.rows, self.totals)

    @cached_property
    def milestones(self) -> list[MilestoneCoverage]:
        return milestone_coverage(self.pack, self.plans)


def run_rollup(
    pack: Pack,
    plans: Mapping[str, Plan],
    backend: Any | None = None,
    previous: Rollup | None = None,
) -> Rollup:
    """Roll the plans up on an Ibis backend (DuckDB, Spark), or the reference when None; the
    reference reuses what a `previous` roll-up computed for plans that have not changed."""
    if backend is None:
        kept = previous.parts if previous is not None else None
        rows, totals, parts = incremental.rollup(pack, plans, kept)
        return Rollup(pack, plans, rows, totals, parts)
    from ltpif.rollup import ibis_rollup  # Ibis and Arrow take most of a second to import

    rows = long_rows(pack, plans)
    return Rollup(pack, plans, rows, ibis_rollup.rollup(backend, rows, metric_kinds(pack)))
