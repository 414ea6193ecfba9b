"""The database: systems and who works on them, plans and their immutable versions, the long
table of planned values, assurance reviews, and the append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ltpif.plans.workflow import Role, Status


class ImmutableError(Exception):
    """A frozen record (a submitted plan version, an audit event) may not change."""


class Region(models.Model):
    code = models.CharField(max_length=9, primary_key=True)
    ods = models.CharField(max_length=5)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class System(models.Model):
    code = models.CharField(max_length=9, primary_key=True)
    ods = models.CharField(max_length=5)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="systems")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role, and the system or region it applies to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in Role])
    system = models.ForeignKey(System, null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)


class Plan(models.Model):
    """A system's plan: its working copy (edited in place, optimistically locked) and status."""

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="plans")
    # the round the plan is written in: its pack (name and version) is the round's, the one
    # home of it; a system has one plan per round, and a plan of a round other than the
    # current one is read-only
    round = models.ForeignKey("organisations.Round", on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(
        max_length=20, choices=[(s.value, s.label) for s in Status], default=Status.DRAFTING
    )
    working = models.JSONField()
    lock_version = models.PositiveIntegerField(default=1)
    reviewing_final = models.BooleanField(default=False)
    # reasons for changes and conditions of agreement, carried into later versions
    outstanding = models.JSONField(default=list)
    # the working copy's assurance, refreshed by every save, so dashboards need not re-run it
    rag = models.CharField(max_length=5, default="red")
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("system", "round"), name="one_plan_per_round"),
        )

    def __str__(self) -> str:
        return f"Plan of {self.system}"


class PlanVersion(models.Model):
    """A plan as submitted or imported: immutable, identified by the SHA-256 of its content."""

    KINDS = [
        ("initial", "Initial"),
        ("draft", "Draft submission"),
        ("final", "Final submission"),
        ("import", "Workbook import"),
        ("api", "API upload"),
    ]
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=KINDS)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    outstanding = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    # a submission made after its deadline: the date it was due by, and the reason given
    late_against = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_version")
        ]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("a plan version never changes once written")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a plan version is never deleted")


class PlanValue(models.Model):
    """The long table: one planned value per version, metric and year."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="values")
    metric = models.CharField(max_length=80)
    period = models.CharField(max_length=10)
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["metric", "period"])]


class Review(models.Model):
    """A region's assurance review of one submitted version."""

    DECISIONS = [("open", "Open"), ("changes_requested", "Changes requested"), ("agreed", "Agreed")]
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decision = models.CharField(max_length=20, choices=DECISIONS, default="open")
    reasons = models.TextField(blank=True)  # changes requested, or conditions of agreement
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True)


class ReviewArea(models.Model):
    """The reviewer's judgement (RAG and comment) on one area of the plan."""

    RAGS = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=40)
    rag = models.CharField(max_length=5, choices=RAGS)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "area"], name="one_rag_per_area")]


class AuditEvent(models.Model):
    """Who did what, when, with the before and after: appended, never changed."""

    plan = models.ForeignKey(Plan, null=True, on_delete=models.PROTECT, related_name="audit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)

    class Meta:
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("the audit trail is append-only")


class DeadlineExtension(models.Model):
    """A regional lead's extension of one plan's deadline for a submission: the latest granted
    is the plan's deadline. Appended, never changed (a new extension supersedes)."""

    STAGES = [("draft", "Draft plan"), ("final", "Final plan")]
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="extensions")
    stage = models.CharField(max_length=10, choices=STAGES)
    until = models.DateField()
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "stage", "granted_at", "id"]


class QueryDecision(models.Model):
    """The region's decision on a planner's answer to a query finding, in a submitted version:
    accepted (the query is explained) or rejected with a reason. One decision per answer per
    version: the first of two assurers deciding at once wins, the other is told."""

    DECISIONS = [("accepted", "Accepted"), ("rejected", "Rejected")]
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="query_decisions")
    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="query_decisions"
    )
    rule = models.CharField(max_length=80)
    pointer = models.CharField(max_length=300)
    explanation = models.TextField()  # the answer as decided: a changed answer is decided anew
    decision = models.CharField(max_length=10, choices=DECISIONS)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "rule", "pointer"], name="one_decision_per_answer_and_version"
            )
        ]


class ApiToken(models.Model):
    """An API token: only its SHA-256 is stored; the token is shown once when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
