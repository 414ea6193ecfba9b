"""Uploading a file of actuals in the web (the national team): the form, then the run's page,
whose status panel htmx fetches every second until the file is loaded or refused.

The loading is `ltpif actuals load`'s own (`web.uploads.runner`): all or nothing, every
problem listed with its place (`file:line: column`, `Sheet!Cell` in a workbook).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.monitoring.formats import FORMATS
from ltpif.plans.access import Action, Target, can
from ltpif.web.actuals.models import ActualsLoad
from ltpif.web.uploads import actions, runner
from ltpif.web.uploads.limits import over_limit
from ltpif.web.uploads.models import ActualsUpload
from ltpif.web.views.common import FORM, forbidden, page, with_actor

NATION = Target(None, None)
REFUSED = "Only the national team loads actuals: ask them to load this file."


def _may(request: HttpRequest) -> bool:
    return can(request.actor, Action.LOAD_ACTUALS, NATION)


def _form(request: HttpRequest, errors: list[tuple[str, str]] = (), status: int = 200, fmt=""):
    runner.recover_stopped_uploads()
    return page(
        request,
        "monitoring/upload.html",
        {
            "formats": FORMATS,
            "chosen": fmt,
            "errors": list(errors),
            "error_for": dict(errors),
            "limit": actions.megabytes(settings.ACTUALS_UPLOAD_MAX_BYTES),
            "uploads": ActualsUpload.objects.select_related("started_by")[:10],
        },
        status,
    )


@with_actor(methods=FORM)
def upload(request: HttpRequest) -> HttpResponse:
    if not _may(request):
        return forbidden(request, REFUSED)
    if request.method != "POST":
        return _form(request)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if over_limit(length):  # its file part was not kept (uploads.limits)
        fmt = request.POST.get("format", "")
        return _form(request, [("file", actions.too_large(length) or "")], 413, fmt)
    fmt = request.POST.get("format", "")
    try:
        started = actions.start_upload(file=request.FILES.get("file"), fmt=fmt, by=request.user)
    except actions.Refused as exc:
        return _form(request, exc.problems, 400, fmt)
    runner.launch(started.pk)
    return redirect("monitoring-upload-run", upload=started.pk)


def _found(request: HttpRequest, upload: int) -> ActualsUpload | HttpResponse:
    if not _may(request):
        return forbidden(request, REFUSED)
    runner.recover_stopped_uploads()
    found = ActualsUpload.objects.select_related("started_by").filter(pk=upload).first()
    if found is None:
        return page(
            request, "error.html", {"title": "Page not found", "message": "No such upload."}, 404
        )
    return found


def _context(found: ActualsUpload) -> dict:
    return {
        "upload": found,
        "loads": ActualsLoad.objects.filter(pk__in=found.loads),
        "format_name": FORMATS.get(found.format, found.format),
    }


@with_actor
def upload_run(request: HttpRequest, upload: int) -> HttpResponse:
    found = _found(request, upload)
    if isinstance(found, HttpResponse):
        return found
    return page(request, "monitoring/upload_run.html", _context(found))


@with_actor
def upload_status(request: HttpRequest, upload: int) -> HttpResponse:
    found = _found(request, upload)
    if isinstance(found, HttpResponse):
        return found
    return page(request, "monitoring/_upload_status.html", _context(found))
