"""A round (a pack version and its calendar) and the organisations of the systems' footprints."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.geography.organisations import TYPES
from ltpif.web.planning.models import System


class Round(models.Model):
    """A planning round: one version of a framework pack and its calendar. Rounds of other pack
    versions live beside it; opening one never changes another."""

    pack = models.CharField(max_length=40)
    pack_version = models.CharField(max_length=20)
    # the pack's deadlines when the round opened: [{"id", "name", "date", "who", "approximate"}]
    calendar = models.JSONField(default=list)
    opened_at = models.DateTimeField(auto_now_add=True)
    # when the round became the one every page works on: the first round as it opens; a later
    # one only when the national team has carried the agreed plans into it (None until then)
    current_since = models.DateTimeField(null=True, blank=True)
    # the round whose agreed plans were carried into this one, and the report of each system:
    # [{"code", "name", "agreed", "draft", "kept", "dropped", "notes": [[action, where, message]]}]
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_into"
    )
    carry_report = models.JSONField(default=list)

    class Meta:
        ordering = ("opened_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=("pack", "pack_version"), name="one_round_per_pack"),
        )

    def __str__(self) -> str:
        return f"{self.pack} {self.pack_version}"


class Organisation(models.Model):
    """A real organisation (a CCG, a trust, an authority, ...) from the official lookups, or one
    of a type with no public list added in the web."""

    type = models.CharField(max_length=30, choices=list(TYPES.items()))
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    parent = models.CharField(max_length=40, blank=True)  # a PCN's CCG, a practice's PCN
    source = models.CharField(max_length=100, blank=True)  # the lookup file, or blank if added
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    systems = models.ManyToManyField(System, through="Footprint", related_name="organisations")

    class Meta:
        ordering = ("type", "name", "code")
        constraints = (
            models.UniqueConstraint(fields=("type", "code"), name="one_organisation_per_code"),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Footprint(models.Model):
    """An organisation in a system's footprint, with the part of it inside the system (None:
    the lookups publish no share for an organisation that spans several systems)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="footprint"
    )
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="footprint")
    share = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("organisation", "system"), name="one_link_per_system"),
            models.CheckConstraint(
                condition=models.Q(share__isnull=True) | models.Q(share__gte=0, share__lte=1),
                name="share_is_a_proportion",
            ),
        )
