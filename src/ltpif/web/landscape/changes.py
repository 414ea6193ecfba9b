"""Landscape changes (issue 16 item 4): a system proposes a merger, new structure or shared
decision making arrangement; any other region whose organisations it names agrees first; the
system's region assesses it on the pack's checklist (which puts it on the standard timetable
or the fast track) and then approves it from a date or refuses it with a reason. An approved
merger replaces its organisations by the successor in the organisation list from that date.

Each step checks all of its input first (every problem at its field), then writes in one
transaction with an audit event; a step already taken is never taken twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ltpif.app.dates import BadDate, parse_date
from ltpif.framework.pack import Pack
from ltpif.geography.landscape import STANDARD, assess, due
from ltpif.web.landscape import agreement
from ltpif.web.landscape.agreement import text as _text
from ltpif.web.landscape.models import LandscapeChange, Succession
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.organisations.views import CODE, NAME_LIMIT
from ltpif.web.planning.actions import Invalid
from ltpif.web.planning.models import System

Problems = list[tuple[str, str]]


def kinds(pack: Pack) -> dict[str, str]:
    """The pack's kinds of landscape change: id → name."""
    return {k.id: k.name for k in pack.maturity.landscape_change}


def merges(pack: Pack, kind: str) -> bool:
    return any(k.merges for k in pack.maturity.landscape_change if k.id == kind)


def date_from(form: dict[str, str], name: str, problems: Problems) -> dt.date | None:
    """An NHS date input's day, month and year (`name-day`, `name-month`, `name-year`), read by
    the one date parser; a problem at `name` (the day box) when missing or not a date."""
    try:
        return parse_date(
            *(form.get(f"{name}-{part}", "") for part in ("day", "month", "year")), required=True
        )
    except BadDate as exc:
        problems.append((name, exc.message))
        return None


def _audit(change: LandscapeChange, by, action: str, summary: str, after: dict) -> None:
    agreement.audit(change, by, action, summary, after, key="landscape_change")


def _by_code(code: str, problems: Problems, field: str) -> Organisation | None:
    """The one organisation of the round's list with `code`, or a problem at `field`."""
    found = list(Organisation.objects.filter(code__iexact=code)[:2])
    if not found:
        problems.append((field, f"{code} is not in the round's organisation list"))
        return None
    if len(found) > 1:
        problems.append((field, f"{code} names more than one organisation: choose it above"))
        return None
    return found[0]


def _chosen(system: System, chosen: list[str], others: str, problems: Problems) -> list:
    """The organisations the proposal names: picked from the system's footprint, and typed
    as codes of the round's list for organisations of other systems."""
    ids = [c for c in chosen if c.isdigit()]
    picked = list(Organisation.objects.filter(pk__in=ids, footprint__system=system).distinct())
    if len(picked) != len(set(chosen)):
        problems.append(
            ("organisations", f"Choose only organisations in the footprint of {system.name}")
        )
    for code in (c.strip() for c in others.replace(",", " ").split()):
        if not CODE.fullmatch(code):
            problems.append(("other_codes", f"{code[:40]!r} is not an organisation code"))
        elif (org := _by_code(code, problems, "other_codes")) is not None and org not in picked:
            picked.append(org)
    if not picked and not any(f in ("organisations", "other_codes") for f, _ in problems):
        problems.append(("organisations", "Choose the organisations the change involves"))
    return picked


def regions_touched(system: System, organisations: list[Organisation]) -> set[str]:
    """The regions other than the system's whose systems' footprints hold an organisation
    the change names: each must agree before the system's region assesses it."""
    regions = set(
        Footprint.objects.filter(organisation__in=organisations).values_list(
            "system__region_id", flat=True
        )
    )
    return regions - {system.region_id}


