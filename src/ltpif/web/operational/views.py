"""The plan's Operational plan tab: the agreed plan phased by month (a preview, flat, until the
system's planning lead creates the operational plan), then the operational plan through its
workflow, a metric's months edited on a page of their own, and its workbook out and in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.app.operational import CSV_COLUMNS, agreed_operational, operational_csv
from ltpif.framework.problems import InputError
from ltpif.interchange.operational_workbook import read_operational, write_operational
from ltpif.plans.access import Action
from ltpif.plans.operational import OperationalPlan, shortfall
from ltpif.plans.workflow import Status
from ltpif.web.operational import actions
from ltpif.web.operational.models import OperationalRecord
from ltpif.web.planning.actions import Conflict, Invalid, NotAllowed
from ltpif.web.planning.models import Plan
from ltpif.web.planning.plan_source import agreed_version
from ltpif.web.planning.queries import pack_of, version_document
from ltpif.web.views.common import FORM, POST, may, page, plan_view
from ltpif.web.views.plan_pages import context_for

SETTLED = (Status.AGREED, Status.PUBLISHED)
MAX_UPLOAD = 5_000_000


def _preview(plan: Plan) -> OperationalPlan | None:
    """The agreed version phased flat; None until the plan is agreed."""
    if Status(plan.status) not in SETTLED:
        return None
    version = agreed_version(plan) or plan.versions.filter(kind="final").order_by("-number").first()
    if version is None:
        return None
    return agreed_operational(pack_of(plan), version_document(version), version.sha256)


def _shown(plan: Plan) -> tuple[OperationalRecord | None, OperationalPlan | None]:
    record = actions.record_of(plan)
    return record, (actions.document_of(record) if record else _preview(plan))


def _tab(request: HttpRequest, plan: Plan, extra: dict | None = None, status: int = 200):
    ctx = context_for(plan)
    record, op = _shown(plan)
    actor = request.actor
    steps = []
    if record is not None:
        steps = [
            (name, label)
            for name, (label, sources, _, action) in actions.STEPS.items()
            if record.status in sources and may(actor, action, plan)
        ]
    report = actions.assurance_of(plan, op) if record is not None and op is not None else None
    units = {m: ctx.pack.metric_by_id[m].unit for m in ctx.pack.metric_by_id}
    context = {
        "operational": op,
        "record": record,
        "months": ctx.pack.year_calendar.months(op.year) if op else [],
        "metric_by_id": ctx.pack.metric_by_id,
        "status_label": Status(plan.status).label,
        "can_create": record is None and op is not None and may(actor, Action.EDIT_PLAN, plan),
        "can_edit_months": record is not None
        and record.status in actions.EDITABLE
        and may(actor, Action.EDIT_PLAN, plan),
        "steps": steps,
        "op_report": report,
        "differences": {
            p.metric: shortfall(p, units[p.metric]) for p in (op.metrics if record and op else [])
        },
        "op_versions": list(record.versions.order_by("number")) if record else [],
        **(extra or {}),
    }
    return page(
        request, "plan/operational.html", {**ctx.as_dict(request, "operational"), **context}, status
    )


def _failed(request: HttpRequest, plan: Plan, exc: Exception, field: str = "profile"):
    if isinstance(exc, Invalid):
        return _tab(request, plan, {"errors": exc.problems, "posted": request.POST}, 400)
    return _tab(request, plan, {"errors": [(field, str(exc))]}, 409)


@plan_view()
def tab(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _tab(request, plan)


@plan_view()
def csv_download(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The tab's table as CSV (a header alone until the plan is agreed)."""
    _, op = _shown(plan)
    text = operational_csv(pack_of(plan), op) if op else ",".join(CSV_COLUMNS) + "\n"
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.system_id}-operational.csv"'
    return response


@plan_view(Action.EDIT_PLAN, POST)
def create(request: HttpRequest, plan: Plan) -> HttpResponse:
    try:
        actions.create(plan=plan, profile=request.POST.get("profile", ""), by=request.user)
    except (Invalid, NotAllowed, Conflict) as exc:
        return _failed(request, plan, exc)
    messages.success(request, "The operational plan is created: check each metric's months.")
    return redirect(f"/plans/{plan.system_id}/operational/")


def _record_or_404(request: HttpRequest, plan: Plan) -> OperationalRecord | HttpResponse:
    record = actions.record_of(plan)
    if record is None:
        message = "This plan has no operational plan yet."
        return page(request, "error.html", {"title": "Page not found", "message": message}, 404)
    return record


