"""Targeted funding writes: apply, decide, set an envelope. Each is one transaction with one
audit event; bad input is every problem at its form field, with nothing saved.

An award moves the line's `Envelope.awarded` by a conditional UPDATE (only while the award
still fits what remains), inside the transaction that records the decision: two awards racing
for the last of an envelope cannot both land — the second finds the row changed, is refused,
and its transaction rolls back whole.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ltpif.framework import schema as s
from ltpif.framework.fairshare import population_weights
from ltpif.framework.numbers import BadNumber, is_blank, parse_number
from ltpif.plans.access import Action, Target, can
from ltpif.plans.maturity import devolves_budgets
from ltpif.rollup.funding import block, decide_award, envelope_problems, gbp, money
from ltpif.web.funding.models import Application, DevolvedBlock, Envelope
from ltpif.web.organisations.rounds import current_pack, current_plans
from ltpif.web.planning.actions import Invalid, NotAllowed, _audit, require, retried_when_busy
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import actor_of, maturity_level, pack_of


def open_lines(pack) -> list[s.FundingStream]:
    """The pack's targeted lines open to applications (those naming who may apply)."""
    return [f for f in pack.finance.funding_stream if f.kind == "targeted" and f.applicants]


def line_of(pack, line: str) -> s.FundingStream | None:
    return next((f for f in open_lines(pack) if f.id == line), None)


def pack_envelope(stream: s.FundingStream) -> Decimal | None:
    """The envelope the seeds give: the line's amounts by year added up."""
    return money(sum(stream.amount_by_year.values())) if stream.amount_by_year else None


def envelope_of(stream: s.FundingStream, *, create: bool = False) -> Envelope | None:
    """The line's envelope: its row, once the national team has set it or an award was made;
    before that, where the seeds give the amount, the pack's (written only by an award,
    `create`, never by reading a page)."""
    found = Envelope.objects.filter(line=stream.id).first()
    amount = pack_envelope(stream)
    if found is None and amount is not None:
        if not create:
            return Envelope(line=stream.id, amount=amount, awarded=Decimal(0), from_pack=True)
        found, _ = Envelope.objects.get_or_create(
            line=stream.id, defaults={"amount": amount, "from_pack": True}
        )
    return found


def _amount(raw: str, field: str, problems: list) -> Decimal | None:
    if is_blank(raw):
        return None
    try:
        value = parse_number(raw, unit="gbp_m")
    except BadNumber as exc:
        problems.append((field, exc.message))
        return None
    if value < 0:
        problems.append((field, "Enter an amount of £0m or more"))
        return None
    return money(value)


@retried_when_busy
def apply(
    *,
    plan: Plan,
    line: str,
    applicant: str,
    amounts: dict[str, str],
    purpose: str,
    commitments: list[str],
    by,
) -> Application:
    """A system applies for a targeted line: amounts by plan year (£m), purpose, commitments."""
    require(by, Action.APPLY_FUNDING, plan)
    pack = pack_of(plan)
    stream = line_of(pack, line)
    problems: list[tuple[str, str]] = []
    if stream is None:
        problems.append(("line", "Choose one of the targeted funding lines open to applications"))
    elif applicant not in stream.applicants:
        who = ", ".join(stream.applicants)
        problems.append(("applicant", f"This line takes applications from: {who}"))
    years = pack.plan_years[1:]
    by_year = {}
    for year in years:
        value = _amount(amounts.get(year, ""), f"amount__{year}", problems)
        if value is not None and value > 0:
            by_year[year] = value
    if not by_year and not any(field.startswith("amount__") for field, _ in problems):
        problems.append(
            (f"amount__{years[0]}", "Enter the amount you apply for in at least one year")
        )
    if not purpose.strip():
        problems.append(("purpose", "Enter what the funding is for"))
    known = {c.id for c in pack.commitments}
    unknown = [c for c in commitments if c not in known]
    if unknown:
        problems.append(("commitments", f"Not commitments of the pack: {', '.join(unknown)}"))
    if problems:
        raise Invalid(problems)
    total = money(sum(by_year.values()))
    envelope = devolved_envelope(plan, pack, stream)
    with transaction.atomic():
        application = Application.objects.create(
            system_id=plan.system_id,
            line=line,
            applicant=applicant,
            amounts={year: str(value) for year, value in by_year.items()},
            requested=total,
            purpose=purpose.strip(),
            commitments=commitments,
            applied_by=by,
        )
        if envelope is not None:  # the system distributes its own block: decided at once
            field = f"amount__{next(iter(by_year))}"
            _distribute(plan, pack, stream, application, envelope, field, by)
        else:
            _audit(
                plan,
                by,
                "funding_apply",
                f"Applied for {gbp(total)} of {line}",
                None,
                {"application": application.pk, "line": line, "amounts": application.amounts},
            )
    application.refresh_from_db()
    return application


