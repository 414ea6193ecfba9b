"""`ltpif users import` and `ltpif users create-national`: the same checks and the same
invitations as the web's invite form, for many people at once, all or nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.interchange.people_csv import PersonRow
from ltpif.plans.workflow import Role
from ltpif.web.people.actions import Newcomer, check_newcomer, invite_all, organisation_places
from ltpif.web.planning.models import Membership

# the invite form's fields → the file's columns (the organisation code places a person)
COLUMN_OF = {
    "email": "email",
    "name": "name",
    "role": "role",
    "organisation": "organisation code",
    "system": "organisation code",
    "region": "organisation code",
}


def check_people(file: str, rows: list[PersonRow]) -> tuple[list[Newcomer], list[Problem]]:
    """Each row checked as the invite form checks it, and against the rows above it."""
    places = organisation_places()
    newcomers, problems, first_line = [], [], {}
    for row in rows:
        fields = {
            "email": row.email,
            "name": row.name,
            "role": row.role,
            "organisation": row.organisation_code,
        }
        newcomer, found = check_newcomer(fields, None, places)
        problems += [
            Problem(file, row.line, COLUMN_OF[field], _with_value(field, row, text))
            for field, text in found
        ]
        email = row.email.strip().lower()
        if email and email in first_line:
            problems.append(
                Problem(file, row.line, "email", f"{email} is on line {first_line[email]} too")
            )
        first_line.setdefault(email, row.line)
        if newcomer is not None:
            newcomers.append(newcomer)
    return newcomers, problems


def _with_value(field: str, row: PersonRow, text: str) -> str:
    """A bad address is shown with what was given (the other messages quote their values)."""
    if field == "email" and row.email and "already has an account" not in text:
        return f"{quoted(row.email)}: {text}"
    return text


def import_people(file: str, rows: list[PersonRow]) -> list[tuple[Membership, str]]:
    """Invite everyone in the file, or no one: InputError with every problem."""
    with transaction.atomic():
        newcomers, problems = check_people(file, rows)
        if problems:
            raise InputError(problems)
        return invite_all(
            newcomers, by=None, base_url=settings.SITE_URL, source=f"ltpif users import {file}"
        )


def create_national(email: str, name: str) -> tuple[Membership, str]:
    """The first national user of an empty database, and their one-time link."""
    with transaction.atomic():
        existing = Membership.objects.filter(role=Role.NATIONAL, user__is_active=True).first()
        if existing is not None:
            raise InputError(
                [
                    Problem(
                        email,
                        None,
                        "",
                        f"the national user {existing.user.username} exists already: they "
                        "invite the others on the People page",
                    )
                ]
            )
        fields = {"email": email, "name": name or email, "role": Role.NATIONAL.value}
        newcomer, found = check_newcomer(fields, None, {})
        if newcomer is None:
            raise InputError([Problem(email, None, field, text) for field, text in found])
        [made] = invite_all(
            [newcomer], by=None, base_url=settings.SITE_URL, source="ltpif users create-national"
        )
        return made
