"""A footprint change notice (organisations moving to another system), the agreement of each
other region it touches, the region's decision, and the dated moves an approval makes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.web.organisations.models import Organisation
from ltpif.web.planning.models import System


class FootprintNotice(models.Model):
    AWAITING_AGREEMENT = "awaiting_agreement"  # another region must agree first
    SUBMITTED = "submitted"  # the system's region decides
    APPROVED = "approved"
    REFUSED = "refused"
    NOT_AGREED = "not_agreed"  # another region refused its agreement
    STATUSES = {
        AWAITING_AGREEMENT: "Awaiting another region's agreement",
        SUBMITTED: "Awaiting the region's decision",
        APPROVED: "Approved",
        REFUSED: "Refused",
        NOT_AGREED: "Not agreed by another region",
    }

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="notices")
    receiving = models.ForeignKey(System, on_delete=models.PROTECT, related_name="notices_in")
    organisations = models.ManyToManyField(Organisation, related_name="notices")
    reason = models.TextField()
    evidence = models.TextField()  # the evidence of local agreement
    late_reason = models.TextField(blank=True)  # given when submitted after the notice date
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField()  # the planning calendar's day (LTPIF_TODAY)
    status = models.CharField(max_length=20, choices=list(STATUSES.items()))
    # each other region's answer: {region code: {"answer": "agreed"|"refused"|"", "reason", "by"}}
    agreements = models.JSONField(default=dict)
    effective = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at", "-pk")

    def __str__(self) -> str:
        return f"Footprint change notice {self.pk} of {self.system_id}"


class FootprintMove(models.Model):
    """An organisation leaves `from_system` for `to_system` from `effective` on: the geography
    by date is the lookups' footprint with these applied (geography.versions.systems_on)."""

    notice = models.ForeignKey(FootprintNotice, on_delete=models.PROTECT, related_name="moves")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="moves")
    from_system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+")
    to_system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+")
    effective = models.DateField()

    class Meta:
        ordering = ("effective", "pk")
