"""A version's planned values written to the long table (`PlanValue`): one row per trajectory
and year, ~250 for a plan. On PostgreSQL they go by COPY, a stream of rows: built as one
INSERT of ~1,500 parameters (bulk_create), the statement alone took 5 ms of a 7 ms
submission's write; SQLite takes the rows through bulk_create, in process."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from ltpif.web.planning.models import PlanValue, PlanVersion

COLUMNS = ("metric", "period", "value", "numerator", "denominator")
Row = tuple[str, str, float | None, float | None, float | None]


def write_values(version: PlanVersion, rows: Iterable[Row]) -> None:
    """Insert `rows` (COLUMNS) as `version`'s planned values, in the caller's transaction."""
    if connection.vendor != "postgresql":
        PlanValue.objects.bulk_create(
            PlanValue(version=version, **dict(zip(COLUMNS, row, strict=True))) for row in rows
        )
        return
    table = PlanValue._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} (version_id, {', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((version.pk, *row))
