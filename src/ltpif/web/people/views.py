"""The people pages: who I manage, invite someone, change a role, deactivate, resend; and the
invitation link's page, where the invitee sets a password (no sign-in needed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ltpif.plans.access import manageable_roles, may_manage
from ltpif.plans.workflow import Role
from ltpif.web.people import actions
from ltpif.web.people.actions import SYSTEM_ROLES, CannotNow, LinkProblem
from ltpif.web.planning.actions import Conflict, Invalid
from ltpif.web.planning.models import Membership, Region, System
from ltpif.web.views.common import FORM, POST, forbidden, page, with_actor

BAD_FORM, CONFLICT = 400, 409
FIELDS = ("email", "name", "role", "organisation", "system", "region")


def _busy(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return page(request, "error.html", {"title": "Try again", "message": str(exc)}, CONFLICT)


def _managers_only(request: HttpRequest) -> HttpResponse | None:
    if manageable_roles(request.actor):
        return None
    return forbidden(
        request,
        "Managing people is for the national team, regional leads and system planning leads.",
    )


def _choices(request: HttpRequest) -> dict:
    """The roles, systems and regions this actor may give, for the forms."""
    roles = manageable_roles(request.actor)
    systems = System.objects.select_related("region").order_by("name")
    if request.actor.role == Role.REGIONAL_LEAD:
        systems = systems.filter(region_id=request.actor.region)
    elif request.actor.role == Role.SYSTEM_LEAD:
        systems = systems.filter(code=request.actor.system)
    regions = Region.objects.order_by("name")
    return {
        "roles": [(r.value, r.label) for r in roles],
        "systems": [(s.code, s.name) for s in systems]
        if any(r in SYSTEM_ROLES for r in roles)
        else [],
        "regions": [(r.code, r.name) for r in regions] if Role.REGIONAL_LEAD in roles else [],
    }


@with_actor
def people(request: HttpRequest) -> HttpResponse:
    refused = _managers_only(request)
    if refused:
        return refused
    rows = [
        {
            "membership": m,
            "name": getattr(getattr(m.user, "person", None), "name", "") or m.user.username,
            "organisation": getattr(getattr(m.user, "person", None), "organisation_code", ""),
            "status": actions.status_of(m.user, list(m.user.invitations.all())),
        }
        for m in actions.people_managed_by(request.actor)
    ]
    return page(request, "people/people.html", {"rows": rows})


def _invite_page(request: HttpRequest, posted: dict, errors: list, status: int = 200):
    context = {"posted": posted, "errors": errors, **_choices(request)}
    return page(request, "people/invite.html", context, status)


@with_actor(methods=FORM)
def invite(request: HttpRequest) -> HttpResponse:
    refused = _managers_only(request)
    if refused:
        return refused
    choices = _choices(request)
    if request.method != "POST":
        return _invite_page(request, {}, [])
    posted = {name: request.POST.get(name, "") for name in FIELDS}
    if not choices["systems"]:
        posted.pop("system")
    elif request.actor.role == Role.SYSTEM_LEAD:
        posted["system"] = request.actor.system or ""
    if not choices["regions"]:
        posted.pop("region")
    newcomer, errors = actions.check_newcomer(posted, request.actor, actions.organisation_places())
    if newcomer is None:
        return _invite_page(request, posted, errors, BAD_FORM)
    try:
        actions.invite(newcomer, by=request.user, base_url=request.build_absolute_uri("/"))
    except Invalid as exc:
        return _invite_page(request, posted, exc.problems, BAD_FORM)
    except Conflict as exc:
        return _busy(request, exc)
    messages.success(request, f"Invitation sent to {newcomer.email}.")
    return redirect("people")


def _membership(request: HttpRequest, person: int) -> Membership | HttpResponse:
    found = (
        Membership.objects.select_related("user", "system", "region", "user__person")
        .filter(user_id=person)
        .first()
    )
    if found is None:
        return page(
            request,
            "error.html",
            {"title": "Page not found", "message": "There is no such person."},
            404,
        )
    if not may_manage(request.actor, Role(found.role), actions.place_of(found)):
        return forbidden(request, "You do not manage this person's account.")
    return found


def _person_page(request, membership, posted=None, errors=(), status=200) -> HttpResponse:
    user = membership.user
    context = {
        "membership": membership,
        "person": getattr(user, "person", None),
        "status": actions.status_of(user, list(user.invitations.all())),
        "posted": posted or {},
        "errors": list(errors),
        "is_me": user.pk == request.user.pk,
        "events": actions.events_about(user),
        "localtime": timezone.localtime,
        **_choices(request),
    }
    return page(request, "people/person.html", context, status)


@with_actor(methods=FORM)
def person(request: HttpRequest, person: int) -> HttpResponse:
    """A person's details and history; POST changes their role."""
    found = _membership(request, person)
    if isinstance(found, HttpResponse):
        return found
    if request.method != "POST":
        return _person_page(request, found)
    posted = {name: request.POST.get(name, "") for name in ("role", "system", "region")}
    try:
        changed = actions.change_role(found, actor=request.actor, by=request.user, **posted)
    except Invalid as exc:
        return _person_page(request, found, posted, exc.problems, BAD_FORM)
    except Conflict as exc:
        return _busy(request, exc)
    messages.success(request, f"{changed.user.username} is now {Role(changed.role).label}.")
    return redirect("people-person", person=person)


@with_actor(methods=FORM)
def deactivate(request: HttpRequest, person: int) -> HttpResponse:
    found = _membership(request, person)
    if isinstance(found, HttpResponse):
        return found
    if request.method != "POST":
        return page(request, "people/deactivate.html", {"membership": found})
    try:
        actions.deactivate(found, actor=request.actor, by=request.user)
    except CannotNow as exc:
        return page(request, "error.html", {"title": "Not deactivated", "message": str(exc)}, 409)
    except Conflict as exc:
        return _busy(request, exc)
    messages.success(request, f"{found.user.username} is deactivated and can no longer sign in.")
    return redirect("people")


@with_actor(methods=POST)
def resend(request: HttpRequest, person: int) -> HttpResponse:
    found = _membership(request, person)
    if isinstance(found, HttpResponse):
        return found
    try:
        actions.resend(
            found, actor=request.actor, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except CannotNow as exc:
        return page(request, "error.html", {"title": "Not sent", "message": str(exc)}, CONFLICT)
    except Conflict as exc:
        return _busy(request, exc)
    messages.success(request, f"A new invitation was sent to {found.user.email}.")
    return redirect("people-person", person=person)


def _link_problem(request: HttpRequest, kind: str) -> HttpResponse:
    title, message, status = actions.LINK_PROBLEMS[kind]
    return page(request, "error.html", {"title": title, "message": message}, status)


@require_http_methods(list(FORM))
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: set a password, once, before it expires."""
    found, problem = actions.open_invitation(token)
    if problem is not None or found is None:
        return _link_problem(request, problem or actions.UNKNOWN)
    context = {"invited": found.user, "errors": []}
    if request.method != "POST":
        return page(request, "people/set_password.html", context)
    try:
        user = actions.accept(
            token, request.POST.get("password", ""), request.POST.get("confirmation", "")
        )
    except LinkProblem as exc:
        return _link_problem(request, exc.kind)
    except Invalid as exc:
        return page(request, "people/set_password.html", context | {"errors": exc.problems}, 400)
    except Conflict as exc:
        return _busy(request, exc)
    messages.success(request, f"Your password is set. Sign in with your username, {user.username}.")
    return redirect("sign-in")
