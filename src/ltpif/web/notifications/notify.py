"""Telling people: the policy (ltpif.app.notices) decides who and in what words; here each
audience becomes the active people with that role at the plan's system or region, each gets a
notification in the app, and those who have not turned email off get an email once the
change that caused it is committed (never for a change rolled back) and the request that made
it has been answered."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from ltpif.app.notices import Audience, Event, Kind, Place, Reminder, notice, reminder_due
from ltpif.plans.workflow import Status
from ltpif.web.notifications.models import EmailChoice, Notification, SentReminder
from ltpif.web.per_request import after_response, once
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import calendar_today, extensions_of, pack_of

log = logging.getLogger(__name__)


def _audience_filter(plan: Plan, audience: Audience) -> Q:
    if audience.place == Place.REGION:
        return Q(membership__role=audience.role.value, membership__region_id=plan.system.region_id)
    return Q(membership__role=audience.role.value, membership__system_id=plan.system_id)


def recipients(plan: Plan, audiences: tuple[Audience, ...]) -> list:
    """The active people of every audience, each once, in a stable order; each `email_off`
    if they turned emails off (asked with them)."""
    if not audiences:
        return []
    where = Q()
    for audience in audiences:
        where |= _audience_filter(plan, audience)
    off = EmailChoice.objects.filter(user=OuterRef("pk"), by_email=False)
    return list(
        get_user_model()
        .objects.filter(where, is_active=True)
        .annotate(email_off=Exists(off))
        .distinct()
        .order_by("pk")
    )


@dataclass(frozen=True)
class Told:
    people: int
    emails: int


def _send(messages: list[EmailMessage]) -> None:
    """Hand the emails to the backend; a failure is logged, never raised (the change is
    committed and everyone has the notification in the app)."""
    try:
        get_connection().send_messages(messages)
    except Exception:  # an email server down must not undo the change
        log.exception("could not send %d notification email(s)", len(messages))


def announce(plan: Plan, event: Event, *, link: str | None = None) -> Told:
    """Notify everyone `event` concerns: the notifications now (in the caller's transaction,
    when there is one), the emails after it commits, once the request's answer has been sent
    (the person acting does not wait for the email server)."""
    told = notice(event)
    people = recipients(plan, told.audiences)
    link = link if link is not None else f"/plans/{plan.system_id}/"
    url = f"{settings.SITE_URL}{link}"
    body = f"{told.body}\n\n{url}\n\nTurn these emails off on {settings.SITE_URL}/notifications/"
    messages = [
        EmailMessage(told.subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in people
        if not user.email_off and user.email
    ]
    # all or none, in the caller's transaction if any (no savepoint: a failure undoes it all)
    with transaction.atomic(savepoint=False):
        Notification.objects.bulk_create(
            Notification(
                user=user,
                plan=plan,
                kind=event.kind.value,
                subject=told.subject[:300],
                body=told.body,
                link=link,
            )
            for user in people
        )
        if messages:
            transaction.on_commit(lambda: after_response(lambda: _send(messages)))
    return Told(len(people), len(messages))


def event_for(plan: Plan, kind: Kind, **fields) -> Event:
    return Event(kind, plan.system.name, **fields)


def unread_key(user) -> tuple:
    return ("unread", user.pk)


def unread_count(user) -> int:
    """The header's count: one query on the (user, read_at) index, asked once by a request that
    only reads (`per_request`; a signed-in page's `footing` asks it with the actor)."""
    return once(
        unread_key(user),
        lambda: Notification.objects.filter(user=user, read_at__isnull=True).count(),
    )


# ---- deadline reminders -------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    plan: Plan
    reminder: Reminder
    recipients: int


def reminders_due(today: dt.date | None = None) -> list[DueReminder]:
    """Every plan's reminder due on `today` (the calendar's) and not yet sent."""
    today = today or calendar_today()
    plans = list(Plan.objects.select_related("system__region").order_by("system_id"))
    extensions = extensions_of(plans)
    sent = set(SentReminder.objects.values_list("plan_id", "stage", "deadline", "days_before"))
    found = []
    for plan in plans:
        reminder = reminder_due(
            today,
            Status(plan.status),
            plan.reviewing_final,
            pack_of(plan).stage_deadlines,
            extensions.get(plan.pk, {}),
        )
        if reminder is None:
            continue
        if (plan.pk, reminder.stage, reminder.date, reminder.days_before) in sent:
            continue
        event = _reminder_event(plan, reminder)
        found.append(DueReminder(plan, reminder, len(recipients(plan, notice(event).audiences))))
    return found


def _reminder_event(plan: Plan, reminder: Reminder) -> Event:
    return event_for(
        plan,
        Kind.DEADLINE,
        stage=reminder.stage,
        deadline=reminder.date,
        days_left=reminder.days_left,
    )


def send_reminder(due: DueReminder, today: dt.date) -> Told | None:
    """Record the reminder and notify, in one transaction; None when it was already sent
    (another run got there first)."""
    reminder = due.reminder
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                plan=due.plan,
                stage=reminder.stage,
                deadline=reminder.date,
                days_before=reminder.days_before,
                sent_on=today,
            )
            return announce(due.plan, _reminder_event(due.plan, reminder))
    except IntegrityError:
        return None
