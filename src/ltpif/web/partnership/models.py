"""What each health and wellbeing board's partner records (issue 15 item 4): the priorities of
the board's joint health and wellbeing strategy and the findings of its joint strategic needs
assessment (JSNA). Kept by the board's upper-tier local authority, not by a system: an
authority in two systems' footprints records its strategy once, and both plans build on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StrategyItem(models.Model):
    PRIORITY = "priority"
    FINDING = "finding"
    KINDS = {
        PRIORITY: "Joint health and wellbeing strategy priority",
        FINDING: "JSNA finding",
    }

    authority = models.CharField(max_length=40)  # the upper-tier local authority's code
    kind = models.CharField(max_length=10, choices=list(KINDS.items()))
    # the id plans link to (StrategyLink.priority): kebab-case, made from the first title
    ident = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=500)  # the document's title or its link
    dated = models.DateField()  # the date of the strategy or the JSNA
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("authority", "kind", "recorded_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=("authority", "ident"), name="one_id_per_authority"),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.authority})"
