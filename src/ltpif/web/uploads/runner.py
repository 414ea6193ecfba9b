"""Loading an uploaded file of actuals, in a background thread of the web process.

The same code as `ltpif actuals load`: `load_files` with the pack's `Loader` (the official
lookups of the shared data folder, as the CLI's default) into the `DatabaseStore`, so a file
loads, or is refused with the same problems, in both. Progress goes to the upload's row at
every step, and a heartbeat between them (`background.heartbeat`), so any worker shows
it and a run whose server stopped is failed cleanly (`recover_stopped_uploads`).
Tests replace `launch` with `execute` to load in the request; one test drives the real thread.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ltpif.framework.problems import InputError, Problem
from ltpif.geography.lookups import default_lookups_dir
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.pipelines.load import Loader, load_files
from ltpif.web import background
from ltpif.web.actuals.queries import DatabaseStore
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.models import AuditEvent
from ltpif.web.uploads.models import ActualsUpload

log = logging.getLogger(__name__)
KEPT_PROBLEMS = 500  # listed on the page; the rest are counted
STOPPED = "The server stopped while loading the file; nothing was loaded. Upload it again."


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads" / "actuals"


def remove_copy(path: str) -> None:
    """Remove an upload's folder (its copy of the file): only ever a folder of uploads_dir()."""
    folder = Path(path).parent
    if path and folder.parent.resolve() == uploads_dir().resolve():
        shutil.rmtree(folder, ignore_errors=True)


def _set(upload_id: int, **fields) -> None:
    background.record(ActualsUpload, upload_id, **fields)


def place(problem: Problem, path: Path) -> str:
    """Where a problem is, with the uploaded file's own name for the run's copy of it."""
    file = path.name if problem.file in (str(path), path.name) else Path(problem.file).name
    where = f"{file}:{problem.line}" if problem.line else file
    return f"{where}: {problem.key}" if problem.key else where


def execute(upload_id: int) -> None:
    """Load upload `upload_id`'s file, all or nothing, and record how it went."""
    upload = ActualsUpload.objects.select_related("started_by").get(pk=upload_id)
    path = Path(upload.path)
    _set(upload_id, step=f"Reading and checking {upload.file_name}", step_number=0, steps=2)

    def progress(step: str, done: int) -> None:
        words = {"storing": "Storing the actuals", "done": "Done"}.get(step)
        _set(upload_id, step=words or f"Reading and checking {upload.file_name}", step_number=done)

    pack = current_pack()
    store = DatabaseStore(by=upload.started_by)
    # as `ltpif actuals load`: each period's figures go to the footprint approved for it
    loader = Loader(
        pack, catalogue_for(pack), default_lookups_dir(), None, moves=store.footprint_moves()
    )
    try:
        with background.heartbeat(
            background.beat_of(ActualsUpload, upload_id),
            settings.PUBLICATION_STALE_AFTER.total_seconds() / 4,
        ):
            outcomes = load_files([path], upload.format, store, loader, progress)
    except InputError as exc:
        kept = [
            {"place": place(p, path), "message": p.message} for p in exc.problems[:KEPT_PROBLEMS]
        ]
        more = max(len(exc.problems) - KEPT_PROBLEMS, 0)
        _finish(upload, ActualsUpload.FAILED, problems=kept, more_problems=more)
    except Exception as exc:  # any other failure is the run's, shown on its page
        log.exception("actuals upload %s failed", upload_id)
        _finish(upload, ActualsUpload.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    else:
        outcome = outcomes[0]
        record = outcome.loaded or outcome.earlier
        _finish(
            upload,
            ActualsUpload.DONE,
            loads=[record.load_id] if record else [],
            already_loaded=outcome.loaded is None,
            step="Done",
            step_number=2,
        )
    finally:
        remove_copy(upload.path)


def _finish(upload: ActualsUpload, status: str, **fields) -> None:
    _set(upload.pk, status=status, finished_at=timezone.now(), **fields)
    if status == ActualsUpload.FAILED:  # a load writes its own audit event; a refusal here
        AuditEvent.objects.create(
            actor=upload.started_by,
            action="upload_actuals_refused",
            summary=f"Actuals upload {upload.pk} ({upload.file_name}) was not loaded"[:300],
            before=None,
            after={"upload": upload.pk, "problems": len(fields.get("problems", []))},
        )


def recover_stopped_uploads() -> list[int]:
    """Fail every upload whose heartbeat is older than PUBLICATION_STALE_AFTER (its server
    stopped mid-load: the load's one transaction wrote nothing), removing its file."""
    cutoff = timezone.now() - settings.PUBLICATION_STALE_AFTER
    recovered = []
    for upload in ActualsUpload.objects.filter(status=ActualsUpload.RUNNING, updated_at__lt=cutoff):
        with transaction.atomic():
            failed = ActualsUpload.objects.filter(
                pk=upload.pk, status=ActualsUpload.RUNNING, updated_at__lt=cutoff
            ).update(status=ActualsUpload.FAILED, finished_at=timezone.now(), error=STOPPED)
        if failed:
            remove_copy(upload.path)
            recovered.append(upload.pk)
    return recovered


def launch(upload_id: int) -> None:
    """Load the upload in a thread of this process (the page polls its status)."""
    background.launch(execute, upload_id, "upload")