def devolved_envelope(plan: Plan, pack, stream: s.FundingStream | None) -> Envelope | None:
    """The envelope of a line devolved to this system (its moderated maturity level earns
    devolved budgets, the line is devolvable and has an envelope); None otherwise."""
    if stream is None or not stream.devolvable:
        return None
    if not devolves_budgets(pack, maturity_level(plan)):
        return None
    return envelope_of(stream)


def block_of(plan: Plan, pack, envelope: Envelope) -> Decimal:
    weights = population_weights(pack, "need_weighted_population") or {}
    return block(envelope.amount, weights, plan.system_id)


def _distribute(
    plan: Plan, pack, stream, application: Application, envelope: Envelope, field: str, by
) -> None:
    """Within the open transaction: move the system's block and the line's envelope by the
    amount (each only while it fits), and record the application as awarded in full."""
    total, line = application.requested, application.line
    share = block_of(plan, pack, envelope)
    found, _ = DevolvedBlock.objects.get_or_create(
        system_id=plan.system_id, line=line, defaults={"amount": share}
    )
    if found.amount != share:  # the envelope changed since: the block follows, never below
        DevolvedBlock.objects.filter(pk=found.pk, distributed__lte=share).update(amount=share)
    moved = DevolvedBlock.objects.filter(pk=found.pk, distributed__lte=F("amount") - total).update(
        distributed=F("distributed") + total
    )
    if not moved:
        found.refresh_from_db()
        message = (
            f"Only {gbp(found.remaining)} of the system's devolved block of "
            f"{gbp(found.amount)} remains for this line"
        )
        raise Invalid([(field, message)])
    if envelope._state.adding:  # the seeds' envelope, written by its first award
        envelope_of(stream, create=True)
    if not Envelope.objects.filter(line=line, awarded__lte=F("amount") - total).update(
        awarded=F("awarded") + total
    ):
        raise Invalid([(field, "The line's national envelope has no room left for this")])
    reason = "Distributed by the system from its devolved block"
    Application.objects.filter(pk=application.pk).update(
        status=Application.FULL,
        awarded=total,
        reason=reason,
        decided_by=by,
        decided_at=timezone.now(),
    )
    _audit(
        plan,
        by,
        "funding_devolved",
        f"Distributed {gbp(total)} of {line} from the system's devolved block",
        {"distributed": str(found.distributed), "block": str(share)},
        {"application": application.pk, "awarded": str(total), "reason": reason},
    )


