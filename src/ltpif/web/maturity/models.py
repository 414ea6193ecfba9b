"""The region's moderation of a system's ICS maturity self-assessment: per characteristic of a
mature ICS and year, the level the region agrees or sets, with its reason. Appended, never
changed: the latest for a (system, year, characteristic) is the level that counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.web.planning.models import ImmutableError, System


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
