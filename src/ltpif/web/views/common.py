"""What every view needs: the actor, permission checks, the calendar's today, rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ltpif.plans.access import Action, Actor, can
from ltpif.web.notifications.notify import unread_count
from ltpif.web.per_request import reading
from ltpif.web.planning.actions import NotAllowed
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import actor_key, calendar_today, plan_for, target_of
from ltpif.web.views.footing import footing


def today() -> dt.date:
    """The planning calendar's today: LTPIF_TODAY lets a demo stand in 2019."""
    return calendar_today()


def page(
    request: HttpRequest, template: str, context: dict, status: int = 200, partial: bool = False
) -> HttpResponse:
    """`template` rendered with what every page shows; a `partial` (part of a page, for htmx)
    has no header, so its count of unread notifications is not asked for."""
    actor = getattr(request, "actor", None)
    unread = unread_count(request.user) if actor is not None and not partial else 0
    context = {"actor": actor, "today": today(), "unread": unread, **context}
    return render(request, template, context, status=status)


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return page(request, "error.html", {"title": "You cannot do that", "message": message}, 403)


# The methods a view answers; any other is 405. A page reads; a form page also takes its POST.
READ = ("GET", "HEAD")
FORM = ("GET", "HEAD", "POST")
POST = ("POST",)


SIGNED_OUT = (
    "You have been signed out, so nothing was saved. Sign in again in a new tab, "
    "then make your change again: it is still in the form."
)


def _signed_in(view: Callable) -> Callable:
    """`login_required`, except that a request from htmx (part of a page) is told, as a 401,
    rather than sent to the sign-in page, which would be drawn inside the page."""
    needs_sign_in = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if getattr(request, "htmx", False) and not request.user.is_authenticated:
            context = {"title": "You have been signed out", "message": SIGNED_OUT}
            return page(request, "error.html", context, 401)
        return needs_sign_in(request, *args, **kwargs)

    return wrapped


def with_actor(view: Callable | None = None, *, methods: tuple[str, ...] = READ) -> Callable:
    """Signed in, with a role, by one of `methods`; the actor is put on the request."""

    def decorate(view: Callable) -> Callable:
        @require_http_methods(list(methods))
        @_signed_in
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.actor = footing(request.user)
            if request.actor is None:
                return forbidden(
                    request, "Your account has no role in ltpif yet: ask the national team."
                )
            try:
                return view(request, *args, **kwargs)
            except NotAllowed as exc:
                return forbidden(request, str(exc))

        return wrapped

    return decorate(view) if view is not None else decorate


def plan_view(
    action: Action = Action.VIEW_PLAN, methods: tuple[str, ...] = READ, reads_once: bool = False
) -> Callable:
    """A view of one system's plan: 403 unless the actor may do `action` to it. A page read
    (as every read), or a write that says it `reads_once` (it changes only the plan), asks the
    database each question about the plan's surroundings once (`per_request`)."""

    def decorate(view: Callable) -> Callable:
        @with_actor(methods=methods)
        @wraps(view)
        def wrapped(request: HttpRequest, system: str, *args, **kwargs) -> HttpResponse:
            plan = plan_for(system)
            if not can(request.actor, action, target_of(plan)):
                return forbidden(request, "This plan is not one you can see or change.")
            if request.method in READ or not reads_once:
                return view(request, plan, *args, **kwargs)
            with reading({actor_key(request.user): request.actor}):
                return view(request, plan, *args, **kwargs)

        return wrapped

    return decorate


def may(actor: Actor, action: Action | str, plan: Plan) -> bool:
    return can(actor, action, target_of(plan))
