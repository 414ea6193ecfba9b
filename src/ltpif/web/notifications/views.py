"""A person's notifications: the list (newest first), marking them read, and the choice to
have them by email too. Everyone sees only their own."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ltpif.web.notifications.models import EmailChoice, Notification
from ltpif.web.views.common import POST, page, with_actor

SHOWN = 100
BAD_FORM, NOT_FOUND = 400, 404


def _list(request: HttpRequest, errors: list, status: int = 200) -> HttpResponse:
    mine = Notification.objects.filter(user=request.user)
    choice = EmailChoice.objects.filter(user=request.user).first()
    context = {
        "notifications": list(mine[:SHOWN]),
        "total": mine.count(),
        "shown": SHOWN,
        "by_email": choice.by_email if choice else True,
        "email": request.user.email,
        "errors": errors,
    }
    return page(request, "notifications/list.html", context, status)


@with_actor
def notifications(request: HttpRequest) -> HttpResponse:
    return _list(request, [])


@with_actor(methods=POST)
def mark_read(request: HttpRequest) -> HttpResponse:
    """`which` is a notification's id, or "all" for every unread one of this person."""
    which = request.POST.get("which", "").strip()
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if which == "all":
        count = unread.update(read_at=timezone.now())
        messages.success(request, f"{count} notification(s) marked as read.")
        return redirect("/notifications/")
    if not which.isdigit() or len(which) > 18:
        return _list(request, [("which", "Choose a notification to mark as read")], BAD_FORM)
    if not Notification.objects.filter(user=request.user, pk=int(which)).exists():
        return _list(request, [("which", "You have no such notification")], NOT_FOUND)
    unread.filter(pk=int(which)).update(read_at=timezone.now())
    messages.success(request, "Notification marked as read.")
    return redirect("/notifications/")


@with_actor(methods=POST)
def email_choice(request: HttpRequest) -> HttpResponse:
    """`by_email` "on" or "off"; the notifications in the app stay either way."""
    given = request.POST.get("by_email", "")
    if given not in ("on", "off"):
        return _list(request, [("by_email", "Choose whether to have emails or not")], BAD_FORM)
    EmailChoice.objects.update_or_create(user=request.user, defaults={"by_email": given == "on"})
    messages.success(
        request,
        "You will be emailed notifications."
        if given == "on"
        else "Emails turned off: your notifications stay here.",
    )
    return redirect("/notifications/")
