"""Building a run's publication, in a background thread of the web process.

Progress goes to the run's row at every step, so any worker can show it, and a heartbeat
between steps: a run whose heartbeat stops was cut off with its server (actions recovers it).
Tests replace `launch` with `execute` to build in the request; one test drives the real thread.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ltpif.app.publication import publish_plans
from ltpif.interchange.publication.build import STEPS
from ltpif.interchange.publication.stamp import AGREED, NOT_YET_AGREED, build_time
from ltpif.web import background
from ltpif.web.funding.queries import awards
from ltpif.web.landscape.rollup_footprint import by_approved_moves
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.models import AuditEvent
from ltpif.web.planning.plan_source import AgreedVersions
from ltpif.web.publishing.models import PublicationRun

log = logging.getLogger(__name__)
READING = "Reading and adding up the plans"


def publications_dir() -> Path:
    return Path(settings.DATA_DIR) / "publications"


def _steps(pdf: bool) -> list[str]:
    return [READING, *(step for step in STEPS if pdf or step != "PDF")]


def _set(run_id: int, **fields) -> None:
    background.record(PublicationRun, run_id, **fields)


def execute(run_id: int) -> None:
    """Build run `run_id` into publications/<run id>/ and record how it went."""
    run = PublicationRun.objects.get(pk=run_id)
    steps = _steps(run.pdf)
    folder = publications_dir() / str(run_id)
    _set(run_id, step=steps[0], step_number=0, steps=len(steps), folder=str(folder))

    def progress(step: str, done: int, total: int) -> None:
        # `done` of the builder's `total` steps are finished; reading the plans came first
        following = steps[done + 1] if done + 1 < len(steps) else "Finishing"
        _set(run_id, step=following, step_number=done + 1, steps=total + 1)

    try:
        with background.heartbeat(
            background.beat_of(PublicationRun, run_id),
            settings.PUBLICATION_STALE_AFTER.total_seconds() / 4,
        ):
            stamp = publish_plans(
                AgreedVersions(current_pack(), run.missing),
                folder,
                build_time(None, os.environ),
                pdf=run.pdf,
                progress=progress,
                read=lambda: _set(run_id, step=steps[1], step_number=1),
                awards=awards(),  # the money section: fair-share and targeted side by side
                footprint=by_approved_moves,  # the region totals by each year's footprint
            ).stamp
    except Exception as exc:  # any failure is the run's, shown on its page
        log.exception("publication run %s failed", run_id)
        _finish(run, PublicationRun.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        return
    summary = {
        "pack": stamp.pack,
        "pack_version": stamp.pack_version,
        "build_time": stamp.build_time.isoformat(),
        "plans": len(stamp.plans),
        "engine": stamp.engine,
        "agreed": sum(status == AGREED for status, _ in stamp.standing.values()),
        "not_yet_agreed": sorted(
            code for code, (status, _) in stamp.standing.items() if status == NOT_YET_AGREED
        ),
        "left_out": sorted(stamp.left_out),
    }
    _finish(run, PublicationRun.DONE, stamp=summary, step="Done", step_number=len(steps))


def _finish(run: PublicationRun, status: str, **fields) -> None:
    _set(run.pk, status=status, finished_at=timezone.now(), **fields)
    words = "built" if status == PublicationRun.DONE else "failed to build"
    AuditEvent.objects.create(
        plan=None,
        actor=run.started_by,
        action=f"national_plan_{status}",
        summary=f"The national implementation plan {words} (run {run.pk})",
        before=None,
        after={
            "run": run.pk,
            "status": status,
            **({"error": fields["error"]} if "error" in fields else {}),
        },
    )


def launch(run_id: int) -> None:
    """Start building in the background; the request returns at once."""
    background.launch(execute, run_id, "publish")
