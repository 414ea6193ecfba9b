"""An agreed plan's operational plan in the web: a working copy (edited month by month under an
optimistic lock), its status in its own short workflow, and its submitted versions (frozen,
hashed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.web.planning.models import ImmutableError, Plan, PlanVersion


class OperationalRecord(models.Model):
    DRAFTING, SUBMITTED, CHANGES_REQUESTED, AGREED = (
        "drafting",
        "submitted",
        "changes_requested",
        "agreed",
    )
    STATUSES = [
        (DRAFTING, "Drafting"),
        (SUBMITTED, "Submitted"),
        (CHANGES_REQUESTED, "Changes requested"),
        (AGREED, "Agreed"),
    ]
    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="operational")
    # the agreed strategy delivery plan version it phases
    agreed_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=STATUSES, default=DRAFTING)
    working = models.JSONField()  # the operational plan document (plans.operational)
    lock_version = models.PositiveIntegerField(default=1)
    reasons = models.TextField(blank=True)  # the region's changes asked for, until resubmitted
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Operational plan of {self.plan.system_id}"


class OperationalVersion(models.Model):
    """An operational plan as submitted: immutable, identified by its SHA-256."""

    record = models.ForeignKey(OperationalRecord, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "number"], name="one_number_per_operational_version"
            )
        ]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("an operational plan version never changes once written")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("an operational plan version is never deleted")
