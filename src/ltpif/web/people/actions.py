"""Inviting people, accepting an invitation, changing a role, deactivating, resending: each
write is one transaction with one audit event (planning.AuditEvent, with no plan). The web
pages and `ltpif users` both come here; who may manage whom is `plans.access.may_manage`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ltpif.plans.access import Actor, Target, manageable_roles, may_manage
from ltpif.plans.workflow import Role
from ltpif.web.maturity.queries import earned, not_earned_message
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.people.models import Invitation, Person
from ltpif.web.planning.actions import Invalid, NotAllowed, retried_when_busy
from ltpif.web.planning.models import AuditEvent, Membership, Region, System

INVITATION_DAYS = 7
NAME_LIMIT = 150  # Django's user name and our Person.name
PASSWORD_LIMIT = 128  # long enough for any pass phrase; hashing a megabyte is not free
SYSTEM_ROLES = frozenset({Role.SYSTEM_LEAD, Role.LA_PARTNER, Role.ICS_ASSURANCE})


def ics_problem(role: Role, system: str | None) -> str | None:
    """Why `system` cannot have an ICS assurance user: its moderated maturity does not earn a
    growing assurance role (None when it does, or for any other role)."""
    if role != Role.ICS_ASSURANCE or system is None:
        return None
    plan = current_plans().filter(system_id=system).select_related("system").first()
    if plan is None:
        return "The system has no plan in this round to assure"
    return None if earned(plan) else not_earned_message(plan)


def organisation_places() -> dict[str, Target]:
    """Every organisation code a person may belong to in this round → where it places them
    (the system, or only the region, or nowhere in particular). The one place codes are
    checked, for the invitation form and `ltpif users import` alike.

    The round's systems and regions, by ODS code (QOP, Y56) and ONS code (E54000007), and the
    organisations of their footprints (trusts, CCGs, authorities, …)."""
    places: dict[str, Target] = {}
    for region in Region.objects.all():
        places[region.ods.upper()] = places[region.code.upper()] = Target(None, region.code)
    for system in System.objects.all():
        here = Target(system.code, system.region_id)
        places[system.ods.upper()] = places[system.code.upper()] = here
    return _more_organisations() | places


def _more_organisations() -> dict[str, Target]:
    """The round's organisations (trusts, local authorities, …), by upper-case code: where each
    places a person — Target(its system, its region) when it is in one system, Target(None,
    region) when in several systems of one region, Target(None, None) when across regions."""
    places: dict[str, set[tuple[str, str]]] = {}
    for code, system, region in Footprint.objects.values_list(
        "organisation__code", "system_id", "system__region_id"
    ):
        places.setdefault(code.upper(), set()).add((system, region))
    for code in Organisation.objects.filter(footprint__isnull=True).values_list("code", flat=True):
        places.setdefault(code.upper(), set())
    return {code: _target(systems) for code, systems in places.items()}


def _target(systems: set[tuple[str, str]]) -> Target:
    if len(systems) == 1:
        ((system, region),) = systems
        return Target(system, region)
    regions = {region for _, region in systems}
    return Target(None, regions.pop() if len(regions) == 1 else None)


@dataclass(frozen=True)
class Newcomer:
    """A person to invite, checked."""

    email: str
    name: str
    role: Role
    organisation_code: str
    system: str | None
    region: str | None


def role_named(text: str) -> Role | None:
    """A role by its value (`la_partner`) or its label (`Local government partner`)."""
    wanted = " ".join(text.split()).casefold()
    for role in Role:
        if wanted in (role.value, role.label.casefold()):
            return role
    return None


def email_taken(email: str) -> bool:
    return (
        get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()
    )


def _email_problem(email: str) -> str | None:
    if not email:
        return "Enter their email address"
    if len(email) > NAME_LIMIT:
        return f"Enter an email address of {NAME_LIMIT} characters or fewer"
    try:
        validate_email(email)
    except ValidationError:
        return "Enter an email address in the correct format, like name@example.nhs.uk"
    return None


def check_newcomer(
    fields: Mapping[str, str], actor: Actor | None, places: Mapping[str, Target]
) -> tuple[Newcomer | None, list[tuple[str, str]]]:
    """The person described by `fields` (email, name, role, organisation, and on the form
    system or region), or the problems, by field. `actor` None: the command line, which may
    invite anyone; else only people the actor manages."""
    problems: list[tuple[str, str]] = []
    email = fields.get("email", "").strip().lower()
    name = " ".join(fields.get("name", "").split())
    found = _email_problem(email)
    if found:
        problems.append(("email", found))
    elif email_taken(email):
        problems.append(("email", f"{email} already has an account"))
    if not name:
        problems.append(("name", "Enter their full name"))
    elif len(name) > NAME_LIMIT:
        problems.append(("name", f"Enter a name of {NAME_LIMIT} characters or fewer"))
    role_text = fields.get("role", "").strip()
    role = role_named(role_text) if role_text else None
    allowed = list(Role) if actor is None else manageable_roles(actor)
    if role is None or role not in allowed:
        choices = ", ".join(r.value for r in allowed) or "none: you cannot invite anyone"
        said = f"{role_text!r} is not a role you can give" if role_text else "Select a role"
        problems.append(("role", f"{said} (one of {choices})"))
    code = fields.get("organisation", "").strip().upper()
    place = places.get(code) if code else None
    if code and place is None:
        problems.append(("organisation", f"{code} is not an organisation of this round"))
    system, region = _scope(fields, place)
    if role in SYSTEM_ROLES and system is None:
        problems.append(
            ("system", "Select the system they work on")
            if "system" in fields
            else ("organisation", "Give the code of their system, or of an organisation in one")
        )
    if role == Role.REGIONAL_LEAD and region is None:
        problems.append(
            ("region", "Select their region")
            if "region" in fields
            else ("organisation", "Give the code of their region")
        )
    if role is not None and not problems:
        system, region = _kept(role, system, region)
        if actor is not None and not may_manage(actor, role, Target(system, region)):
            problems.append(
                ("system" if role in SYSTEM_ROLES else "role", "You cannot invite people there")
            )
        elif found := ics_problem(role, system):
            problems.append(("role", found))
    if problems or role is None:
        return None, problems
    return Newcomer(email, name, role, code, system, region), []


def _kept(role: Role, system: str | None, region: str | None) -> tuple[str | None, str | None]:
    """The place a role keeps: a system (and its region) for system roles, a region for
    regional leads, none for national users and observers."""
    if role in SYSTEM_ROLES:
        return system, region
    if role == Role.REGIONAL_LEAD:
        return None, region
    return None, None


def _scope(fields: Mapping[str, str], place: Target | None) -> tuple[str | None, str | None]:
    """The system and region a person is placed in: chosen on the form, else by organisation."""
    system_code = fields.get("system", "").strip()
    region_code = fields.get("region", "").strip()
    system = System.objects.filter(code=system_code).first() if system_code else None
    if system is not None:
        return system.code, system.region_id
    if region_code and Region.objects.filter(code=region_code).exists():
        return None, region_code
    if place is not None:
        return place.system, place.region
    return None, None


def place_of(membership: Membership) -> Target:
    if membership.system_id is not None:
        return Target(membership.system_id, membership.system.region_id)
    return Target(None, membership.region_id)


def scope_words(membership: Membership) -> str:
    return str(membership.system or membership.region or "all systems")


def _audit(by, action: str, summary: str, before, after) -> None:
    AuditEvent.objects.create(
        plan=None, actor=by, action=action, summary=summary[:300], before=before, after=after
    )


def _record(membership: Membership) -> dict:
    return {
        "user": membership.user.username,
        "role": membership.role,
        "system": membership.system_id,
        "region": membership.region_id,
        "active": membership.user.is_active,
    }


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/invitations/{token}/"


def _new_invitation(user, by) -> str:
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        sha256=_sha256(token),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    return token


def _expire_open_invitations(user) -> None:
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at=None, expires_at__gt=now).update(expires_at=now)


def invitation_email(membership: Membership, url: str, by) -> EmailMessage:
    person = Person.objects.filter(user=membership.user).first()
    who = person.name if person else membership.user.username
    inviter = "The ltpif team" if by is None else _name_of(by)
    expires = timezone.localtime(timezone.now() + dt.timedelta(days=INVITATION_DAYS))
    body = (
        f"Hello {who},\n\n"
        f"{inviter} has invited you to ltpif, the Long Term Plan implementation service, as "
        f"{Role(membership.role).label} ({scope_words(membership)}).\n\n"
        f"To set your password, open this link before {expires:%-d %B %Y at %H:%M}:\n\n"
        f"{url}\n\n"
        f"The link works once. Then sign in with your username: {membership.user.username}\n\n"
        "If you did not expect this email, you can ignore it.\n"
    )
    return EmailMessage(
        "Your invitation to ltpif", body, settings.DEFAULT_FROM_EMAIL, [membership.user.email]
    )


def _name_of(user) -> str:
    person = Person.objects.filter(user=user).first()
    return person.name if person else user.username


@transaction.atomic
def invite_all(
    newcomers: list[Newcomer], *, by, base_url: str, source: str = ""
) -> list[tuple[Membership, str]]:
    """Make each person's account (no password yet), role and invitation, and email each their
    link; all or nothing (an email that cannot be sent undoes every account)."""
    made = []
    for newcomer in newcomers:
        if email_taken(newcomer.email):
            raise Invalid([("email", f"{newcomer.email} already has an account")])
        try:
            with transaction.atomic():  # another invitation of the same address at once
                user = get_user_model().objects.create_user(newcomer.email, newcomer.email)
        except IntegrityError:
            raise Invalid([("email", f"{newcomer.email} already has an account")]) from None
        user.set_unusable_password()
        user.save()
        Person.objects.create(
            user=user, name=newcomer.name, organisation_code=newcomer.organisation_code
        )
        membership = Membership.objects.create(
            user=user,
            role=newcomer.role,
            system_id=newcomer.system,
            region_id=None if newcomer.system else newcomer.region,
        )
        membership = Membership.objects.select_related("user", "system", "region").get(
            pk=membership.pk
        )
        token = _new_invitation(user, by)
        _audit(
            by,
            "person_invited",
            f"Invited {newcomer.name} <{newcomer.email}> as {newcomer.role.label} "
            f"({scope_words(membership)})" + (f" by {source}" if source else ""),
            None,
            _record(membership)
            | {"name": newcomer.name, "organisation": newcomer.organisation_code},
        )
        made.append((membership, link(base_url, token)))
    get_connection().send_messages([invitation_email(m, url, by) for m, url in made])
    return made


@retried_when_busy
def invite(newcomer: Newcomer, *, by, base_url: str) -> tuple[Membership, str]:
    return invite_all([newcomer], by=by, base_url=base_url)[0]


# Why a link does not work: (title, message, HTTP status) for the page that says so.
UNKNOWN, EXPIRED, USED, CLOSED = "unknown", "expired", "used", "closed"
LINK_PROBLEMS = {
    UNKNOWN: (
        "This link does not work",
        "This invitation link is not one we sent, or it was copied incompletely. Check the "
        "link in your email, or ask the person who invited you to send a new invitation.",
        404,
    ),
    EXPIRED: (
        "This invitation has expired",
        f"Invitation links work for {INVITATION_DAYS} days, and only the latest one sent. "
        "Ask the person who invited you to send a new invitation. Nothing has changed.",
        410,
    ),
    USED: (
        "This invitation has already been used",
        "Each invitation link works once, and a password was set with this one. Sign in with "
        "your username and password. Nothing has changed.",
        410,
    ),
    CLOSED: (
        "This account is closed",
        "The account this invitation was for has been deactivated. Nothing has changed.",
        410,
    ),
}


def open_invitation(token: str) -> tuple[Invitation | None, str | None]:
    """The invitation a link's token opens, or why it does not."""
    found = (
        Invitation.objects.select_related("user").filter(sha256=_sha256(token)).first()
        if len(token) < 100
        else None
    )
    if found is None:
        return None, UNKNOWN
    if found.used_at is not None:
        return found, USED
    if not found.user.is_active:
        return found, CLOSED
    if found.expires_at <= timezone.now():
        return found, EXPIRED
    return found, None