@retried_when_busy
def decide(*, application: Application, award: str, refuse: bool, reason: str, by) -> Application:
    """The region (or the national team) awards in full or in part, or refuses."""
    plan = current_plans().select_related("system").get(system_id=application.system_id)
    require(by, Action.DECIDE_FUNDING, plan)
    pack = pack_of(plan)
    stream = line_of(pack, application.line)
    if application.status != Application.SUBMITTED:
        raise Invalid([("award", "This application has been decided already")])
    envelope = envelope_of(stream) if stream is not None else None
    if envelope is None and not refuse:
        message = "No national envelope is set for this line yet: the national team sets it first"
        raise Invalid([("award", message)])
    problems: list[tuple[str, str]] = []
    amount = None if refuse else _amount(award, "award", problems)
    if problems:
        raise Invalid(problems)
    remaining = envelope.remaining if envelope is not None else Decimal(0)
    decision = decide_award(
        requested=application.requested,
        award=amount,
        refuse=refuse,
        reason=reason,
        remaining=remaining,
    )
    if decision.outcome is None:
        raise Invalid(list(decision.problems))
    with transaction.atomic():
        if decision.award > 0:
            if envelope._state.adding:  # the seeds' envelope, written by its first award
                envelope_of(stream, create=True)
            moved = Envelope.objects.filter(
                line=application.line, awarded__lte=F("amount") - decision.award
            ).update(awarded=F("awarded") + decision.award)
            if not moved:  # another award took what remained since we read it
                envelope.refresh_from_db()
                raise Invalid(
                    [
                        (
                            "award",
                            f"Only {gbp(envelope.remaining)} remains of this line's national "
                            f"envelope now: another award was made meanwhile. Nothing was saved.",
                        )
                    ]
                )
        decided = Application.objects.filter(
            pk=application.pk, status=Application.SUBMITTED
        ).update(
            status=decision.outcome,
            awarded=decision.award,
            reason=reason.strip(),
            decided_by=by,
            decided_at=timezone.now(),
        )
        if not decided:  # decided by someone else meanwhile: undo the envelope's move
            raise _Rollback
        label = dict(Application.STATUSES)[decision.outcome]
        _audit(
            plan,
            by,
            "funding_decide",
            f"{label}: {gbp(decision.award)} of {application.line} (applied for "
            f"{gbp(application.requested)})",
            {"status": Application.SUBMITTED, "remaining": str(remaining)},
            {
                "application": application.pk,
                "status": decision.outcome,
                "awarded": str(decision.award),
                "reason": reason.strip(),
            },
        )
    application.refresh_from_db()
    return application


class _Rollback(Invalid):
    def __init__(self) -> None:
        super().__init__([("award", "This application has been decided already")])


@retried_when_busy
def set_envelope(*, line: str, amount: str, by) -> Envelope:
    """The national team sets the envelope of a line whose amount the seeds do not give."""
    actor = actor_of(by)
    if actor is None or not can(actor, Action.SET_ENVELOPE, Target(None, None)):
        raise NotAllowed("Only the national team sets a line's envelope.")
    pack = current_pack()
    stream = line_of(pack, line)
    if stream is None:
        raise Invalid([("line", "Choose one of the targeted funding lines open to applications")])
    if stream.amount_by_year:
        raise Invalid(
            [(f"amount__{line}", "The seeds give this line's envelope: it is not set here")]
        )
    problems: list[tuple[str, str]] = []
    value = _amount(amount, f"amount__{line}", problems)
    if value is None and not problems:
        problems.append((f"amount__{line}", "Enter the envelope in £ million"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        current = Envelope.objects.filter(line=line).first()
        before = str(current.amount) if current else None
        awarded = current.awarded if current else Decimal(0)
        found = envelope_problems(amount=value, awarded=awarded)
        if found:
            raise Invalid([(f"amount__{line}", message) for _, message in found])
        if current is None:
            current = Envelope.objects.create(line=line, amount=value, set_by=by)
        else:
            # only while the awards still fit: an award landing meanwhile is not undercut
            if not Envelope.objects.filter(line=line, awarded__lte=value).update(
                amount=value, set_by=by
            ):
                raise Invalid(
                    [(f"amount__{line}", "Awards were made meanwhile: reload and try again")]
                )
            current.refresh_from_db()
        _audit(
            None,
            by,
            "funding_envelope",
            f"Envelope of {line} set to {gbp(value)}",
            before,
            str(value),
        )
    return current
