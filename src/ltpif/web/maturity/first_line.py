"""The ICS's first-line assurance (issue 16 item 2a, a growing assurance role): a system whose
moderated maturity earns the freedom has users with the ICS assurance role, who record a
judgement per review area of the submitted plan before the region's review starts; the
region's review shows those judgements beside its own."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ltpif.plans.access import Action
from ltpif.plans.workflow import Status
from ltpif.web.maturity.models import FirstLineAssurance
from ltpif.web.maturity.queries import earned, not_earned_message
from ltpif.web.planning.actions import Invalid, NotAllowed, require
from ltpif.web.planning.models import AuditEvent, Plan, PlanVersion
from ltpif.web.planning.queries import pack_of
from ltpif.web.views.common import FORM, forbidden, may, plan_view

OPEN = frozenset({Status.DRAFT_SUBMITTED, Status.FINAL_SUBMITTED})
COMMENT_LIMIT = 5000


def submitted_version(plan: Plan) -> PlanVersion | None:
    """The version the region will review: the latest draft or final submission."""
    return plan.versions.filter(kind__in=("draft", "final")).order_by("-number").first()


def judgements(version: PlanVersion | None) -> dict[str, FirstLineAssurance]:
    if version is None:
        return {}
    return {j.area: j for j in FirstLineAssurance.objects.filter(version=version)}


def record(*, plan: Plan, area: str, rag: str, comment: str, by) -> FirstLineAssurance:
    """One area's first-line judgement, on the submitted version awaiting the region."""
    require(by, Action.RECORD_ICS_ASSURANCE, plan)
    if not earned(plan):
        raise NotAllowed(not_earned_message(plan))
    problems = []
    pack = pack_of(plan)
    if area not in {section.id for section in pack.sections.section}:
        problems.append(("area", "Choose one of the plan's review areas"))
    if rag not in ("red", "amber", "green"):
        problems.append(("rag", "Choose red, amber or green"))
    comment = comment.strip()
    if len(comment) > COMMENT_LIMIT:
        problems.append(("comment", f"Keep the comment to {COMMENT_LIMIT} characters or fewer"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        status = Status(locked.status)
        if status not in OPEN:
            raise Invalid(
                [
                    (
                        "area",
                        "The first-line assurance is recorded while a submitted plan waits for "
                        f"the region's review; this plan is “{status.label.lower()}”",
                    )
                ]
            )
        version = submitted_version(locked)
        assert version is not None  # a submitted plan has its submitted version
        previous = FirstLineAssurance.objects.filter(version=version, area=area).first()
        found, _ = FirstLineAssurance.objects.update_or_create(
            version=version,
            area=area,
            defaults={"plan": locked, "rag": rag, "comment": comment, "by": by},
        )
        AuditEvent.objects.create(
            plan=locked,
            actor=by,
            action="ics_first_line",
            summary=f"ICS first-line assurance of {area} (version {version.number}): {rag}",
            before={"rag": previous.rag, "comment": previous.comment} if previous else None,
            after={"version": version.number, "area": area, "rag": rag, "comment": comment},
        )
    return found


def _field_id(field: str, area: str, areas: set[str]) -> str:
    """The page's element for a problem: each area has its own form (rag-<area>, ...); a
    problem with no such form points at the table."""
    return f"{field}-{area}" if field in ("rag", "comment") and area in areas else "first-line"


@plan_view(methods=FORM)
def first_line(request: HttpRequest, plan: Plan) -> HttpResponse:
    from ltpif.web.views.plan_pages import render_tab  # the plan's pages import this app

    version = submitted_version(plan)
    extra = {
        "version": version,
        "judged": judgements(version),
        "earned": earned(plan),
        "not_earned": "" if earned(plan) else not_earned_message(plan),
        "can_record": may(request.actor, Action.RECORD_ICS_ASSURANCE, plan)
        and Status(plan.status) in OPEN
        and earned(plan),
        "errors": [],
    }
    if request.method != "POST":
        return render_tab(request, plan, "ics-assurance", extra)
    if not may(request.actor, Action.RECORD_ICS_ASSURANCE, plan):
        return forbidden(request, "Only the system's ICS assurance users record this.")
    try:
        record(
            plan=plan,
            area=request.POST.get("area", ""),
            rag=request.POST.get("rag", ""),
            comment=request.POST.get("comment", ""),
            by=request.user,
        )
    except NotAllowed as exc:
        return forbidden(request, str(exc))
    except Invalid as exc:
        area = request.POST.get("area", "")
        areas = {section.id for section in pack_of(plan).sections.section}
        errors = [(_field_id(field, area, areas), message) for field, message in exc.problems]
        return render_tab(request, plan, "ics-assurance", {**extra, "errors": errors}, 400)
    messages.success(request, "First-line judgement saved.")
    return redirect(f"/plans/{plan.system_id}/ics-assurance/")
