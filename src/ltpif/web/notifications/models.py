"""What each person was told (in the app), whether they want it by email too, and which
deadline reminders were sent (so that none is sent twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message to one person about one plan; unread until they mark it read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    plan = models.ForeignKey(
        "planning.Plan", null=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # the header's unread count: one query on this index
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]


class EmailChoice(models.Model):
    """A person's choice to have notifications by email (the default) or only in the app."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choice"
    )
    by_email = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)


class SentReminder(models.Model):
    """A deadline reminder sent: written in the transaction that queues its emails."""

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10)
    deadline = models.DateField()
    days_before = models.IntegerField()  # 14, 7, 1, or -1 once the deadline has passed
    sent_on = models.DateField()  # the calendar's today when it was sent
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "stage", "deadline", "days_before"], name="one_reminder_each"
            )
        ]
