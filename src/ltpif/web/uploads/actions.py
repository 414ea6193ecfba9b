"""Starting an upload of actuals: the file kept in the data folder, the run recorded."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from ltpif.monitoring.formats import FORMATS
from ltpif.plans.access import Action, Target, can
from ltpif.web.planning.actions import NotAllowed
from ltpif.web.planning.queries import actor_of
from ltpif.web.uploads import runner
from ltpif.web.uploads.models import ActualsUpload

SUFFIXES = (".csv", ".xlsx")  # what `ltpif actuals load` reads


class Refused(Exception):
    """The form's problems, as (field, message); nothing was kept."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(m for _, m in problems))


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def too_large(size: int) -> str | None:
    limit = settings.ACTUALS_UPLOAD_MAX_BYTES
    if size <= limit:
        return None
    return (
        f"The file is {megabytes(size)}: the largest file of actuals that can be uploaded is "
        f"{megabytes(limit)}. Load it with `ltpif actuals load` on the server instead"
    )


def safe_name(name: str) -> str:
    """The file's own name, without folders or characters a file system may refuse."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._() -]", "_", base).strip(" .") or "actuals.csv"
    return cleaned[:150]


def start_upload(*, file: UploadedFile | None, fmt: str, by) -> ActualsUpload:
    """Check the form, keep the file and record the run (the caller launches it)."""
    actor = actor_of(by)
    if actor is None or not can(actor, Action.LOAD_ACTUALS, Target(None, None)):
        raise NotAllowed("Only the national team loads actuals.")
    problems = []
    if fmt not in FORMATS:
        problems.append(("format", "Select the file's format"))
    if file is None or not file.name:
        problems.append(("file", "Choose the file of actuals to upload"))
    else:
        name = safe_name(file.name)
        if not name.lower().endswith(SUFFIXES):
            problems.append(("file", "The file must be a CSV file (.csv) or a workbook (.xlsx)"))
        elif file.size == 0:
            problems.append(("file", "The file is empty"))
        elif message := too_large(file.size):
            problems.append(("file", message))
    if problems:
        raise Refused(problems)
    assert file is not None
    now = timezone.now()
    upload = ActualsUpload.objects.create(
        file_name=name,
        format=fmt,
        size=file.size,
        path="",
        started_by=by,
        started_at=now,
        updated_at=now,
    )
    folder = runner.uploads_dir() / str(upload.pk)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    upload.path = str(path)
    upload.save(update_fields=["path"])
    return upload
