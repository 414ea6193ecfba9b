"""A footprint change notice (organisations moving to another system), the agreement of each
other region it touches, the region's decision, and the dated moves an approval makes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.web.organisations.models import Organisation
from ltpif.web.planning.models import System


class Proposal(models.Model):
    """What a footprint change notice and a landscape change share: who proposed it and on
    which day, each other region's agreement (web.landscape.agreement) and the region's
    decision. Each keeps its own statuses."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField()  # the planning calendar's day (LTPIF_TODAY)
    # each other region's answer: {region code: {"answer": "agreed"|"refused"|"", "reason", "by"}}
    agreements = models.JSONField(default=dict)
    effective = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-submitted_at", "-pk")


class FootprintNotice(Proposal):
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
    status = models.CharField(max_length=20, choices=list(STATUSES.items()))

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


class LandscapeChange(Proposal):
    """A proposed merger, new structure or shared decision making arrangement (issue 16 item 4):
    proposed by the system, agreed first by any other region whose organisations it names,
    assessed by the system's region on the pack's checklist (which sets its timetable), then
    approved from an effective date or refused with a reason."""

    AWAITING_AGREEMENT = "awaiting_agreement"
    SUBMITTED = "submitted"  # the region assesses it on the checklist
    ASSESSED = "assessed"  # the region decides it
    APPROVED = "approved"
    REFUSED = "refused"
    NOT_AGREED = "not_agreed"
    STATUSES = {
        AWAITING_AGREEMENT: "Awaiting another region's agreement",
        SUBMITTED: "Awaiting the region's checklist",
        ASSESSED: "Awaiting the region's decision",
        APPROVED: "Approved",
        REFUSED: "Refused",
        NOT_AGREED: "Not agreed by another region",
    }

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="landscape_changes")
    kind = models.CharField(max_length=40)  # a pack landscape_change id
    organisations = models.ManyToManyField(Organisation, related_name="landscape_changes")
    # a merger's successor: an organisation of the round's list, or a new one made on approval
    successor = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    successor_code = models.CharField(max_length=40, blank=True)
    successor_name = models.CharField(max_length=200, blank=True)
    intended = models.DateField()  # the date the system intends it to take effect
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=list(STATUSES.items()))
    # the region's checklist: {criterion id: {"met": bool, "note": str}}
    checklist = models.JSONField(default=dict)
    fast_track = models.BooleanField(null=True)  # None until the checklist is recorded
    decision_due = models.DateField()  # the standard timetable until the checklist sets it
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Landscape change {self.pk} of {self.system_id}"


class Succession(models.Model):
    """An approved merger's effect: `predecessor` is replaced in the organisation list by
    `successor` from `effective` on (geography.versions.organisations_on)."""

    change = models.ForeignKey(
        LandscapeChange, on_delete=models.PROTECT, related_name="successions"
    )
    predecessor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    effective = models.DateField()

    class Meta:
        ordering = ("effective", "pk")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="no_merger_into_itself",
            ),
            # an organisation merges away once: a second approval naming it is refused
            models.UniqueConstraint(fields=("predecessor",), name="one_merger_per_organisation"),
        )
