"""The region's moderation of a system's ICS maturity self-assessment: per characteristic of a
mature ICS and year, the level the region agrees or sets, with its reason. Appended, never
changed: the latest for a (system, year, characteristic) is the level that counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.web.planning.models import ImmutableError, Plan, PlanVersion, System


class Moderation(models.Model):
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="moderations")
    year = models.CharField(max_length=7)
    characteristic = models.CharField(max_length=80)
    self_assessed = models.CharField(max_length=20, blank=True)  # the plan's, when moderated
    level = models.CharField(max_length=20)  # the level that counts
    agreed = models.BooleanField()  # the region agreed the self-assessment
    reason = models.TextField(blank=True)  # required when the region sets another level
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["system", "year", "characteristic", "-at", "-id"]
        indexes = [models.Index(fields=["system", "year", "characteristic"])]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("a moderation is never changed: moderate again")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a moderation is never deleted")


class FirstLineAssurance(models.Model):
    """The ICS's first-line assurance of one submitted version of its plan: a judgement (RAG
    and comment) per review area, recorded by its ICS assurance users before the region's
    review starts (a growing assurance role, issue 16 item 2a). The region's review shows it."""

    RAGS = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="first_line")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="first_line")
    area = models.CharField(max_length=40)
    rag = models.CharField(max_length=5, choices=RAGS)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["version", "area"]
        constraints = [
            models.UniqueConstraint(fields=["version", "area"], name="one_first_line_per_area")
        ]
