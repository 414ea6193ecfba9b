"""The page for an error no view answered: a database that went away is a 503 that says so
(its writes were in transactions, so nothing was half-saved); anything else is Django's 500.
Neither shows a traceback; the log has the details."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.defaults import server_error as django_server_error

from ltpif.web.boot import database_failure

UNAVAILABLE = (
    "The database cannot be reached just now, so nothing was saved and nothing could be shown. "
    "Try again in a minute; if this goes on, tell the people who run the service."
)
RETRY_AFTER_SECONDS = "60"


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]  # Django calls this while handling the exception
    if exc is None or database_failure(exc) is None:
        return django_server_error(request)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        # rendered without the request: the signed-in user and messages come from the database
        context = {"title": "Service unavailable", "message": UNAVAILABLE}
        response = render(None, "error.html", context, status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
