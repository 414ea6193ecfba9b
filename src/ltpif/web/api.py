"""The JSON API (OpenAPI at /api/openapi.json, browsable at /api/docs).

Token authentication (`Authorization: Bearer <token>`; `ltpif token create USER` makes one), or
the signed-in session of the pages (so that the docs' "Try it out" works; its writes need the
CSRF token, which the docs page sends), and the same permission rules and actions as the pages.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status, Swagger
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from ltpif.assurance.render import report_json
from ltpif.framework.problems import key_path
from ltpif.framework.typed import Invalid as InvalidRecord
from ltpif.framework.typed import parse
from ltpif.plans.access import Action, can
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import TRANSITIONS
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.planning import actions
from ltpif.web.planning.models import ApiToken, Plan
from ltpif.web.planning.queries import actor_of, assurance, plan_for, target_of


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = ApiToken.objects.select_related("user").filter(sha256=digest).first()
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        request.actor = actor_of(found.user)
        return found.user if request.actor else None


class SignedIn(SessionAuth):
    """The session of a user signed in to the pages, with a role (CSRF-checked for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        request.actor = actor_of(user)
        return user if request.actor else None


api = NinjaAPI(
    title="ltpif API",
    version="1",
    description=(
        "Systems, plans, versions, assurance findings, reviews and statuses of the NHS Long "
        "Term Plan Implementation Framework round; for analysts, actuals, SPC charts, funnel "
        "plots, the monitoring summary, the roll-up and the gaps, as JSON or CSV. Signed in "
        "to the site, “Try it out” answers as you. From a program, send "
        "`Authorization: Bearer <token>`: the people who run the service make a token for "
        "your account with `ltpif token create USER`."
    ),
    auth=[BearerToken(), SignedIn()],
    urls_namespace="api",
    # no deep links: Swagger UI puts each one, a link, inside the button that opens the
    # operation (a control nested in a control, which screen readers cannot reach)
    docs=Swagger(settings={"deepLinking": False}),
)


class SystemOut(Schema):
    code: str
    name: str
    region: str
    status: str
    rag: str
    errors: int
    queries: int


class PlanOut(SystemOut):
    lock_version: int
    pack: str
    pack_version: str
    outstanding: list[dict]
    document: dict


class VersionOut(Schema):
    number: int
    kind: str
    sha256: str
    created_at: str
    created_by: str | None


class PlanIn(Schema):
    lock_version: int
    document: dict


class TransitionIn(Schema):
    reasons: str = ""
    late_reason: str = ""  # why a submission after its deadline is late (required then)


def _plan(request: HttpRequest, system: str, action: Action | str = Action.VIEW_PLAN) -> Plan:
    plan = plan_for(system)
    if not can(request.actor, action, target_of(plan)):
        raise HttpError(403, "You may not do that to this system's plan.")
    return plan


def _summary(plan: Plan) -> dict:
    return {
        "code": plan.system_id,
        "name": plan.system.name,
        "region": plan.system.region_id,
        "status": plan.status,
        "rag": plan.rag,
        "errors": plan.errors,
        "queries": plan.queries,
    }


@api.get("/systems", response=list[SystemOut], summary="Systems whose plans you can see")
def systems(request: HttpRequest):
    plans = (
        current_plans().select_related("system__region").defer("working").order_by("system__name")
    )
    return [_summary(p) for p in plans if can(request.actor, Action.VIEW_PLAN, target_of(p))]


@api.get("/statuses", response=dict[str, int], summary="How many visible plans are in each status")
def statuses(request: HttpRequest):
    counts: dict[str, int] = {}
    for item in systems(request):
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    return counts


@api.get("/plans/{system}", response=PlanOut, summary="A plan's working copy and status")
def get_plan(request: HttpRequest, system: str):
    plan = _plan(request, system)
    return {
        **_summary(plan),
        "lock_version": plan.lock_version,
        "pack": plan.round.pack,
        "pack_version": plan.round.pack_version,
        "outstanding": plan.outstanding,
        "document": plan.working,
    }


@api.put(
    "/plans/{system}",
    response={200: PlanOut, 409: dict, 422: dict},
    summary="Replace the working copy (a new version); refused if it changed since lock_version",
)
def put_plan(request: HttpRequest, system: str, body: PlanIn):
    plan = _plan(request, system, Action.EDIT_PLAN)
    try:
        new = parse(PlanDocument, body.document)
    except InvalidRecord as exc:
        return Status(
            422, {"problems": [{"field": key_path(p), "message": m} for p, m in exc.errors]}
        )
    try:
        actions.replace_plan(
            plan=plan, new=new, kind="api", lock_version=body.lock_version, by=request.user
        )
    except actions.Invalid as exc:
        return Status(422, {"problems": [{"field": f, "message": m} for f, m in exc.problems]})
    except actions.Conflict as exc:
        return Status(409, {"detail": str(exc)})
    except actions.NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    return get_plan(request, system)


@api.get("/plans/{system}/versions", response=list[VersionOut], summary="A plan's versions")
def versions(request: HttpRequest, system: str):
    plan = _plan(request, system)
    return [
        {
            "number": v.number,
            "kind": v.kind,
            "sha256": v.sha256,
            "created_at": v.created_at.isoformat(),
            "created_by": v.created_by.get_username() if v.created_by else None,
        }
        for v in plan.versions.select_related("created_by").defer("document")
    ]


@api.get("/plans/{system}/versions/{number}", response=dict, summary="One version's document")
def version(request: HttpRequest, system: str, number: int):
    plan = _plan(request, system)
    found = plan.versions.filter(number=number).first()
    if found is None:
        raise HttpError(404, f"No version {number} of this plan.")
    return {
        "number": found.number,
        "kind": found.kind,
        "sha256": found.sha256,
        "outstanding": found.outstanding,
        "document": found.document,
    }


@api.get(
    "/plans/{system}/findings",
    response=dict,
    summary="Assurance of the working copy (the format of docs/reference/assurance-json.md)",
)
def findings(request: HttpRequest, system: str):
    plan = _plan(request, system)
    return report_json(assurance(plan))


@api.get("/plans/{system}/reviews", response=list[dict], summary="Assurance reviews and judgements")
def reviews(request: HttpRequest, system: str):
    plan = _plan(request, system)
    return [
        {
            "version": r.version.number,
            "reviewer": r.reviewer.get_username(),
            "decision": r.decision,
            "reasons": r.reasons,
            "created_at": r.created_at.isoformat(),
            "areas": [{"area": a.area, "rag": a.rag, "comment": a.comment} for a in r.areas.all()],
        }
        for r in plan.reviews.select_related("version", "reviewer").order_by("created_at")
    ]


@api.post(
    "/plans/{system}/actions/{name}",
    response={200: dict, 409: dict, 422: dict},
    summary="Move the plan on: submit_draft, start_review, request_changes, submit_final, "
    "agree, publish",
)
def act(request: HttpRequest, system: str, name: str, body: TransitionIn):
    if name not in TRANSITIONS:
        raise HttpError(404, f"No action {name!r}.")
    plan = _plan(request, system, name)
    try:
        actions.transition(
            plan=plan,
            name=name,
            reasons=body.reasons,
            late_reason=body.late_reason,
            by=request.user,
        )
    except actions.Invalid as exc:
        return Status(422, {"problems": [{"field": f, "message": m} for f, m in exc.problems]})
    except (actions.NotAllowed, actions.Conflict) as exc:
        return Status(409, {"detail": str(exc)})
    return {"status": plan.status}


# Added last: the router's module reads the roll-up, which the endpoints above do not need.
from ltpif.web.api_monitoring import router as monitoring_router  # noqa: E402
from ltpif.web.api_rollup import router as rollup_router  # noqa: E402

api.add_router("/", rollup_router)
api.add_router("/", monitoring_router)
