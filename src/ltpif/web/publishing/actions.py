"""Starting a publication: one transaction, one audit event; refused while another runs.
Failing, cleanly, a run whose server stopped mid-build."""

from __future__ import annotations

import logging
import shutil

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ltpif.interchange.publication.build import leftovers
from ltpif.plans.access import Action, Target, can
from ltpif.web.planning.actions import NotAllowed
from ltpif.web.planning.models import AuditEvent
from ltpif.web.planning.plan_source import MISSING_CHOICES, OMIT, SUBMITTED
from ltpif.web.planning.queries import actor_of
from ltpif.web.publishing import runner
from ltpif.web.publishing.models import PublicationRun

log = logging.getLogger(__name__)

STOPPED = "The server stopped while building; start again."


class AlreadyRunning(Exception):
    """Another publication is being built; nothing was started."""

    def __init__(self, run: PublicationRun | None):
        self.run = run
        super().__init__(
            "The national implementation plan is already being built"
            + (f" (run {run.pk})" if run else "")
            + ": wait for it to finish, then publish again."
        )


def recover_stopped_runs() -> list[int]:
    """Fail every run whose heartbeat is older than settings.PUBLICATION_STALE_AFTER (its
    server stopped mid-build), remove what its build left, and record it; the runs' ids."""
    now = timezone.now()
    cutoff = now - settings.PUBLICATION_STALE_AFTER
    recovered = []
    for run in PublicationRun.objects.filter(status=PublicationRun.RUNNING, updated_at__lt=cutoff):
        with transaction.atomic():
            # conditional, so that of two requests looking at once only one records it
            failed = PublicationRun.objects.filter(
                pk=run.pk, status=PublicationRun.RUNNING, updated_at__lt=cutoff
            ).update(status=PublicationRun.FAILED, finished_at=now, error=STOPPED)
            if not failed:
                continue
            AuditEvent.objects.create(
                plan=None,
                actor=None,
                action="national_plan_stopped",
                summary=f"The national implementation plan was not built (run {run.pk}): "
                "its server stopped while building",
                before={"run": run.pk, "status": PublicationRun.RUNNING, "step": run.step},
                after={"run": run.pk, "status": PublicationRun.FAILED, "error": STOPPED},
            )
        # a failed run's files are never served: its folder too, if it got that far
        folder = runner.publications_dir() / str(run.pk)
        for path in [folder, *leftovers(folder)]:
            shutil.rmtree(path, ignore_errors=True)
        log.warning("publication run %s: its server stopped while building; failed", run.pk)
        recovered.append(run.pk)
    return recovered


def start_publication(*, pdf: bool, missing: str = OMIT, by) -> PublicationRun:
    """Record a new run (the caller then launches the build); AlreadyRunning if one runs.
    `missing`: what it shows for a system with no agreed plan (plan_source.MISSING_CHOICES)."""
    actor = actor_of(by)
    if actor is None or not can(actor, Action.PUBLISH_NATIONAL_PLAN, Target(None, None)):
        raise NotAllowed("Only the national team publishes the national implementation plan.")
    if missing not in MISSING_CHOICES:
        raise ValueError(f"missing must be one of {MISSING_CHOICES}, not {missing!r}")
    recover_stopped_runs()  # a dead run never blocks a new one
    running = PublicationRun.objects.filter(status=PublicationRun.RUNNING).first()
    if running is not None:
        raise AlreadyRunning(running)
    try:
        with transaction.atomic():
            run = PublicationRun.objects.create(
                started_by=by, pdf=pdf, missing=missing, step="Waiting to start", steps=0
            )
            AuditEvent.objects.create(
                plan=None,
                actor=by,
                action="publish_national_plan",
                summary=f"Started building the national implementation plan (run {run.pk})"
                + ("" if pdf else ", without the PDF")
                + (", with plans not yet agreed" if missing == SUBMITTED else ""),
                before=None,
                after={"run": run.pk, "pdf": pdf, "missing": missing},
            )
    except IntegrityError:  # another request started one between our check and our insert
        raise AlreadyRunning(
            PublicationRun.objects.filter(status=PublicationRun.RUNNING).first()
        ) from None
    return run