@plan_view(methods=FORM)
def metric_months(request: HttpRequest, plan: Plan, metric: str) -> HttpResponse:
    """One metric's twelve months: a form for the system's planning lead while editable."""
    record = _record_or_404(request, plan)
    if isinstance(record, HttpResponse):
        return record
    op = actions.document_of(record)
    phased = next((p for p in op.metrics if p.metric == metric), None)
    if phased is None:
        message = f"No metric {metric} in this operational plan."
        return page(request, "error.html", {"title": "Page not found", "message": message}, 404)
    errors: list = []
    status = 200
    if request.method == "POST":
        if not may(request.actor, Action.EDIT_PLAN, plan):
            return page(
                request,
                "error.html",
                {
                    "title": "You cannot do that",
                    "message": "Only the system's planning lead edits its operational plan.",
                },
                403,
            )
        try:
            lock = int(request.POST.get("lock_version", ""))
        except ValueError:
            lock = -1
        try:
            actions.save_months(
                record=record,
                metric=metric,
                posted=request.POST,
                lock_version=lock,
                by=request.user,
            )
        except Invalid as exc:
            errors, status = exc.problems, 400
        except (NotAllowed, Conflict) as exc:
            errors, status = [("lock_version", str(exc))], 409
        else:
            messages.success(request, f"The months of {metric} are saved.")
            return redirect(f"/plans/{plan.system_id}/operational/")
    pack = pack_of(plan)
    ctx = context_for(plan)
    context = {
        "record": record,
        "phased": phased,
        "metric": pack.metric_by_id[metric],
        "difference": shortfall(phased, pack.metric_by_id[metric].unit),
        "can_edit_months": record.status in actions.EDITABLE
        and may(request.actor, Action.EDIT_PLAN, plan),
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return page(
        request,
        "plan/operational_metric.html",
        {**ctx.as_dict(request, "operational"), **context},
        status,
    )


@plan_view(methods=POST)
def step(request: HttpRequest, plan: Plan, name: str) -> HttpResponse:
    if name not in actions.STEPS:
        message = f"No action {name}."
        return page(request, "error.html", {"title": "Page not found", "message": message}, 404)
    if not may(request.actor, actions.STEPS[name][3], plan):
        return page(
            request,
            "error.html",
            {"title": "You cannot do that", "message": "This step is not yours to take."},
            403,
        )
    record = _record_or_404(request, plan)
    if isinstance(record, HttpResponse):
        return record
    try:
        actions.transition(
            record=record, name=name, reasons=request.POST.get("reasons", ""), by=request.user
        )
    except (Invalid, NotAllowed, Conflict) as exc:
        return _failed(request, plan, exc, "reasons")
    messages.success(request, f"{actions.STEPS[name][0]}: done.")
    return redirect(f"/plans/{plan.system_id}/operational/")


@plan_view()
def workbook_download(request: HttpRequest, plan: Plan) -> HttpResponse:
    record = _record_or_404(request, plan)
    if isinstance(record, HttpResponse):
        return record
    data = write_operational(pack_of(plan), actions.document_of(record))
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{plan.system_id}-operational.xlsx"'
    return response


@plan_view(Action.EDIT_PLAN, POST)
def workbook_upload(request: HttpRequest, plan: Plan) -> HttpResponse:
    record = _record_or_404(request, plan)
    if isinstance(record, HttpResponse):
        return record
    upload = request.FILES.get("workbook")
    if upload is None:
        return _tab(request, plan, {"errors": [("workbook", "Choose the workbook to upload")]}, 400)
    if upload.size is not None and upload.size > MAX_UPLOAD:
        message = f"The file is larger than {MAX_UPLOAD // 1_000_000} MB: is it the right one?"
        return _tab(request, plan, {"errors": [("workbook", message)]}, 400)
    try:
        lock = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock = -1
    try:
        new = read_operational(
            pack_of(plan), upload.read(), actions.document_of(record), upload.name or "workbook"
        )
        actions.replace(record=record, new=new, lock_version=lock, by=request.user)
    except InputError as exc:
        errors = [("workbook", f"{p.key or p.file}: {p.message}") for p in exc.problems]
        return _tab(request, plan, {"errors": errors}, 400)
    except (NotAllowed, Conflict) as exc:
        return _failed(request, plan, exc, "workbook")
    messages.success(request, "The operational plan's months are imported from the workbook.")
    return redirect(f"/plans/{plan.system_id}/operational/")
