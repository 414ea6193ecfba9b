"""Footprint change notices: submit, another region's agreement, the region's decision. Each
checks all of its input first (every problem at its field), then writes in one transaction
with an audit event; a notice already answered or decided is never decided twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ltpif.framework.pack import Pack
from ltpif.geography.versions import Move
from ltpif.monitoring.definitions import catalogue_for
from ltpif.web.actuals.reattribute import reattribute, words
from ltpif.web.landscape import agreement
from ltpif.web.landscape.agreement import TEXT_LIMIT
from ltpif.web.landscape.agreement import text as _text
from ltpif.web.landscape.models import FootprintMove, FootprintNotice
from ltpif.web.landscape.rollup_footprint import plan_words
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.actions import Invalid
from ltpif.web.planning.models import System

NOTICE_DEADLINE = "footprint-change-notice"


def notice_date(pack: Pack) -> dt.date:
    """The pack's date by which a footprint change is notified (31 July 2019 in the seeds)."""
    return pack.deadline_by_id[NOTICE_DEADLINE].date


def _audit(notice: FootprintNotice, by, action: str, summary: str, after: dict) -> None:
    agreement.audit(notice, by, action, summary, after, key="notice")


def other_regions(system: System, receiving: System, organisations: list[Organisation]) -> set:
    """The regions other than the system's that the change touches: the receiving system's,
    and those of any other system the moving organisations fall in."""
    regions = {receiving.region_id}
    regions |= set(
        Footprint.objects.filter(organisation__in=organisations).values_list(
            "system__region_id", flat=True
        )
    )
    return regions - {system.region_id}


def submit(
    *, system: System, form: dict[str, str], chosen: list[str], today: dt.date, pack: Pack, by
) -> FootprintNotice:
    problems: list[tuple[str, str]] = []
    ids = [c for c in chosen if c.isdigit()]
    organisations = list(
        Organisation.objects.filter(pk__in=ids, footprint__system=system).distinct()
    )
    if not chosen:
        problems.append(("organisations", "Choose the organisations that would move"))
    elif len(organisations) != len(set(chosen)):
        problems.append(
            ("organisations", f"Choose only organisations in the footprint of {system.name}")
        )
    code = form.get("receiving", "").strip()
    receiving = System.objects.filter(code=code).first() if code else None
    if receiving is None:
        problems.append(("receiving", "Choose the system the organisations would move to"))
    elif receiving.pk == system.pk:
        problems.append(("receiving", "Choose a system other than the one they are in"))
    reason = _text(form, "reason", "Enter why the footprint should change", problems)
    evidence = _text(
        form, "evidence", "Enter the evidence that the change is agreed locally", problems
    )
    late = today > notice_date(pack)
    late_reason = ""
    if late:
        late_reason = _text(
            form,
            "late_reason",
            f"The notice date was {notice_date(pack):%-d %B %Y}: enter why this notice is late",
            problems,
        )
    if problems:
        raise Invalid(problems)
    assert receiving is not None
    regions = other_regions(system, receiving, organisations)
    with transaction.atomic():
        notice = FootprintNotice.objects.create(
            system=system,
            receiving=receiving,
            reason=reason,
            evidence=evidence,
            late_reason=late_reason,
            submitted_by=by,
            submitted_on=today,
            status=FootprintNotice.AWAITING_AGREEMENT if regions else FootprintNotice.SUBMITTED,
            agreements=agreement.awaited(regions),
        )
        notice.organisations.set(organisations)
        _audit(
            notice,
            by,
            "footprint_notice",
            f"Footprint change notice: {len(organisations)} organisation(s) of {system.name} "
            f"to {receiving.name}" + (" (late)" if late else ""),
            {
                "organisations": sorted(o.code for o in organisations),
                "receiving": receiving.code,
                "late": late,
                "other_regions": sorted(regions),
            },
        )
    return notice