@retried_when_busy
def accept(token: str, password: str, confirmation: str):
    """Set the invited user's password from a working link, once; the user. Raises Invalid
    (by field) for a password the validators refuse, or LinkProblem."""
    with transaction.atomic():
        invitation, problem = open_invitation(token)
        if invitation is not None:  # lock it: two tabs posting at once set one password
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            _, problem = open_invitation(token)
        if problem is not None or invitation is None:
            raise LinkProblem(problem or UNKNOWN)
        user = invitation.user
        problems = []
        if not password:
            problems.append(("password", "Enter a password"))
        elif len(password) > PASSWORD_LIMIT:
            problems.append(
                ("password", f"Enter a password of {PASSWORD_LIMIT} characters or fewer")
            )
        else:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                problems += [("password", message) for message in exc.messages]
        if password and password != confirmation:
            problems.append(("confirmation", "Enter the same password twice"))
        if problems:
            raise Invalid(problems)
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        _audit(
            user,
            "invitation_accepted",
            f"{user.username} set a password",
            None,
            {"user": user.username},
        )
    return user


class LinkProblem(Exception):
    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(LINK_PROBLEMS[kind][1])


class CannotNow(Exception):
    """The person's account is not in a state for this (already active, deactivated)."""


def _managed(actor: Actor, membership: Membership) -> None:
    if not may_manage(actor, Role(membership.role), place_of(membership)):
        raise NotAllowed("You do not manage this person's account.")