def _successor(
    form: dict[str, str], organisations: list[Organisation], problems: Problems
) -> tuple[Organisation | None, str, str]:
    """A merger's successor: an organisation of the round's list, or a new one (code, name)."""
    code = form.get("successor", "").strip()
    name = form.get("successor_name", "").strip()
    if not code:
        problems.append(("successor", "Enter the code of the organisation they merge into"))
        return None, "", ""
    if not CODE.fullmatch(code):
        problems.append(("successor", f"{code[:40]!r} is not an organisation code"))
        return None, "", ""
    into_itself = [o for o in organisations if o.code.casefold() == code.casefold()]
    if into_itself:
        problems.append(
            (
                "successor",
                f"{into_itself[0].name} ({into_itself[0].code}) cannot merge into itself: "
                "name the organisation it merges into, or leave it out of those merging",
            )
        )
        return None, "", ""
    if Organisation.objects.filter(code__iexact=code).exists():
        return _by_code(code, problems, "successor"), "", ""
    if not name:
        problems.append(
            (
                "successor_name",
                f"{code} is not in the round's organisation list: enter the name of the new "
                "organisation",
            )
        )
    elif len(name) > NAME_LIMIT:
        problems.append(("successor_name", f"Keep the name to {NAME_LIMIT} characters or fewer"))
    return None, code, name


def propose(
    *,
    system: System,
    form: dict[str, str],
    chosen: list[str],
    today: dt.date,
    pack: Pack,
    by,
) -> LandscapeChange:
    problems: Problems = []
    kind = form.get("kind", "")
    if kind not in kinds(pack):
        problems.append(("kind", "Choose the type of change"))
    organisations = _chosen(system, chosen, form.get("other_codes", ""), problems)
    successor, successor_code, successor_name = None, "", ""
    if merges(pack, kind) and organisations:
        successor, successor_code, successor_name = _successor(form, organisations, problems)
        if len({o.type for o in organisations}) > 1:
            problems.append(("organisations", "Organisations of different types cannot merge"))
        elif successor is not None and successor.type != organisations[0].type:
            problems.append(
                ("successor", f"{successor.name} is not of the same type as those merging")
            )
        if successor is None and successor_code and len(organisations) < 2:
            problems.append(
                ("organisations", "A new organisation is formed from two or more: choose them")
            )
        already = Succession.objects.filter(predecessor__in=organisations).select_related(
            "predecessor", "successor"
        )
        for s in already:
            problems.append(
                (
                    "organisations",
                    f"{s.predecessor.name} has already merged into {s.successor.name} "
                    f"from {s.effective:%-d %B %Y}",
                )
            )
    intended = date_from(form, "intended", problems)
    if intended is not None and intended < today:
        problems.append(("intended", "The intended date must be today or later"))
    reason = _text(form, "reason", "Enter why the change is proposed", problems)
    if problems:
        raise Invalid(problems)
    assert intended is not None
    regions = regions_touched(system, organisations)
    with transaction.atomic():
        change = LandscapeChange.objects.create(
            system=system,
            kind=kind,
            successor=successor,
            successor_code=successor_code,
            successor_name=successor_name,
            intended=intended,
            reason=reason,
            submitted_by=by,
            submitted_on=today,
            status=LandscapeChange.AWAITING_AGREEMENT if regions else LandscapeChange.SUBMITTED,
            agreements=agreement.awaited(regions),
            decision_due=due(pack, today, STANDARD),
        )
        change.organisations.set(organisations)
        _audit(
            change,
            by,
            "landscape_change",
            f"{kinds(pack)[kind]} proposed by {system.name}: "
            + ", ".join(o.code for o in organisations),
            {
                "kind": kind,
                "organisations": sorted(o.code for o in organisations),
                "successor": successor.code if successor else successor_code,
                "intended": intended.isoformat(),
                "other_regions": sorted(regions),
            },
        )
    return change


def _open(pk: int, status: str, field: str) -> LandscapeChange:
    change = LandscapeChange.objects.select_for_update().get(pk=pk)
    if change.status != status:
        waiting = change.status == LandscapeChange.AWAITING_AGREEMENT
        raise Invalid(
            [
                (
                    field,
                    "Another region whose organisations it names has not agreed yet: "
                    "nothing was changed"
                    if waiting
                    else "This step has already been taken: nothing was changed",
                )
            ]
        )
    return change


def agree(*, change_pk: int, region: str, form: dict[str, str], by) -> LandscapeChange:
    """A region whose organisations the change names agrees to it or refuses (with a reason)."""
    return agreement.agree(
        lambda: _open(change_pk, LandscapeChange.AWAITING_AGREEMENT, "answer"),
        region=region,
        form=form,
        by=by,
        already="Your region has already answered this proposal",
        action="landscape_agreement",
        what="landscape change",
        key="landscape_change",
    )


