"""Loaded files of actuals and their results: the one store the CLI and the web pages read.

An actual is keyed by place (level and code), metric, period and deprivation quintile. A later
load of the same key replaces its value and takes it over (publications are revised), so a
newer file for the same periods supersedes the older one and nothing is counted twice; the
same file (by SHA-256) is never loaded twice at all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

LEVELS = [("system", "System"), ("region", "Region"), ("national", "National")]


class ActualsLoad(models.Model):
    """One loaded file: what it was, when and by whom it was loaded, and what it gave."""

    sha256 = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=300)  # the file's name, or what made the data
    format = models.CharField(max_length=40)
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    rows = models.BigIntegerField()  # data rows read
    actuals = models.BigIntegerField()  # results stored
    unmapped_rows = models.BigIntegerField(default=0)
    # when an approved footprint change last moved some of its actuals (web.actuals.reattribute)
    moved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"load {self.pk}: {self.source}"


class Actual(models.Model):
    load = models.ForeignKey(ActualsLoad, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(max_length=10, choices=LEVELS)
    org_code = models.CharField(max_length=12)  # the system's pack code, or the nation's
    metric = models.CharField(max_length=80)
    period = models.CharField(max_length=12)  # "2019-04", "2019/20 Q1", "2019/20"
    quintile = models.PositiveSmallIntegerField(default=0)  # 0 everyone, 1 most deprived … 5
    value = models.FloatField()
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "org_code", "metric", "period", "quintile"],
                name="one_actual_per_place_metric_period",
            )
        ]
        indexes = [models.Index(fields=["metric", "period"])]


class ActualPart(models.Model):
    """One organisation's part of a system's actual (`monitoring.actuals.Part`): what the rows
    it placed in the system gave. A file that names systems, not organisations, gives none.
    An approved footprint change moves the parts of the organisations moving, from the first
    period starting on or after its date, to the receiving system (`web.actuals.reattribute`)."""

    actual = models.ForeignKey(Actual, on_delete=models.CASCADE, related_name="parts")
    organisation = models.CharField(max_length=20)  # upper case, as the lookups key it
    value = models.FloatField()
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actual", "organisation"], name="one_part_per_org")
        ]
        indexes = [models.Index(fields=["organisation"])]


class UnmappedCode(models.Model):
    """Organisation codes of a load whose rows map to no system (counted nationally only)."""

    load = models.ForeignKey(ActualsLoad, on_delete=models.CASCADE, related_name="unmapped")
    provider = models.CharField(max_length=20)
    commissioner = models.CharField(max_length=20, blank=True)
    rows = models.BigIntegerField()
    amount = models.FloatField()  # the format's headline count in those rows
