"""Starting a publication: one transaction, one audit event; refused while another runs."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from ltpif.plans.access import Action, Target, can
from ltpif.web.planning.actions import NotAllowed
from ltpif.web.planning.models import AuditEvent
from ltpif.web.planning.queries import actor_of
from ltpif.web.publishing.models import PublicationRun

# A running build writes its progress at every step; one silent this long was cut off (the
# worker restarted) and would otherwise block every later run.
STALE_AFTER = dt.timedelta(minutes=30)


class AlreadyRunning(Exception):
    """Another publication is being built; nothing was started."""

    def __init__(self, run: PublicationRun | None):
        self.run = run
        super().__init__(
            "The national implementation plan is already being built"
            + (f" (run {run.pk})" if run else "")
            + ": wait for it to finish, then publish again."
        )


def _give_up_stale(now: dt.datetime) -> None:
    PublicationRun.objects.filter(
        status=PublicationRun.RUNNING, updated_at__lt=now - STALE_AFTER
    ).update(
        status=PublicationRun.FAILED,
        finished_at=now,
        error="Stopped: no progress for 30 minutes (the server was probably restarted).",
    )


def start_publication(*, pdf: bool, by) -> PublicationRun:
    """Record a new run (the caller then launches the build); AlreadyRunning if one runs."""
    actor = actor_of(by)
    if actor is None or not can(actor, Action.PUBLISH_NATIONAL_PLAN, Target(None, None)):
        raise NotAllowed("Only the national team publishes the national implementation plan.")
    now = timezone.now()
    _give_up_stale(now)
    running = PublicationRun.objects.filter(status=PublicationRun.RUNNING).first()
    if running is not None:
        raise AlreadyRunning(running)
    try:
        with transaction.atomic():
            run = PublicationRun.objects.create(
                started_by=by, pdf=pdf, step="Waiting to start", steps=0
            )
            AuditEvent.objects.create(
                plan=None,
                actor=by,
                action="publish_national_plan",
                summary=f"Started building the national implementation plan (run {run.pk})"
                + ("" if pdf else ", without the PDF"),
                before=None,
                after={"run": run.pk, "pdf": pdf},
            )
    except IntegrityError:  # another request started one between our check and our insert
        raise AlreadyRunning(
            PublicationRun.objects.filter(status=PublicationRun.RUNNING).first()
        ) from None
    return run
