"""Writing actuals: every file of a load in one transaction, with one audit event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from ltpif.monitoring.pipelines.store import LoadRecord, Pending
from ltpif.web.actuals.models import Actual, ActualPart, ActualsLoad, UnmappedCode
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
        revised = _revisions(result.actuals)
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
        _store_parts(load, result.parts)
        UnmappedCode.objects.bulk_create(
            [UnmappedCode(load=load, **vars(u)) for u in result.unmapped], batch_size=500
        )
        changed = sum(revised.values())
        summary = f"Loaded {item.file} ({item.format}): {load.actuals:,} actuals"
        if changed:
            earlier = ", ".join(str(n) for n in sorted(revised))
            summary += f", revising {changed:,} of load(s) {earlier}"
        AuditEvent.objects.create(
            actor=by,
            action="load_actuals",
            summary=summary[:300],
            before={"revised": {str(n): count for n, count in sorted(revised.items())}}
            if revised
            else None,
            after={"load": load.pk, "sha256": item.sha256, "revised": changed},
        )
        records.append(
            replace(record_of(load), revised=changed, revised_loads=tuple(sorted(revised)))
        )
    return records


def _store_parts(load: ActualsLoad, parts) -> None:
    """The organisations' parts of this load's system actuals. An actual this load took over
    (a revision) loses the parts of the load it came from: its parts are this load's alone."""
    if not parts:
        ActualPart.objects.filter(actual__load=load).delete()
        return
    ids = {
        (org_code, metric, period, quintile): pk
        for pk, org_code, metric, period, quintile in Actual.objects.filter(
            load=load, level="system"
        ).values_list("pk", "org_code", "metric", "period", "quintile")
    }
    ActualPart.objects.filter(actual_id__in=ids.values()).delete()
    ActualPart.objects.bulk_create(
        [
            ActualPart(
                actual_id=ids[(p.org_code, p.metric, p.period, p.quintile)],
                organisation=p.organisation,
                value=p.value,
                numerator=p.numerator,
                denominator=p.denominator,
            )
            for p in parts
            if (p.org_code, p.metric, p.period, p.quintile) in ids
        ],
        batch_size=500,
    )


def _revisions(actuals) -> dict[int, int]:
    """Earlier load → how many of these actuals it holds with a different value (a revision;
    the same value again is no change). Only the keys of these actuals are read."""
    if not actuals:
        return {}
    wanted = {tuple(getattr(a, n) for n in KEY): a for a in actuals}
    stored = Actual.objects.filter(
        metric__in={a.metric for a in actuals},
        period__in={a.period for a in actuals},
        org_code__in={a.org_code for a in actuals},
    ).values_list("load_id", *KEY, *AMOUNTS)
    revised: dict[int, int] = {}
    for load_id, *rest in stored:
        new = wanted.get(tuple(rest[: len(KEY)]))
        if new is not None and tuple(rest[len(KEY) :]) != tuple(getattr(new, n) for n in AMOUNTS):
            revised[load_id] = revised.get(load_id, 0) + 1
    return revised


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
