"""Another region's agreement, one step shared by footprint change notices and landscape
changes: each region the proposal touches (other than the system's) agrees or refuses with a
reason, once; any refusal makes it not agreed, and every region agreeing sends it on to the
system's region. Also the text field and the audit event both kinds of proposal write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from django.db import transaction

from ltpif.web.planning.actions import Invalid
from ltpif.web.planning.models import AuditEvent, Plan

if TYPE_CHECKING:
    from ltpif.web.landscape.models import FootprintNotice, LandscapeChange

TEXT_LIMIT = 5000

Proposal = TypeVar("Proposal", "FootprintNotice", "LandscapeChange")


def text(form: dict[str, str], name: str, missing: str, problems: list) -> str:
    """The field's text, stripped; a problem at `name` when it is missing (unless `missing`
    is empty: then it is optional) or longer than TEXT_LIMIT."""
    value = form.get(name, "").strip()
    if not value and missing:
        problems.append((name, missing))
    elif len(value) > TEXT_LIMIT:
        problems.append((name, f"Keep this to {TEXT_LIMIT} characters or fewer"))
    return value


def audit(proposal, by, action: str, summary: str, after: dict, *, key: str) -> None:
    """An audit event against the proposing system's plan; `after` names the proposal by
    `key` ("notice", "landscape_change")."""
    AuditEvent.objects.create(
        plan=Plan.objects.filter(system=proposal.system).first(),
        actor=by,
        action=action,
        summary=summary[:300],
        before=None,
        after={key: proposal.pk, **after},
    )


def awaited(regions: Iterable[str]) -> dict[str, dict]:
    """A new proposal's agreements: each region's answer still to come."""
    return {r: {"answer": "", "reason": "", "by": None} for r in sorted(regions)}


def agree(
    locked: Callable[[], Proposal],
    *,
    region: str,
    form: dict[str, str],
    by,
    already: str,
    action: str,
    what: str,
    key: str,
) -> Proposal:
    """`region` agrees to the proposal or refuses (with a reason). The form is checked first
    (every problem at its field); then `locked()` fetches the proposal for update (refusing
    one no longer awaiting agreement), a region that has answered is told `already`, and the
    answer, the status all the answers give and an audit event `action` ("Region X agreed
    `what` N") are written in one transaction."""
    answer = form.get("answer", "")
    problems: list[tuple[str, str]] = []
    if answer not in ("agreed", "refused"):
        problems.append(("answer", "Choose whether your region agrees"))
    reason = text(form, "agreement_reason", "", problems)
    if answer == "refused" and not reason:
        problems.append(("agreement_reason", "Enter why your region does not agree"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        proposal = locked()
        if proposal.agreements.get(region, {}).get("answer", None) != "":
            raise Invalid([("answer", already)])
        proposal.agreements[region] = {"answer": answer, "reason": reason, "by": by.pk}
        answers = [a["answer"] for a in proposal.agreements.values()]
        if "refused" in answers:
            proposal.status = proposal.NOT_AGREED
        elif all(a == "agreed" for a in answers):
            proposal.status = proposal.SUBMITTED
        proposal.save(update_fields=["agreements", "status"])
        audit(
            proposal,
            by,
            action,
            f"Region {region} {answer} {what} {proposal.pk}",
            {"region": region, "answer": answer, "reason": reason},
            key=key,
        )
    return proposal
