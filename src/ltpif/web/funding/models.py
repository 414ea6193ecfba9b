"""A targeted line's national envelope and the applications made for it, with their decisions.

Amounts are £ million to the nearest £1,000 (three decimals), held as decimals so that an
envelope's sum of awards is exact. `Envelope.awarded` is the sum of the line's awards; it
changes only by a conditional update that keeps it within `amount` (funding.actions), and
the database refuses any row where it does not (the check constraint)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.web.planning.models import System

MONEY = {"max_digits": 12, "decimal_places": 3}


class Envelope(models.Model):
    line = models.CharField(max_length=80, primary_key=True)  # the pack's funding_stream id
    amount = models.DecimalField(**MONEY)
    awarded = models.DecimalField(**MONEY, default=0)
    from_pack = models.BooleanField(default=False)  # the seeds give the amount
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(awarded__gte=0) & models.Q(awarded__lte=models.F("amount")),
                name="awards_within_envelope",
            )
        ]

    @property
    def remaining(self):
        return self.amount - self.awarded


class Application(models.Model):
    SUBMITTED, FULL, PART, REFUSED = "submitted", "full", "part", "refused"
    STATUSES = [
        (SUBMITTED, "Submitted"),
        (FULL, "Awarded in full"),
        (PART, "Awarded in part"),
        (REFUSED, "Refused"),
    ]
    system = models.ForeignKey(
        System, on_delete=models.PROTECT, related_name="funding_applications"
    )
    line = models.CharField(max_length=80)
    applicant = models.CharField(max_length=30)  # who applies: the pack's applicant kinds
    amounts = models.JSONField()  # {year: £m as a string}
    requested = models.DecimalField(**MONEY)
    purpose = models.TextField()
    commitments = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=STATUSES, default=SUBMITTED)
    awarded = models.DecimalField(**MONEY, null=True)
    reason = models.TextField(blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-applied_at", "-id"]


class DevolvedBlock(models.Model):
    """A devolvable line's block devolved to a system whose moderated maturity earns it: its
    share of the envelope, which it distributes itself. `distributed` moves only by a
    conditional update that keeps it within `amount`, like an envelope's awards."""

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="devolved_blocks")
    line = models.CharField(max_length=80)
    amount = models.DecimalField(**MONEY)
    distributed = models.DecimalField(**MONEY, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["system", "line"], name="one_block_per_line"),
            models.CheckConstraint(
                condition=models.Q(distributed__gte=0)
                & models.Q(distributed__lte=models.F("amount")),
                name="distributed_within_block",
            ),
        ]

    @property
    def remaining(self):
        return self.amount - self.distributed
