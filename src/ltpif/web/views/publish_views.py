"""Publishing the national implementation plan: start a run, watch it, open its files.

The national team starts a run; the national team and observers see runs and their files.
Files are served only from the run's own folder (no path leaves it).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ltpif.interchange.publication.build import STEM
from ltpif.plans.access import Action, Target, can
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.plan_source import MISSING_CHOICES, OMIT, standings
from ltpif.web.publishing import actions, runner
from ltpif.web.publishing.models import PublicationRun
from ltpif.web.views.common import FORM, forbidden, page, with_actor

NATION = Target(None, None)
INLINE = {".html", ".pdf", ".json", ".csv", ".svg"}  # shown in the browser; others download


def _may_see(request: HttpRequest) -> bool:
    return can(request.actor, Action.VIEW_NATIONAL, NATION)


def _refused(request: HttpRequest) -> HttpResponse:
    return forbidden(
        request, "The national implementation plan's runs are for the national team and observers."
    )


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return page(request, "error.html", {"title": "Page not found", "message": message}, 404)


def _list_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    actions.recover_stopped_runs()  # so that no run shows as building when its server died
    return page(
        request,
        "publishing/publications.html",
        {
            "runs": PublicationRun.objects.select_related("started_by")[:20],
            "can_publish": can(request.actor, Action.PUBLISH_NATIONAL_PLAN, NATION),
            "error": error,
            "localtime": timezone.localtime,
        },
        status,
    )


def _confirm_page(request: HttpRequest, pdf: bool, error: str = "", status: int = 200):
    """Before building: the systems with no agreed plan, and what would be shown for each."""
    every = standings(current_pack())
    waiting = [each for each in every if each.agreed is None]
    return page(
        request,
        "publishing/confirm.html",
        {
            "agreed": len(every) - len(waiting),
            "systems": len(every),
            "waiting": waiting,
            "with_submitted": sum(each.submitted is not None for each in waiting),
            "pdf": pdf,
            "error": error,
        },
        status,
    )


CHOOSE = "Choose what the publication shows for the systems with no agreed plan"


@with_actor
def confirm(request: HttpRequest) -> HttpResponse:
    if not can(request.actor, Action.PUBLISH_NATIONAL_PLAN, NATION):
        return forbidden(
            request, "Only the national team publishes the national implementation plan."
        )
    return _confirm_page(request, request.GET.get("pdf") == "yes")


@with_actor(methods=FORM)
def publications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not can(request.actor, Action.PUBLISH_NATIONAL_PLAN, NATION):
            return forbidden(
                request, "Only the national team publishes the national implementation plan."
            )
        pdf = request.POST.get("pdf") == "yes"
        missing = request.POST.get("missing", "")
        if missing not in MISSING_CHOICES:
            if missing or any(each.agreed is None for each in standings(current_pack())):
                return _confirm_page(request, pdf, CHOOSE, 400)
            missing = OMIT  # every system's plan is agreed: nothing to choose
        try:
            run = actions.start_publication(pdf=pdf, missing=missing, by=request.user)
        except actions.AlreadyRunning as exc:
            return _list_page(request, str(exc), 409)
        runner.launch(run.pk)
        return redirect("publish-run", run=run.pk)
    if not _may_see(request):
        return _refused(request)
    return _list_page(request)


def _run(request: HttpRequest, run: int) -> PublicationRun | HttpResponse:
    if not _may_see(request):
        return _refused(request)
    actions.recover_stopped_runs()
    found = PublicationRun.objects.select_related("started_by").filter(pk=run).first()
    return found if found is not None else _not_found(request, "No such publication run.")


def files_of(run: PublicationRun) -> list[str]:
    """The run's files, relative to its folder: the site, PDF and workbook first."""
    if run.status != PublicationRun.DONE or not run.folder:
        return []
    root = Path(run.folder)
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    first = ["index.html", f"{STEM}.pdf", f"{STEM}.xlsx"]
    return [n for n in first if n in names] + [n for n in names if n not in first]


def _status_context(run: PublicationRun) -> dict:
    return {"run": run, "files": files_of(run), "stem": STEM, "localtime": timezone.localtime}


@with_actor
def run_page(request: HttpRequest, run: int) -> HttpResponse:
    found = _run(request, run)
    if isinstance(found, HttpResponse):
        return found
    return page(request, "publishing/run.html", _status_context(found))


@with_actor
def run_status(request: HttpRequest, run: int) -> HttpResponse:
    """The status panel alone: polled by the run page every second while it runs."""
    found = _run(request, run)
    if isinstance(found, HttpResponse):
        return found
    return page(request, "publishing/_status.html", _status_context(found))


@with_actor
@csp_update({"style-src": [UNSAFE_INLINE]})  # the published site carries its own stylesheet
def run_file(request: HttpRequest, run: int, name: str) -> HttpResponse:
    found = _run(request, run)
    if isinstance(found, HttpResponse):
        return found
    if found.status != PublicationRun.DONE or not found.folder:
        return _not_found(request, "This run has no files yet.")
    root = Path(found.folder).resolve()
    target = (root / name).resolve()
    # resolve() follows ".." and links: whatever the name, the file must be inside the folder
    if not target.is_relative_to(root) or not target.is_file():
        return _not_found(request, "No such file in this publication.")
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind == "application/json":
        kind += "; charset=utf-8"
    return FileResponse(
        target.open("rb"),
        content_type=kind,
        as_attachment=target.suffix not in INLINE,
        filename=target.name,
    )