@retried_when_busy
@transaction.atomic
def change_role(
    membership: Membership, *, actor: Actor, role: str, system: str, region: str, by
) -> Membership:
    """Give a person another role or place, both of which the actor manages."""
    _managed(actor, membership)
    if membership.user_id == by.pk:
        raise NotAllowed("You cannot change your own role: ask someone who manages yours.")
    new_role = role_named(role) if role else None
    if new_role is None or new_role not in manageable_roles(actor):
        raise Invalid([("role", "Select a role")])
    fields = {"system": system, "region": region}
    new_system, new_region = _scope(fields, None)
    if new_role in SYSTEM_ROLES and new_system is None:
        raise Invalid([("system", "Select the system they work on")])
    if new_role == Role.REGIONAL_LEAD and new_region is None:
        raise Invalid([("region", "Select their region")])
    new_system, new_region = _kept(new_role, new_system, new_region)
    if not may_manage(actor, new_role, Target(new_system, new_region)):
        raise Invalid([("system", "You cannot give a role there")])
    if found := ics_problem(new_role, new_system):
        raise Invalid([("role", found)])
    before = _record(membership)
    membership.role = new_role.value
    membership.system_id = new_system
    membership.region_id = None if new_system else new_region
    membership.save()
    membership = Membership.objects.select_related("user", "system", "region").get(pk=membership.pk)
    after = _record(membership)
    if before != after:
        _audit(
            by,
            "role_changed",
            f"{membership.user.username} is now {new_role.label} ({scope_words(membership)})",
            before,
            after,
        )
    return membership


