"""Moving a plan through the round (with confirmation), and the region's assurance review."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.app.tasklist import WHAT_HAPPENS_NEXT, submitted_summary
from ltpif.plans.access import Action
from ltpif.plans.maturity import waived_review_areas
from ltpif.plans.workflow import TRANSITIONS, Status, Transition
from ltpif.web.maturity import first_line
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import assurance, maturity_level, pack_of
from ltpif.web.views.common import FORM, forbidden, may, page, plan_view
from ltpif.web.views.plan_pages import context_for, render_tab


@plan_view(methods=FORM, reads_once=True)  # it changes none of the plan's surroundings
def transition(request: HttpRequest, plan: Plan, name: str) -> HttpResponse:
    """GET: the confirmation page; POST: do it."""
    step = TRANSITIONS.get(name)
    if step is None or not may(request.actor, name, plan):
        return forbidden(request, "You cannot move this plan on in that way.")
    if request.method == "POST":
        try:
            actions.transition(
                plan=plan,
                name=name,
                reasons=request.POST.get("reasons", ""),
                late_reason=request.POST.get("late_reason", ""),
                by=request.user,
            )
        except actions.Invalid as exc:
            return _confirmation(request, plan, step, _late_by(plan, step), exc.problems, 400)
        except (actions.NotAllowed, actions.Conflict) as exc:
            late_by = _late_by(plan, step)
            field = "late_reason" if late_by and not step.needs_reason else "reasons"
            return _confirmation(request, plan, step, late_by, [(field, str(exc))], 409)
        messages.success(
            request,
            f"Done: {step.label.lower()}. The plan is now “{Status(plan.status).label.lower()}”.",
        )
        return redirect(f"/plans/{plan.system_id}/")
    return _confirmation(request, plan, step, _late_by(plan, step))


def _late_by(plan: Plan, step: Transition) -> dt.date | None:
    """The deadline a submission made by `step` today misses, if any."""
    return actions.late_against(plan, step.stage) if step.stage else None


def _confirmation(
    request: HttpRequest,
    plan: Plan,
    step: Transition,
    late_by: dt.date | None,
    errors: list | None = None,
    status: int = 200,
) -> HttpResponse:
    """The confirmation page (drawn only when shown: a submission that goes through redirects,
    and drawing it costs as much as the submission's own checks)."""
    ctx = context_for(plan)
    context = {
        **ctx.as_dict(request, "overview", tab_body=False),  # a page under the overview
        "step": step,
        "errors": errors or [],
        "late_by": late_by,
        "report": assurance(plan, ctx.doc, step.stage) if step.stage else ctx.report,
        "summary": submitted_summary(ctx.pack, ctx.doc) if step.freezes_version else [],
        "next_version": plan.versions.count() + 1,
        "what_next": WHAT_HAPPENS_NEXT.get(step.name, ""),
    }
    return page(request, "plan/transition.html", context, status)


@plan_view(methods=FORM)
def review(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The assurance review: automatic findings beside the reviewer's RAG and comment per area."""
    current = plan.reviews.order_by("-created_at").first()
    areas = {a.area: a for a in current.areas.all()} if current else {}
    # reviewing a final plan: the draft's review beside it, and what changed since the draft
    draft_review = (
        plan.reviews.filter(version__kind="draft", created_at__lt=current.created_at)
        .select_related("version")
        .order_by("-created_at")
        .first()
        if current is not None and current.version.kind == "final"
        else None
    )
    level = maturity_level(plan)
    extra = {
        "review": current,
        "areas": areas,
        "draft_review": draft_review,
        "draft_areas": {a.area: a for a in draft_review.areas.all()} if draft_review else {},
        # a growing assurance role: the areas the ICS assures itself, not judged here
        "ics_assured": waived_review_areas(pack_of(plan), level),
        # the ICS's first-line judgements of the version under review (or awaiting it)
        "first_line": first_line.judgements(
            current.version if current is not None else first_line.submitted_version(plan)
        ),
        "maturity_level": level,
        "errors": [],
        "past_reviews": plan.reviews.order_by("-created_at")[1:],
    }
    if request.method == "POST":
        if not may(request.actor, Action.REVIEW, plan):
            return forbidden(request, "Only the region's assurance lead reviews this plan.")
        area = request.POST.get("area", "")
        try:
            actions.save_review_area(
                plan=plan,
                area=area,
                rag=request.POST.get("rag", ""),
                comment=request.POST.get("comment", ""),
                by=request.user,
            )
        except actions.Invalid as exc:
            return render_tab(request, plan, "review", {**extra, "errors": exc.problems}, 400)
        messages.success(request, "Judgement saved.")
        return redirect(f"/plans/{plan.system_id}/review/")
    return render_tab(request, plan, "review", extra)
