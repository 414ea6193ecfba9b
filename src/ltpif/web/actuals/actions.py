"""Writing actuals: every file of a load in one transaction, with one audit event."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ltpif.monitoring.pipelines.store import LoadRecord, Pending
from ltpif.web.actuals.models import Actual, ActualsLoad, UnmappedCode
from ltpif.web.planning.models import AuditEvent

KEY = ("level", "org_code", "metric", "period", "quintile")
AMOUNTS = ("value", "numerator", "denominator")


class AlreadyLoaded(Exception):
    """A file with this SHA-256 is in the database already."""


@transaction.atomic
def record_loads(*, pending: Sequence[Pending], by=None) -> list[LoadRecord]:
    """Store files read and checked by the pipelines: all of them, or (on any error) none.

    A file loaded before (same SHA-256) raises AlreadyLoaded and nothing is written; the
    pipeline's `load_files` skips such files before it gets here.
    """
    now = timezone.now()
    records = []
    for item in pending:
        if ActualsLoad.objects.filter(sha256=item.sha256).exists():
            raise AlreadyLoaded(f"{item.file} is loaded already")
        result = item.result
        load = ActualsLoad.objects.create(
            sha256=item.sha256,
            source=item.file,
            format=item.format,
            loaded_at=now,
            loaded_by=by,
            rows=result.rows,
            actuals=len(result.actuals),
            unmapped_rows=sum(u.rows for u in result.unmapped),
        )
        # Same key, later load: the new value replaces the old and the row moves to this load.
        Actual.objects.bulk_create(
            [
                Actual(load=load, **{n: getattr(a, n) for n in KEY + AMOUNTS})
                for a in result.actuals
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=KEY,
            update_fields=[*AMOUNTS, "load"],
        )
        UnmappedCode.objects.bulk_create(
            [UnmappedCode(load=load, **vars(u)) for u in result.unmapped], batch_size=500
        )
        AuditEvent.objects.create(
            actor=by,
            action="load_actuals",
            summary=f"Loaded {item.file} ({item.format}): {load.actuals:,} actuals"[:300],
            before=None,
            after={"load": load.pk, "sha256": item.sha256},
        )
        records.append(record_of(load))
    return records


def record_of(load: ActualsLoad) -> LoadRecord:
    return LoadRecord(
        load.pk,
        load.sha256,
        load.source,
        load.format,
        load.loaded_at,
        load.rows,
        load.actuals,
        load.unmapped_rows,
    )
