"""A run of the national publication: kept in the database so that every gunicorn worker (not
only the one building it) can show its progress, and a second run is refused while one runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PublicationRun(models.Model):
    RUNNING, DONE, FAILED = "running", "done", "failed"
    STATUSES = [(RUNNING, "Running"), (DONE, "Done"), (FAILED, "Failed")]

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    started_at = models.DateTimeField(auto_now_add=True)
    # the builder writes it at every step: a run that stops moving was cut off (see actions)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=RUNNING)
    pdf = models.BooleanField(default=True)
    # for a system with no agreed plan: its latest submitted version ("submitted") or nothing
    missing = models.CharField(max_length=10, default="omit")
    step = models.CharField(max_length=100, blank=True)  # what it is doing now
    step_number = models.PositiveIntegerField(default=0)  # steps finished
    steps = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    folder = models.CharField(max_length=500, blank=True)  # where the files are built
    stamp = models.JSONField(null=True)  # pack, version, build time, how many plans

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # one run at a time, even when two people press "Publish" at once
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="one_publication_running",
            )
        ]

    def __str__(self) -> str:
        return f"Publication run {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.step_number / self.steps) if self.steps else 0
