"""The pages for errors no view answered, in the NHS.UK style and plain English: a page not
found (404), a form refused by the cross-site request check (403), a database that went away
(503: its writes were in transactions, so nothing was half-saved) and any other fault (500).
None shows a traceback; the log has the details. The API answers each as JSON `detail`."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ltpif.web.boot import database_failure

UNAVAILABLE = (
    "The database cannot be reached just now, so nothing was saved and nothing could be shown. "
    "Try again in a minute; if this goes on, tell the people who run the service."
)
FAULT = (
    "Something went wrong on our side, so nothing was saved and the page could not be shown. "
    "Try again; if it keeps happening, tell the people who run the service."
)
NOT_FOUND = (
    "We cannot find the page you asked for. If you typed the address, check it is right; "
    "if you followed a link, it may be out of date."
)
FORM_EXPIRED = (
    "The form was out of date or you had been signed out, so nothing was saved. "
    "Reload the page, sign in again if asked, then make your change again."
)
RETRY_AFTER_SECONDS = "60"


def _answer(request: HttpRequest | None, title: str, message: str, status: int) -> HttpResponse:
    if request is not None and request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    # rendered without the request: the signed-in user and messages come from the database
    return render(None, "error.html", {"title": title, "message": message}, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]  # Django calls this while handling the exception
    if exc is None or database_failure(exc) is None:
        return _answer(request, "Sorry, there is a problem with the service", FAULT, 500)
    response = _answer(request, "Service unavailable", UNAVAILABLE, 503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, "Page not found", NOT_FOUND, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _answer(request, "Your change was not saved", FORM_EXPIRED, 403)
