"""People beyond their sign-in: the name and organisation they were invited with, and the
one-time invitations that let them set a password. Roles stay in planning.Membership; every
change is a planning.AuditEvent (with no plan)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Person(models.Model):
    """A user's full name and organisation (an ODS or ONS code of the round)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="person"
    )
    name = models.CharField(max_length=150)
    organisation_code = models.CharField(max_length=12, blank=True)

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A one-time link to set a password: only the SHA-256 of its token is kept. It works
    until it expires or is used, whichever comes first; resending expires the earlier ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations"
    )
    sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
