"""An upload of a file of actuals and the run that loads it (`ltpif.web.uploads.runner`).

The loading itself is the CLI's (`monitoring.pipelines.load.load_files`, into the one
`DatabaseStore`): all or nothing, every problem kept here with its place to be listed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ActualsUpload(models.Model):
    RUNNING, DONE, FAILED = "running", "done", "failed"
    STATUSES = [(RUNNING, "Loading"), (DONE, "Loaded"), (FAILED, "Not loaded")]

    file_name = models.CharField(max_length=200)  # as the uploader's computer named it
    format = models.CharField(max_length=40)
    size = models.BigIntegerField()  # bytes
    path = models.CharField(max_length=500)  # where the run reads it (removed once it has run)
    status = models.CharField(max_length=10, choices=STATUSES, default=RUNNING)
    step = models.CharField(max_length=200, default="Waiting to start")
    step_number = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=3)  # check, store, done
    problems = models.JSONField(default=list)  # [{"place": "file:line: column", "message": …}]
    more_problems = models.PositiveIntegerField(default=0)  # beyond those kept
    loads = models.JSONField(default=list)  # the ActualsLoad ids written (or already holding it)
    already_loaded = models.BooleanField(default=False)
    error = models.TextField(blank=True)  # an unexpected failure, not the file's problems
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"upload {self.pk}: {self.file_name}"

    @property
    def percent(self) -> int:
        return round(100 * self.step_number / max(self.steps, 1))
