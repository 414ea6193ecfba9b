"""Signing a plan version, and resolving or withdrawing concerns, from the web."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ltpif.framework.typed import parse
from ltpif.plans.access import Action
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.document import SignOff
from ltpif.plans.signoffs import content_sha256
from ltpif.web.organisations.models import Organisation
from ltpif.web.planning import actions
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import document

# the partner types (pack geography ids) a user of an organisation type may sign for: an
# upper-tier authority hosts its health and wellbeing board; trusts provide community services
PARTNERS_OF_TYPE: dict[str, tuple[str, ...]] = {
    "local_authority": ("local-authority", "health-and-wellbeing-board"),
    "district": ("local-authority",),
    "ccg": ("ccg",),
    "trust": ("trust", "community-provider"),
    "pcn": ("primary-care-provider",),
    "gp_practice": ("primary-care-provider",),
}
# a partner with no organisation of a signing type in the system signs for local government
FALLBACK = ("local-authority",)
CLOSINGS = {"resolved": "Resolved", "withdrawn": "Withdrawn"}


@dataclass(frozen=True)
class Signer:
    organisation: str | None  # the code, as given when the person was invited
    name: str  # the organisation's name when it is in the system's footprint
    partners: tuple[str, ...]


def signer_of(user, plan: Plan) -> Signer:
    """Who `user` signs for on `plan`: their organisation (people.Person) and the partner types
    its kind allows, when it is in the system's footprint; else local government."""
    person = getattr(user, "person", None)
    code = (getattr(person, "organisation_code", "") or "").strip().upper() or None
    if code is None:
        return Signer(None, "", FALLBACK)
    found = Organisation.objects.filter(code__iexact=code, footprint__system=plan.system_id)
    partners: list[str] = []
    name = ""
    for organisation in found:
        name = name or organisation.name
        partners += [p for p in PARTNERS_OF_TYPE.get(organisation.type, ()) if p not in partners]
    return Signer(code, name, tuple(partners) or FALLBACK)


def signing_version(plan: Plan, doc: PlanDocument) -> int:
    """The number of the version a partner signs now: the latest version when the working copy
    is that plan (sign-offs aside), else the next (the working copy, as it will be submitted)."""
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        return 1
    same = content_sha256(parse(PlanDocument, latest.document)) == content_sha256(doc)
    return latest.number if same else latest.number + 1


def signing_fields(plan: Plan) -> dict[str, str]:
    """The hidden fields of the sign-off form: the version shown and its content hash."""
    doc = document(plan)
    return {"version": str(signing_version(plan, doc)), "plan_sha256": content_sha256(doc)}


def stale_message(shown: str, now: int) -> str:
    if shown == str(now):
        return (
            f"The plan has changed since you opened version {shown} to sign it. Nothing was "
            "saved: read the plan as it is now and sign that."
        )
    return (
        f"You were signing version {shown}, but the plan is now version {now}. Nothing was "
        "saved: read the latest version and sign that."
    )


def sign(*, plan: Plan, fields: dict[str, str], by) -> None:
    """Record `by`'s sign-off of (or concerns about) the version they were shown: `fields` has
    partner, status, date, concerns, name, and the form's version and plan_sha256. Signing a
    version that is not the latest is refused, with nothing saved."""
    signer = signer_of(by, plan)
    problems: list[tuple[str, str]] = []
    if fields.get("partner", "") not in signer.partners:
        allowed = ", ".join(p.replace("-", " ") for p in signer.partners)
        problems.append(("partner", f"You may sign only for: {allowed}"))
    shown, seen = fields.get("version", ""), fields.get("plan_sha256", "")
    if not shown or not seen:
        problems.append(("version", "Open the plan again and sign the version shown"))
    entry = {
        k: fields[k] for k in ("partner", "name", "status", "date", "concerns") if fields.get(k)
    }
    entry.setdefault("name", signer.name)
    if not entry["name"]:
        problems.append(("name", "Enter the name of the organisation"))
    if entry.get("status") == "concerns" and not entry.get("concerns"):
        problems.append(("concerns", "Say what the concerns are"))
    if problems:
        raise actions.Invalid(problems)

    def stamp(doc: PlanDocument, record: SignOff) -> SignOff:
        now = signing_version(plan, doc)
        if str(now) != shown or content_sha256(doc) != seen:
            raise actions.Invalid([("version", stale_message(shown, now))])
        return dataclasses.replace(
            record, version=now, plan_sha256=seen, organisation=signer.organisation
        )

    actions.record_sign_off(plan=plan, sign_off=entry, by=by, stamp=stamp)


@actions.retried_when_busy
def close_concerns(*, plan: Plan, index: int, outcome: str, note: str, by) -> None:
    """The partner who recorded concerns resolves or withdraws them, with a note."""
    problems: list[tuple[str, str]] = []
    if outcome not in CLOSINGS:
        problems.append(("outcome", "Select whether the concerns are resolved or withdrawn"))
    note = note.strip()
    if not note:
        problems.append(("note", "Enter a note saying how the concerns were dealt with"))
    if problems:
        raise actions.Invalid(problems)
    signer = signer_of(by, plan)
    plan.refresh_from_db()
    doc = actions._editable(plan, by, Action.SIGN_OFF)
    if not 0 <= index < len(doc.sign_offs):
        raise actions.Invalid([("index", "The plan has no such sign-off")])
    entry = doc.sign_offs[index]
    if entry.status != "concerns" or entry.concerns_closed is not None:
        raise actions.Invalid([("index", "That sign-off has no open concerns")])
    if entry.organisation != signer.organisation or entry.partner not in signer.partners:
        raise actions.NotAllowed("Only the partner who raised the concerns may close them.")
    closed = dataclasses.replace(entry, concerns_closed=outcome, closing_note=note)
    sign_offs: list[Any] = list(doc.sign_offs)
    sign_offs[index] = closed
    actions._save_working(
        plan,
        dataclasses.replace(doc, sign_offs=sign_offs),
        plan.lock_version,
        by,
        "close_concerns",
        f"Concerns of {entry.name} {outcome}",
        {"concerns": entry.concerns},
        {"concerns_closed": outcome, "closing_note": note},
    )
