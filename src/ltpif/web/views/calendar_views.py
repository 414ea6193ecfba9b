"""The round's calendar and queries on a plan: a regional lead's extension of a deadline, a
planner's answer to a query finding, and the region's decision on that answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.plans.access import Action
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.views.common import FORM, POST, page, plan_view
from ltpif.web.views.date_input import posted_iso
from ltpif.web.views.plan_pages import context_for, render_tab


@plan_view(Action.GRANT_EXTENSION, methods=FORM)
def extension(request: HttpRequest, plan: Plan) -> HttpResponse:
    """GET: the form (the plan's deadlines and extensions so far); POST: grant it."""
    extra = {"extensions": plan.extensions.select_related("granted_by").order_by("-granted_at")}
    if request.method == "POST":
        date_errors: list[tuple[str, str]] = []
        until = posted_iso(request.POST, "until", date_errors, required=True)
        try:
            actions.grant_extension(
                plan=plan,
                stage=request.POST.get("stage", ""),
                until=until,
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        except actions.Invalid as exc:
            problems = [p for p in exc.problems if not (date_errors and p[0] == "until")]
            context = {**extra, "errors": date_errors + problems, "posted": request.POST}
            return render_tab(request, plan, "extension", context, 400)
        messages.success(request, "Extension granted: the plan's deadline has moved.")
        return redirect(f"/plans/{plan.system_id}/")
    return render_tab(request, plan, "extension", {**extra, "errors": [], "posted": {}})


def _overview_with(request: HttpRequest, plan: Plan, errors: list, status: int) -> HttpResponse:
    ctx = context_for(plan)
    context = {**ctx.as_dict(request, "overview"), "errors": errors, "posted": request.POST}
    return page(request, "plan/overview.html", context, status)


@plan_view(Action.EDIT_PLAN, methods=POST)
def answer_query(request: HttpRequest, plan: Plan) -> HttpResponse:
    try:
        lock_version = int(request.POST.get("lock_version", ""))
    except ValueError:
        return _overview_with(
            request, plan, [("lock_version", "The form is out of date: reload the page.")], 400
        )
    try:
        actions.answer_query(
            plan=plan,
            rule=request.POST.get("rule", ""),
            pointer=request.POST.get("pointer", ""),
            explanation=request.POST.get("explanation", ""),
            lock_version=lock_version,
            by=request.user,
        )
    except actions.Invalid as exc:
        return _overview_with(request, plan, exc.problems, 400)
    except (actions.NotAllowed, actions.Conflict) as exc:
        return _overview_with(request, plan, [("explanation", str(exc))], 409)
    messages.success(request, "Answer saved: it goes to the region with the next submission.")
    return redirect(f"/plans/{plan.system_id}/#queries")


@plan_view(Action.REVIEW, methods=POST)
def decide_answer(request: HttpRequest, plan: Plan) -> HttpResponse:
    decision = request.POST.get("decision", "")
    try:
        actions.decide_answer(
            plan=plan,
            rule=request.POST.get("rule", ""),
            pointer=request.POST.get("pointer", ""),
            decision=decision,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except actions.Invalid as exc:
        return _overview_with(request, plan, exc.problems, 400)
    except (actions.NotAllowed, actions.Conflict) as exc:
        return _overview_with(request, plan, [("decision", str(exc))], 409)
    messages.success(
        request,
        "Answer accepted: the query is explained."
        if decision == "accepted"
        else "Answer rejected: the planner will see your reason.",
    )
    return redirect(f"/plans/{plan.system_id}/#queries")