def _open(pk: int, status: str) -> FootprintNotice:
    notice = FootprintNotice.objects.select_for_update().get(pk=pk)
    if notice.status != status:
        raise Invalid([("decision", "This notice has already been answered: nothing was changed")])
    return notice


def agree(*, notice_pk: int, region: str, form: dict[str, str], by) -> FootprintNotice:
    """Another region agrees to the change or refuses its agreement (with a reason)."""
    return agreement.agree(
        lambda: _open(notice_pk, FootprintNotice.AWAITING_AGREEMENT),
        region=region,
        form=form,
        by=by,
        already="Your region has already answered this notice",
        action="footprint_agreement",
        what="the footprint change notice",
        key="notice",
    )


def decide(*, notice_pk: int, form: dict[str, str], by) -> FootprintNotice:
    """The system's region approves (from an effective date) or refuses (with a reason)."""
    decision = form.get("decision", "")
    problems: list[tuple[str, str]] = []
    effective: dt.date | None = None
    reason = form.get("decision_reason", "").strip()
    if decision not in ("approve", "refuse"):
        problems.append(("decision", "Choose whether to approve or refuse the change"))
    if decision == "approve":
        try:
            effective = dt.date.fromisoformat(form.get("effective", "").strip())
        except ValueError:
            problems.append(("effective", "Enter the date the change takes effect, like 27 9 2019"))
    if decision == "refuse" and not reason:
        problems.append(("decision_reason", "Enter why the change is refused"))
    if len(reason) > TEXT_LIMIT:
        problems.append(("decision_reason", f"Keep this to {TEXT_LIMIT} characters or fewer"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        notice = _open(notice_pk, FootprintNotice.SUBMITTED)
        if effective is not None and effective < notice.submitted_on:
            raise Invalid(
                [
                    (
                        "effective",
                        f"The change cannot take effect before it was notified "
                        f"({notice.submitted_on:%-d %B %Y})",
                    )
                ]
            )
        notice.status = FootprintNotice.APPROVED if effective else FootprintNotice.REFUSED
        notice.effective = effective
        notice.decision_reason = reason
        notice.decided_by = by
        notice.decided_at = timezone.now()
        notice.save()
        actuals = ""
        if effective is not None:
            organisations = list(notice.organisations.all())
            FootprintMove.objects.bulk_create(
                FootprintMove(
                    notice=notice,
                    organisation=org,
                    from_system=notice.system,
                    to_system=notice.receiving,
                    effective=effective,
                )
                for org in organisations
            )
            actuals = _move_actuals(notice, organisations, effective, by)
        _audit(
            notice,
            by,
            "footprint_decision",
            f"Footprint change notice {notice.pk} {notice.status}"
            + (f" from {effective:%-d %B %Y}" if effective else ""),
            {
                "status": notice.status,
                "effective": effective.isoformat() if effective else None,
                "reason": reason,
            },
        )
    notice.effects = actuals  # what the page tells the region (its audit events too)
    return notice


def _move_actuals(notice: FootprintNotice, organisations, effective: dt.date, by) -> str:
    """The actuals loaded before the approval, moved by it (in the decision's transaction),
    and what it does to the plan roll-ups (`landscape.rollup_footprint`), in words."""
    pack = current_pack()
    moves = [
        Move(org.code.upper(), notice.system_id, notice.receiving_id, effective)
        for org in organisations
    ]
    done = reattribute(moves, pack.year_calendar, catalogue_for(pack).metrics)
    said = words(done, notice.system.name, effective)
    plans = plan_words(pack, moves, notice.system.name, notice.receiving.name)
    _audit(
        notice,
        by,
        "footprint_actuals",
        f"Footprint change notice {notice.pk}: {said}",
        {
            "moved": done.moved,
            "actuals_made_again": done.actuals,
            "not_moved": done.not_moved,
            "system_level": done.system_level,
            "plan_rollups": plans,
        },
    )
    return f"{said}. Plan roll-ups: {plans}"