def record_checklist(*, change_pk: int, form: dict[str, str], pack: Pack, by) -> LandscapeChange:
    """The region's checklist: each criterion met or not (a note saying why one is not met);
    every fast-track criterion met puts the proposal on the fast track's timetable."""
    problems: Problems = []
    answers: dict[str, bool] = {}
    notes: dict[str, str] = {}
    for criterion in pack.maturity.landscape_criterion:
        value = form.get(f"criterion-{criterion.id}", "")
        note = _text(form, f"note-{criterion.id}", "", problems)
        if value not in ("met", "not_met"):
            problems.append((f"criterion-{criterion.id}", f"Say whether “{criterion.text}” is met"))
            continue
        if value == "not_met" and not note:
            problems.append((f"note-{criterion.id}", f"Say why “{criterion.text}” is not met"))
        answers[criterion.id] = value == "met"
        notes[criterion.id] = note
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        change = _open(change_pk, LandscapeChange.SUBMITTED, "checklist")
        result = assess(pack, change.submitted_on, answers)
        change.checklist = {k: {"met": answers[k], "note": notes[k]} for k in answers}
        change.fast_track = result.fast_track
        change.decision_due = result.decision_due
        change.assessed_by = by
        change.status = LandscapeChange.ASSESSED
        change.save()
        _audit(
            change,
            by,
            "landscape_checklist",
            f"Landscape change {change.pk} assessed: {result.timetable.name}, decision due "
            f"{result.decision_due:%-d %B %Y}",
            {
                "met": list(result.met),
                "not_met": list(result.not_met),
                "fast_track": result.fast_track,
                "decision_due": result.decision_due.isoformat(),
            },
        )
    return change


def decide(*, change_pk: int, form: dict[str, str], pack: Pack, by) -> LandscapeChange:
    """The region approves (from an effective date) or refuses (with a reason). An approved
    merger makes its successor (if new) and a succession per organisation merging."""
    decision = form.get("decision", "")
    problems: Problems = []
    effective: dt.date | None = None
    if decision not in ("approve", "refuse"):
        problems.append(("decision", "Choose whether to approve or refuse the change"))
    if decision == "approve":
        effective = date_from(form, "effective", problems)
    reason = _text(form, "decision_reason", "", problems)
    if decision == "refuse" and not reason:
        problems.append(("decision_reason", "Enter why the change is refused"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        change = _open(change_pk, LandscapeChange.ASSESSED, "decision")
        if effective is not None and effective < change.submitted_on:
            raise Invalid(
                [
                    (
                        "effective",
                        f"The change cannot take effect before it was proposed "
                        f"({change.submitted_on:%-d %B %Y})",
                    )
                ]
            )
        change.status = LandscapeChange.APPROVED if effective else LandscapeChange.REFUSED
        change.effective = effective
        change.decision_reason = reason
        change.decided_by = by
        change.decided_at = timezone.now()
        successor = None
        if effective is not None and merges(pack, change.kind):
            merged = Succession.objects.select_for_update().filter(
                predecessor__in=change.organisations.all()
            )
            if merged.exists():
                gone = merged.select_related("predecessor").first()
                raise Invalid(
                    [
                        (
                            "decision",
                            f"{gone.predecessor.name} has merged already, by another approved "
                            "proposal: refuse this one, with that as the reason",
                        )
                    ]
                )
            successor = _successor_made(change, by)
            change.successor = successor
            Succession.objects.bulk_create(
                Succession(change=change, predecessor=o, successor=successor, effective=effective)
                for o in change.organisations.all()
            )
        change.save()
        _audit(
            change,
            by,
            "landscape_decision",
            f"Landscape change {change.pk} {change.status}"
            + (f" from {effective:%-d %B %Y}" if effective else ""),
            {
                "status": change.status,
                "effective": effective.isoformat() if effective else None,
                "reason": reason,
                "successor": successor.code if successor else None,
            },
        )
    return change


def _successor_made(change: LandscapeChange, by) -> Organisation:
    """The merger's successor: the one named, or the new organisation it forms (of the
    merging organisations' type; made now, so a refused merger leaves no trace)."""
    if change.successor is not None:
        return change.successor
    kind = change.organisations.first().type
    found = Organisation.objects.filter(type=kind, code=change.successor_code).first()
    return found or Organisation.objects.create(
        type=kind, code=change.successor_code, name=change.successor_name, added_by=by
    )
