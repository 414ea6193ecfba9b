"""A system lead asks the system's partners to sign off the plan as it stands: every partner
user of the system is told (app.notices holds who and in what words), and it is audited."""

from __future__ import annotations

from django.db import transaction

from ltpif.app.notices import Kind, notice
from ltpif.plans.access import Action
from ltpif.plans.workflow import Status
from ltpif.web.notifications.notify import Told, announce, event_for, recipients
from ltpif.web.planning import actions
from ltpif.web.planning.models import AuditEvent, Plan
from ltpif.web.planning.queries import document
from ltpif.web.signoffs.actions import signing_version

SETTLED = (Status.AGREED, Status.PUBLISHED)  # sign-offs are no longer recorded
NOTE_LIMIT = 1000


def request_sign_off(*, plan: Plan, note: str, by) -> Told:
    """Tell the partners (their notifications now, their emails once committed); refused for
    an agreed plan, a note too long, or a system with no partner to tell."""
    actions.require(by, Action.EDIT_PLAN, plan)
    if Status(plan.status) in SETTLED:
        raise actions.NotAllowed("The plan is agreed: its sign-offs are no longer asked for.")
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise actions.Invalid([("note", f"Keep the note to {NOTE_LIMIT} characters or fewer")])
    version = signing_version(plan, document(plan))
    event = event_for(plan, Kind.SIGN_OFF_REQUESTED, text=note, version=version)
    if not recipients(plan, notice(event).audiences):
        raise actions.Invalid(
            [
                (
                    "note",
                    "No partner of this system has an account yet: invite the partner "
                    "organisations' people on the People page, then ask again",
                )
            ]
        )
    with transaction.atomic():
        told = announce(plan, event, link=f"/plans/{plan.system_id}/engagement/")
        AuditEvent.objects.create(
            plan=plan,
            actor=by,
            action="request_sign_off",
            summary=f"Sign-off of version {version} asked of {told.people} partner(s)",
            before=None,
            after={"version": version, "note": note or None, "people": told.people},
        )
    return told
