"""The planning workbook on the plan page: download it, and upload it back (all or nothing)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.interchange.template import (
    StaleWorkbook,
    WorkbookError,
    export_workbook,
    import_workbook,
)
from ltpif.plans.access import Action
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.diff import diff_records
from ltpif.plans.maturity import keep_characteristics
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document, pack_of
from ltpif.web.views.common import FORM, forbidden, may, plan_view
from ltpif.web.views.plan_pages import render_tab

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@plan_view(methods=FORM)
def workbook(request: HttpRequest, plan: Plan) -> HttpResponse:
    """GET: the workbook of the working copy; POST: upload one back."""
    if request.method == "POST":
        return _upload(request, plan)
    doc = document(plan)
    data = export_workbook(
        pack_of(plan), doc, plan_version=plan.lock_version, plan_hash=plan_sha256(doc)
    )
    response = HttpResponse(data, content_type=XLSX)
    # the working copy's save count, not a plan version (those are the frozen submissions)
    filename = f"ltpif-plan-{plan.system_id}-save-{plan.lock_version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _upload(request: HttpRequest, plan: Plan) -> HttpResponse:
    if not may(request.actor, Action.EDIT_PLAN, plan):
        return forbidden(request, "Only the system's planning lead uploads its plan.")
    upload = request.FILES.get("workbook")
    problems: list[tuple[str, str]] = []
    if upload is None:
        problems = [("workbook", "Choose the workbook to upload")]
    elif upload.size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        problems = [
            ("workbook", f"The file is larger than {limit} MB: it cannot be a plan workbook")
        ]
    if problems:
        return render_tab(request, plan, "infrastructure", {"errors": problems}, 400)
    doc = document(plan)
    try:
        result = import_workbook(
            pack_of(plan),
            upload.read(),
            upload.name,
            current_version=str(plan.lock_version),
            current_hash=plan_sha256(doc),
            system=plan.system_id,
        )
    except StaleWorkbook as exc:
        extra = {
            "errors": [("workbook", str(p)) for p in exc.problems],
            "stale_changes": diff_records(doc, exc.plan),
        }
        return render_tab(request, plan, "infrastructure", extra, 409)
    except WorkbookError as exc:
        extra = {"errors": [("workbook", str(p).split(": ", 1)[-1]) for p in exc.problems]}
        return render_tab(request, plan, "infrastructure", extra, 400)
    try:
        version = actions.replace_plan(
            plan=plan,
            new=keep_characteristics(doc, result.plan),
            kind="import",
            lock_version=plan.lock_version,
            by=request.user,
        )
    except (actions.Invalid, actions.Conflict, actions.NotAllowed) as exc:
        problems = exc.problems if isinstance(exc, actions.Invalid) else [("workbook", str(exc))]
        return render_tab(request, plan, "infrastructure", {"errors": problems}, 409)
    messages.success(
        request, f"Workbook imported as version {version.number}: {len(result.changes)} change(s)."
    )
    previous = version.number - 1
    return redirect(f"/plans/{plan.system_id}/versions/?from={previous}&to={version.number}")
