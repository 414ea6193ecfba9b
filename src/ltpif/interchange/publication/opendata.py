"""Open data: every number of the publication as CSV tables and one JSON document.

Missing values are empty CSV fields and JSON nulls, never zero; lists of systems are
`;`-separated codes in CSV and arrays in JSON. Numbers are written in Python's shortest
round-trip form, so the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json

from ltpif.framework.numbers import csv_number
from ltpif.rollup import series
from ltpif.rollup.run import Rollup


def ambition_rows(rollup: Rollup) -> list[dict]:
    return [
        {
            "ambition": gap.ambition.id,
            "metric": gap.metric.id,
            "unit": gap.metric.unit,
            "scope": gap.ambition.scope,
            "comparison": gap.ambition.comparison,
            "value": gap.ambition.value,
            "by": str(gap.ambition.by),
            "due_year": gap.due_year,
            "fair_share_basis": gap.shares.basis if gap.shares else None,
            "fair_shares_unavailable": gap.shares_unavailable or None,
            "description": gap.ambition.description,
        }
        for gap in rollup.gaps
    ]


def tables(rollup: Rollup) -> dict[str, list[dict]]:
    """Every table of the open data, by file stem."""
    pack, gaps = rollup.pack, rollup.gaps
    return {
        "ambitions": ambition_rows(rollup),
        "plans": series.row_series(pack, rollup.rows),
        "totals": series.total_series(pack, rollup.totals),
        "ambition_gaps": [row for gap in gaps for row in series.trajectory_series(gap)],
        "contributions": [row for gap in gaps for row in series.contribution_series(pack, gap)],
        "fair_shares": [row for gap in gaps for row in series.fair_share_series(gap)],
        "milestones": series.milestone_series(rollup.milestones),
    }


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(_cell(v)) for v in value)
    if isinstance(value, float):
        return csv_number(value)
    return value


def csv_text(rows: list[dict]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0].keys())
    for row in rows:
        writer.writerow([_cell(value) for value in row.values()])
    return out.getvalue()


def json_text(document: object, *, compact: bool = False) -> str:
    """Indented, or compact for large documents (the C encoder only writes compact JSON)."""
    if compact:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    else:
        text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    return text + "\n"