@retried_when_busy
@transaction.atomic
def deactivate(membership: Membership, *, actor: Actor, by) -> None:
    """Close the account: the person can no longer sign in or use an API token; their name
    stays on everything they did. Nothing is deleted."""
    _managed(actor, membership)
    user = membership.user
    if user.pk == by.pk:
        raise NotAllowed("You cannot deactivate your own account.")
    if not user.is_active:
        raise CannotNow("This account is deactivated already.")
    before = _record(membership)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _expire_open_invitations(user)
    _audit(by, "person_deactivated", f"Deactivated {user.username}", before, _record(membership))


@retried_when_busy
@transaction.atomic
def resend(membership: Membership, *, actor: Actor, by, base_url: str) -> str:
    """A new link for someone who has not set a password yet; the earlier links expire."""
    _managed(actor, membership)
    user = membership.user
    if not user.is_active:
        raise CannotNow("This account is deactivated: it cannot be invited again.")
    if user.has_usable_password():
        raise CannotNow("This person has set their password already: they can sign in.")
    _expire_open_invitations(user)
    url = link(base_url, _new_invitation(user, by))
    _audit(
        by,
        "invitation_resent",
        f"Sent {user.username} a new invitation",
        None,
        {"user": user.username},
    )
    invitation_email(membership, url, by).send()
    return url


def status_of(user, invitations: list[Invitation]) -> str:
    """Active, Invited, Invitation expired or Deactivated: what the people list shows."""
    if not user.is_active:
        return "Deactivated"
    if user.has_usable_password():
        return "Active"
    now = timezone.now()
    if any(i.used_at is None and i.expires_at > now for i in invitations):
        return "Invited"
    return "Invitation expired"


def people_managed_by(actor: Actor):
    """The memberships of everyone `actor` manages, with their user, person and invitations."""
    found = Membership.objects.select_related("user", "system", "region", "user__person")
    roles = [r.value for r in manageable_roles(actor)]
    if actor.role == Role.NATIONAL:
        found = found.filter(role__in=roles)
    elif actor.role == Role.REGIONAL_LEAD:
        found = found.filter(role__in=roles, system__region_id=actor.region)
    elif actor.role == Role.SYSTEM_LEAD:
        found = found.filter(role__in=roles, system_id=actor.system)
    else:
        found = found.none()
    return found.prefetch_related("user__invitations").order_by("user__username")


def events_about(user) -> list[AuditEvent]:
    """The audit events of changes to this person's account, newest first."""
    return list(
        AuditEvent.objects.filter(plan=None, action__in=PEOPLE_ACTIONS)
        .filter(Q(before__user=user.username) | Q(after__user=user.username))
        .select_related("actor")[:50]
    )


PEOPLE_ACTIONS = (
    "person_invited",
    "invitation_resent",
    "invitation_accepted",
    "role_changed",
    "person_deactivated",
)
