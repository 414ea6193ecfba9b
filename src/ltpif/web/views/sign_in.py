"""The page for a sign-in refused after too many failures (django-axes calls `locked_out`)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ltpif.web.views.common import page

TOO_MANY_REQUESTS = 429


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    minutes = settings.SIGN_IN_COOLOFF_MINUTES
    message = (
        f"Too many failed sign-ins for this user from your address: signing in is paused for "
        f"{minutes} minutes after the last attempt, even with the right password. Wait, then "
        "try again; or ask the national team to reset your password."
    )
    return page(
        request,
        "error.html",
        {"title": "Signing in is paused", "message": message},
        TOO_MANY_REQUESTS,
    )
