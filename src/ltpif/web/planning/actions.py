"""Every write: keyword-only arguments, `by=` the user, one transaction, one audit event.

Edits change the plan's working copy under optimistic locking: the caller passes the
`lock_version` it read, and a save against a newer plan is refused as a Conflict, so two
people editing at once never silently overwrite each other. Submissions freeze the working
copy into an immutable, hashed PlanVersion.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from ltpif.app.notices import Kind
from ltpif.assurance.wording import day
from ltpif.framework.kept import by_identity
from ltpif.framework.problems import key_path
from ltpif.framework.schema import STAGES
from ltpif.framework.typed import Invalid as InvalidRecord
from ltpif.framework.typed import parse, to_plain
from ltpif.plans.access import Action, can
from ltpif.plans.calendar import is_late, stage_due
from ltpif.plans.canonical import plain_sha256, plan_sha256
from ltpif.plans.document import (
    NARRATIVE_FIELDS,
    ClinicalLead,
    CommitmentPlan,
    EngagementEvent,
    LocalPriority,
    Maturity,
    QueryAnswer,
    SignOff,
    Trajectory,
)
from ltpif.plans.document import (
    Plan as PlanDocument,
)
from ltpif.plans.maturity import system_levels, waived_review_areas
from ltpif.plans.signoffs import keep_stamps
from ltpif.plans.validate import validate_plan
from ltpif.plans.workflow import EDITABLE, TRANSITIONS, Status
from ltpif.web import busy
from ltpif.web.notifications.notify import announce, event_for
from ltpif.web.planning.audited_update import update_with_audit
from ltpif.web.planning.json_item import ReplacedItem
from ltpif.web.planning.long_table import write_values
from ltpif.web.planning.models import (
    ApiToken,
    AuditEvent,
    DeadlineExtension,
    Plan,
    PlanVersion,
    QueryDecision,
    Review,
    ReviewArea,
)
from ltpif.web.planning.queries import (
    actor_of,
    assurance,
    calendar_today,
    document,
    extensions_of,
    judged_readiness,
    maturity_level,
    moved_on,
    pack_of,
    saved,
    target_of,
    version_document,
)


class NotAllowed(Exception):
    """The user may not do this, or not to a plan in this state."""


class Conflict(Exception):
    """Someone saved the plan after this user read it; nothing was saved."""


class Busy(Conflict):
    """The database stayed busy with other writes through every attempt (SQLite's lock):
    nothing was saved, yet nobody's change is in the way, so the same form may be sent again."""


class Invalid(Exception):
    """The input is wrong; `problems` maps form fields to messages. Nothing was saved."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


BUSY_ATTEMPTS = 3
BUSY = "The database is busy with other changes: nothing was saved; try again in a moment."


def retried_when_busy(write: Callable) -> Callable:
    """A write that waited out SQLite's lock timeout (each attempt rolled back whole) is tried
    again, a bounded number of times, then refused as Busy (a Conflict with nobody's change in
    the way): an answer, never a 500."""

    @functools.wraps(write)
    def wrapped(*args, **kwargs):
        try:
            return busy.retried(lambda: write(*args, **kwargs), BUSY_ATTEMPTS)
        except OperationalError as exc:
            if not busy.is_busy(exc) or connection.in_atomic_block:
                raise
        raise Busy(BUSY)

    return wrapped


def require(by, action: Action | str, plan: Plan) -> None:
    actor = actor_of(by)
    if actor is None or not can(actor, action, target_of(plan)):
        raise NotAllowed("You do not have permission to do that to this plan.")


def _event(plan: Plan | None, by, action: str, summary: str, before: Any, after: Any) -> AuditEvent:
    return AuditEvent(
        plan=plan, actor=by, action=action, summary=summary[:300], before=before, after=after
    )


def _audit(plan: Plan | None, by, action: str, summary: str, before: Any, after: Any) -> None:
    _event(plan, by, action, summary, before, after).save()


def _checked(plan: Plan, new: PlanDocument) -> PlanDocument:
    """The edited document, validated against the pack exactly as a plan file would be; it
    stays the plan of its system under its pack (the page, the roll-up and the workbook
    read the plan through them)."""
    pack = pack_of(plan)
    problems = [
        (name, f"a plan's {label} cannot change: keep {kept!r}")
        for name, label, kept, given in (
            ("system", "system", plan.system_id, new.system),
            ("pack", "pack", pack.id, new.pack),
            ("pack_version", "pack version", pack.meta.version, new.pack_version),
        )
        if given != kept
    ]
    if problems:
        raise Invalid(problems)
    validate_plan(new, pack, lambda path, message: problems.append((key_path(path), message)))
    if problems:
        raise Invalid(problems)
    return new


def readiness_fields(plan: Plan, doc: PlanDocument) -> dict:
    """The working copy's assurance summary, stored beside it for the dashboards: judged for
    the final plan, the one the round must agree (a draft may go with fewer)."""
    readiness = judged_readiness(plan, doc)
    return {"rag": readiness.rag, "errors": readiness.errors, "queries": readiness.queries}


@by_identity(4096)
def _plain_entry(entry: CommitmentPlan) -> dict:
    return to_plain(entry)


def _stored(doc: PlanDocument) -> dict:
    """The working copy as stored: what `to_plain` makes of it, each commitment's entry made
    once (a save keeps every entry but the one edited; entries are immutable). The entries'
    dicts are shared between copies, so they go only to the database, never to be changed."""
    plain = to_plain(dataclasses.replace(doc, commitments=[]))
    plain["commitments"] = [_plain_entry(entry) for entry in doc.commitments]
    return plain


SAVED_SINCE = (
    "Someone else saved this plan after you opened it. Nothing was saved: your changes are "
    "still in the form; reload the plan to see theirs, then apply yours."
)


def _written(plan: Plan, new: PlanDocument, lock_version: int) -> dict | ReplacedItem:
    """The working copy to write: whole, or, when it differs from the version it replaces in
    one commitment entry alone (a save on a commitment's page), that entry put in its place.
    In place only when the version edited is the one the write will replace (the update is
    made only if the row still holds `lock_version`, and `plan` was read at it)."""
    if plan.lock_version == lock_version:
        index = _only_changed_entry(document(plan), new)
        if index is not None:
            return ReplacedItem(
                "working", "commitments", index, _plain_entry(new.commitments[index])
            )
    return _stored(new)


def _only_changed_entry(before: PlanDocument, after: PlanDocument) -> int | None:
    """The index of the one commitment entry `after` changed of `before`, if that is all it
    changed (documents are immutable: an edit shares every part it leaves alone)."""
    for part in dataclasses.fields(after):
        if part.name != "commitments" and getattr(after, part.name) is not getattr(
            before, part.name
        ):
            return None
    if len(after.commitments) != len(before.commitments):
        return None
    changed = [
        index
        for index, (was, now) in enumerate(zip(before.commitments, after.commitments, strict=True))
        if was is not now
    ]
    return changed[0] if len(changed) == 1 else None


_OWN_FIELDS = [
    f.attname for f in Plan._meta.concrete_fields if not f.is_relation and f.name != "working"
]


def read_again(plan: Plan) -> None:
    """The plan's own fields as saved now, its working copy forgotten: `document` finds the
    version saved (kept, or read afresh if asked for)."""
    plan.refresh_from_db(fields=_OWN_FIELDS)
    plan.__dict__.pop("working", None)


def _save_working(
    plan: Plan, new: PlanDocument, lock_version: int, by, action: str, summary: str, before, after
) -> None:
    """Write the working copy if nobody saved since `lock_version`; audit it. One transaction."""
    if lock_version < plan.lock_version:  # saved since, as the plan was read: refused unjudged
        raise Conflict(SAVED_SINCE)
    # validated first (the checks need a valid plan), then judged, both before the transaction:
    # it holds the write lock (SQLite's: every other writer's) only to write; what the checks
    # read may change meanwhile, as it may inside it
    working = _written(plan, _checked(plan, new), lock_version)
    readiness = readiness_fields(plan, new)
    updated = update_with_audit(
        Plan.objects.filter(pk=plan.pk, lock_version=lock_version),
        {"working": working, "lock_version": F("lock_version") + 1, **readiness},
        _event(plan, by, action, summary, before, after),
    )
    if not updated:  # saved since the plan was read: the page shows what was saved
        read_again(plan)
        raise Conflict(SAVED_SINCE)
    # the version written here; its system and round cannot change in a save, so the page
    # answering it need not read them again, nor the copy just written: it is kept as `new`
    # (and read again only if asked for). When the plan as read is the version the save was
    # made against, the row is that read with what was just written (every other change of
    # its own fields bumps the lock version)
    if plan.lock_version == lock_version:
        plan.lock_version = lock_version + 1
        for name, value in readiness.items():
            setattr(plan, name, value)
        plan.__dict__.pop("working", None)
    else:
        read_again(plan)
    saved(plan, new)


def _editable(plan: Plan, by, action: Action = Action.EDIT_PLAN) -> PlanDocument:
    require(by, action, plan)
    status = Status(plan.status)
    if status not in EDITABLE and action == Action.EDIT_PLAN:
        raise NotAllowed(f"A plan that is “{status.label.lower()}” cannot be edited.")
    if status in (Status.AGREED, Status.PUBLISHED):
        raise NotAllowed(f"A plan that is “{status.label.lower()}” cannot be changed.")
    return document(plan)


def _replace_commitment(doc: PlanDocument, commitment: str, edit: Callable) -> PlanDocument:
    found = doc.commitment_plan(commitment)
    if found is None:
        raise Invalid([("commitment", f"the plan has no commitment {commitment!r}")])
    index, entry = found
    entries = list(doc.commitments)
    entries[index] = edit(entry)
    return dataclasses.replace(doc, commitments=entries)


@retried_when_busy
def update_trajectories(
    *, plan: Plan, commitment: str, trajectories: list[dict], lock_version: int, by
) -> None:
    """Replace the trajectories of some of a commitment's metrics, all in one save."""
    doc = _editable(plan, by)
    new_trajectories = {t["metric"]: _record(Trajectory, t) for t in trajectories}
    before: list = []

    def edit(entry):
        kept = []
        for trajectory in entry.trajectories:
            if trajectory.metric in new_trajectories:
                before.append(to_plain(trajectory))
            else:
                kept.append(trajectory)
        return dataclasses.replace(entry, trajectories=[*kept, *new_trajectories.values()])

    new = _replace_commitment(doc, commitment, edit)
    after = [to_plain(t) for t in new_trajectories.values()]
    names = ", ".join(new_trajectories)
    _save_working(
        plan,
        new,
        lock_version,
        by,
        "update_trajectories",
        f"Trajectories changed: {names}",
        before,
        after,
    )


@retried_when_busy
def update_commitment(
    *,
    plan: Plan,
    commitment: str,
    lead_name: str,
    lead_role: str,
    narrative: str,
    local_justification: str,
    lock_version: int,
    by,
) -> None:
    doc = _editable(plan, by)
    lead = (
        ClinicalLead(name=lead_name.strip(), role=lead_role.strip()) if lead_name.strip() else None
    )
    before: dict = {}

    def edit(entry):
        before.update(to_plain(entry))
        before.pop("trajectories", None)
        return dataclasses.replace(
            entry, clinical_lead=lead, narrative=narrative, local_justification=local_justification
        )

    new = _replace_commitment(doc, commitment, edit)
    after = to_plain(new.commitment_plan(commitment)[1])
    after.pop("trajectories", None)
    _save_working(
        plan,
        new,
        lock_version,
        by,
        "update_commitment",
        f"Lead and narrative of {commitment} changed",
        before,
        after,
    )


@retried_when_busy
def update_narrative(*, plan: Plan, field: str, text: str, lock_version: int, by) -> None:
    """`field` is a required section's id, or one of NARRATIVE_FIELDS."""
    doc = _editable(plan, by)
    narrative = doc.narrative
    if field in NARRATIVE_FIELDS:
        before = getattr(narrative, field)
        narrative = dataclasses.replace(narrative, **{field: text})
    else:
        before = narrative.sections.get(field, "")
        narrative = dataclasses.replace(narrative, sections={**narrative.sections, field: text})
    new = dataclasses.replace(doc, narrative=narrative)
    _save_working(
        plan,
        new,
        lock_version,
        by,
        "update_narrative",
        f"Narrative “{field}” changed",
        {field: before},
        {field: text},
    )


@retried_when_busy
def update_maturity(
    *,
    plan: Plan,
    assessment: dict[str, str] | None = None,
    evidence: str,
    characteristics: list[dict] | None = None,
    lock_version: int,
    by,
) -> None:
    """Save the maturity self-assessment: per characteristic (`characteristics`, each
    {characteristic, levels, evidence}), whose lowest level each year becomes the plan's
    `self_assessment`; or, as before, one level a year (`assessment`)."""
    doc = _editable(plan, by)
    given = {"self_assessment": assessment or {}, "evidence": evidence}
    if characteristics is not None:
        given["characteristics"] = characteristics
    try:
        maturity = parse(Maturity, given)
    except InvalidRecord as exc:
        raise Invalid([(key_path(path), message) for path, message in exc.errors]) from None
    new = dataclasses.replace(doc, maturity=maturity)
    if characteristics is not None:
        derived = system_levels(pack_of(plan), new)
        new = dataclasses.replace(
            new, maturity=dataclasses.replace(maturity, self_assessment=derived)
        )
    _save_working(
        plan,
        new,
        lock_version,
        by,
        "update_maturity",
        "Maturity self-assessment changed",
        to_plain(doc.maturity),
        to_plain(new.maturity),
    )


def _at_priority(problems: list[tuple[str, str]], index: int) -> list[tuple[str, str]]:
    """The plan's problems at local priority `index`, named by the priority's own fields."""
    prefix = f"local_priorities[{index}]."
    return [(where.removeprefix(prefix), message) for where, message in problems]


@retried_when_busy
def save_local_priority(
    *, plan: Plan, priority_id: str | None, priority: dict, lock_version: int, by
) -> str:
    """Add a local priority (`priority_id` None) or replace the one with `priority_id`, checked
    as the plan file is (plans.validate); problems name the priority's own fields. Its id."""
    doc = _editable(plan, by)
    record = _record(LocalPriority, priority)
    entries = list(doc.local_priorities)
    index = len(entries)
    before = None
    if priority_id is not None:
        found = [i for i, p in enumerate(entries) if p.id == priority_id]
        if not found:
            raise Invalid([("id", f"the plan has no local priority {priority_id!r}")])
        index = found[0]
        before = to_plain(entries[index])
        entries[index] = record
    else:
        entries.append(record)
    new = dataclasses.replace(doc, local_priorities=entries)
    verb = "added" if priority_id is None else "changed"
    try:
        _save_working(
            plan,
            new,
            lock_version,
            by,
            "save_local_priority",
            f"Local priority {record.id} {verb}",
            before,
            to_plain(record),
        )
    except Invalid as exc:
        raise Invalid(_at_priority(exc.problems, index)) from None
    return record.id


@retried_when_busy
def remove_local_priority(*, plan: Plan, priority_id: str, lock_version: int, by) -> None:
    doc = _editable(plan, by)
    kept = [p for p in doc.local_priorities if p.id != priority_id]
    if len(kept) == len(doc.local_priorities):
        raise Invalid([("id", f"the plan has no local priority {priority_id!r}")])
    removed = next(p for p in doc.local_priorities if p.id == priority_id)
    _save_working(
        plan,
        dataclasses.replace(doc, local_priorities=kept),
        lock_version,
        by,
        "remove_local_priority",
        f"Local priority {priority_id} removed",
        to_plain(removed),
        None,
    )


def _append(
    plan: Plan,
    by,
    action: Action,
    attribute: str,
    record,
    summary: str,
    stamp: Callable[[PlanDocument, Any], Any] | None = None,
) -> None:
    """Add an engagement event or sign-off: appends never conflict, so retry on a race.
    `stamp` checks the record against the plan as read and returns it to append (a sign-off
    takes the version it is given for, or is refused when that is not the latest)."""
    for _ in range(3):
        plan.refresh_from_db()
        doc = _editable(plan, by, action)
        added = record if stamp is None else stamp(doc, record)
        new = dataclasses.replace(doc, **{attribute: [*getattr(doc, attribute), added]})
        try:
            _save_working(
                plan, new, plan.lock_version, by, attribute, summary, None, to_plain(added)
            )
            return
        except Conflict:
            continue
    raise Conflict("The plan is being changed by others right now; try again in a moment.")


def _record(cls, data: dict) -> Any:
    try:
        return parse(cls, data)
    except InvalidRecord as exc:
        raise Invalid([(key_path(path), message) for path, message in exc.errors]) from None


@retried_when_busy
def record_engagement(*, plan: Plan, event: dict, by) -> None:
    record = _record(EngagementEvent, event)
    _append(
        plan,
        by,
        Action.RECORD_ENGAGEMENT,
        "engagement",
        record,
        f"Engagement recorded: {record.kind} with {record.partner_name}",
    )


@retried_when_busy
def record_sign_off(
    *, plan: Plan, sign_off: dict, by, stamp: Callable[[PlanDocument, Any], Any] | None = None
) -> None:
    record = _record(SignOff, sign_off)
    if record.status == "concerns" and not record.concerns.strip():
        raise Invalid([("concerns", "Say what the concerns are")])
    with transaction.atomic():
        _append(
            plan,
            by,
            Action.SIGN_OFF,
            "sign_offs",
            record,
            f"Sign-off by {record.name}: {record.status}",
            stamp,
        )
        if record.status == "concerns":
            announce(plan, event_for(plan, Kind.CONCERNS_RAISED, text=record.name))


def freeze(
    plan: Plan, kind: str, by, late_against: dt.date | None = None, late_reason: str = ""
) -> PlanVersion:
    """The working copy as a new immutable version, with its values in the long table; a
    submission after its deadline records the date it was due by and the reason given."""
    doc = document(plan)
    # its entries made plain once, as the working copy's are (shared: never to be changed)
    plain = _stored(doc)
    number = _last_number(plan) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        kind=kind,
        document=plain,
        sha256=plain_sha256(plain),
        outstanding=plan.outstanding,
        created_by=by,
        late_against=late_against,
        late_reason=late_reason,
    )
    write_values(
        version,
        (
            (t.metric, year, t.values.get(year), t.numerator.get(year), t.denominator.get(year))
            for entry in doc.commitments
            for t in entry.trajectories
            for year in sorted({*t.values, *t.numerator})
        ),
    )
    return version


def _last_number(plan: Plan) -> int:
    """The number of the plan's last version (0 before the first): read with the plan when it
    was locked for a transition (`last_number`), else asked."""
    last = getattr(plan, "last_number", None)
    if last is None:
        last = plan.versions.aggregate(top=Max("number"))["top"]
    return last or 0


def _locked(plan: Plan) -> Plan:
    """The plan's row locked for a transition, with the number of its last version (one
    question; the 60 kB working copy is read only if it changed since `plan`)."""
    last = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number").values("number")
    locked = (
        Plan.objects.select_for_update()
        .defer("working")
        .annotate(last_number=Subquery(last[:1]))
        .get(pk=plan.pk)
    )
    if locked.lock_version != plan.lock_version:
        # moved on since `plan` was read, perhaps while the lock was awaited: the subquery read
        # the versions as they were before the wait, so `_last_number` asks again
        locked.last_number = None
    return locked


@retried_when_busy
def replace_plan(*, plan: Plan, new: PlanDocument, kind: str, lock_version: int, by) -> PlanVersion:
    """A whole new plan (from a workbook or the API): the working copy and a new version.
    Sign-offs it repeats keep the version they were given for (plans.signoffs)."""
    doc = _editable(plan, by)
    new = keep_stamps(doc, new)
    with transaction.atomic():
        _save_working(
            plan,
            new,
            lock_version,
            by,
            f"replace_{kind}",
            f"Plan replaced ({kind})",
            {"sha256": plan_sha256(doc)},
            {"sha256": plan_sha256(new)},
        )
        return freeze(plan, kind, by)


def late_against(plan: Plan, stage) -> dt.date | None:
    """The deadline (the pack's, or the plan's extension) a submission made today misses."""
    extensions = extensions_of([plan]).get(plan.pk, {})
    return is_late(calendar_today(), stage, pack_of(plan).stage_deadlines, extensions)


@retried_when_busy
def transition(*, plan: Plan, name: str, reasons: str = "", late_reason: str = "", by) -> None:
    """Move the plan on. A submission after its deadline is accepted only with `late_reason`
    (why it is late), recorded on the version and in the audit trail."""
    step = TRANSITIONS.get(name)
    if step is None:
        raise NotAllowed(f"Unknown action {name!r}.")
    require(by, name, plan)
    status = Status(plan.status)
    if not step.allowed_from(status):
        raise NotAllowed(
            f"A plan that is “{status.label.lower()}” cannot be moved on by “{step.label}”."
        )
    if step.needs_reason and not reasons.strip():
        raise Invalid([("reasons", "Write the changes you are asking for")])
    if step.needs_final and not plan.reviewing_final:
        raise NotAllowed(
            "Only a final plan can be agreed: request changes, then review the final plan."
        )
    if step.freezes_version:
        report = assurance(plan, stage=step.stage)
        if not report.readiness.ready:
            raise NotAllowed(
                f"{report.readiness.errors} error(s) must be fixed before submission "
                f"of the {report.stage} plan."
            )
    late_by = late_against(plan, step.stage) if step.stage else None
    if late_by is not None and not late_reason.strip():
        raise Invalid(
            [
                (
                    "late_reason",
                    f"The {step.stage} plan was due by {day(late_by)}: say why it is "
                    "submitted late",
                )
            ]
        )
    late = {"late_against": late_by, "late_reason": late_reason.strip()} if late_by else {}
    with transaction.atomic():
        locked = _locked(plan)
        if locked.status != plan.status:
            raise Conflict("The plan's status changed while you were looking at it; reload it.")
        locked.system = plan.system  # read with the plan (a plan's system never changes)
        _apply(locked, step.name, reasons.strip(), by, **late)
        locked.status = step.target
        read_as = locked.lock_version
        # the row is locked (FOR UPDATE; on SQLite the transaction holds the write lock from
        # its start): nobody moves it on meanwhile
        locked.lock_version = read_as + 1
        after = {"status": step.target.value, "reasons": reasons.strip() or None}
        if late_by is not None:
            after |= {"late_against": late_by.isoformat(), "late_reason": late["late_reason"]}
        update_with_audit(
            Plan.objects.filter(pk=locked.pk),
            {f: getattr(locked, f) for f in _MOVED},
            _event(
                locked,
                by,
                name,
                f"{step.label}" + (f" (late: due by {day(late_by)})" if late_by else ""),
                {"status": status.value},
                after,
            ),
        )
        _announce_transition(locked, step.name, step.stage, reasons.strip())
        transaction.on_commit(lambda: moved_on(locked, read_as))
    _as_written(plan, locked, working_unchanged=read_as == plan.lock_version)


# what a transition changes of the plan's row
_MOVED = ("status", "lock_version", "reviewing_final", "outstanding")


def _as_written(plan: Plan, locked: Plan, *, working_unchanged: bool) -> None:
    """`plan` as the transition left it, from the row it locked and wrote (no question): its
    own fields, and its working copy forgotten if someone saved one since `plan` was read."""
    for name in _OWN_FIELDS:
        setattr(plan, name, getattr(locked, name))
    if not working_unchanged:
        plan.__dict__.pop("working", None)


TOLD = {
    "submit_draft": Kind.SUBMITTED,
    "submit_final": Kind.SUBMITTED,
    "request_changes": Kind.CHANGES_REQUESTED,
    "agree": Kind.AGREED,
}


def _announce_transition(plan: Plan, name: str, stage, reasons: str) -> None:
    """Tell whoever the move now needs (the emails go once the transaction commits)."""
    kind = TOLD.get(name)
    if kind is not None:
        announce(plan, event_for(plan, kind, stage=stage, text=reasons))


def _apply(plan: Plan, name: str, reasons: str, by, **late) -> None:
    """What a transition does besides changing the status."""
    if name in ("submit_draft", "submit_final"):
        freeze(plan, "final" if name == "submit_final" else "draft", by, **late)
        plan.reviewing_final = name == "submit_final"
    elif name == "start_review":
        Review.objects.create(
            plan=plan, version=plan.versions.order_by("-number").first(), reviewer=by
        )
    elif name in ("request_changes", "agree"):
        review = plan.reviews.filter(decision="open").order_by("-created_at").first()
        if review is not None:
            review.decision = "changes_requested" if name == "request_changes" else "agreed"
            review.reasons = reasons
            review.decided_at = timezone.now()
            review.save()
        carried = plan.outstanding
        if name == "agree":  # agreeing the final plan settles the changes asked for
            carried = [item for item in carried if item["kind"] == "condition"]
        if reasons:
            kind = "reason" if name == "request_changes" else "condition"
            number = plan.versions.count()
            carried = [*carried, {"kind": kind, "text": reasons, "version": number}]
        plan.outstanding = carried


@retried_when_busy
def save_review_area(*, plan: Plan, area: str, rag: str, comment: str, by) -> None:
    require(by, Action.REVIEW, plan)
    review = plan.reviews.filter(decision="open").order_by("-created_at").first()
    if review is None:
        raise NotAllowed("Start a review before recording judgements.")
    problems = []
    pack = pack_of(plan)
    if area not in {section.id for section in pack.sections.section}:
        problems.append(("area", "Choose one of the plan's review areas"))
    elif area in waived_review_areas(pack, maturity_level(plan)):
        problems.append(
            ("area", "The ICS assures this area itself (its moderated maturity level's freedom)")
        )
    if rag not in ("red", "amber", "green"):
        problems.append(("rag", "Choose red, amber or green"))
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        previous = ReviewArea.objects.filter(review=review, area=area).first()
        before = {"rag": previous.rag, "comment": previous.comment} if previous else None
        ReviewArea.objects.update_or_create(
            review=review, area=area, defaults={"rag": rag, "comment": comment}
        )
        _audit(
            plan,
            by,
            "review_area",
            f"Review of {area}: {rag}",
            before,
            {"rag": rag, "comment": comment},
        )


@retried_when_busy
def grant_extension(*, plan: Plan, stage: str, until: str, reason: str, by) -> DeadlineExtension:
    """Move one plan's deadline for a submission still owed to a later date, with a reason."""
    require(by, Action.GRANT_EXTENSION, plan)
    deadlines = pack_of(plan).stage_deadlines
    problems = []
    owed = stage_due(Status(plan.status), plan.reviewing_final)
    if stage not in STAGES:
        problems.append(("stage", "Choose the draft plan or the final plan"))
    elif owed is None or (stage == "draft" and owed == "final"):
        problems.append(("stage", f"The {stage} plan is already submitted: nothing to extend"))
    new_date = None
    try:
        new_date = dt.date.fromisoformat(until.strip())
    except ValueError:
        problems.append(("until", "Enter a date, like 27 9 2019"))
    deadline = deadlines.get(stage) if stage in STAGES else None
    if new_date is not None and deadline is not None and new_date <= deadline.date:
        problems.append(("until", f"An extension is later than the deadline, {day(deadline.date)}"))
    if not reason.strip():
        problems.append(("reason", "Say why the deadline is extended"))
    if problems:
        raise Invalid(problems)
    assert new_date is not None
    previous = extensions_of([plan]).get(plan.pk, {}).get(stage)
    with transaction.atomic():
        extension = DeadlineExtension.objects.create(
            plan=plan, stage=stage, until=new_date, reason=reason.strip(), granted_by=by
        )
        _audit(
            plan,
            by,
            "grant_extension",
            f"Deadline of the {stage} plan extended to {day(new_date)}",
            {
                "stage": stage,
                "until": (previous or deadline.date).isoformat() if deadline else None,
            },
            {"stage": stage, "until": new_date.isoformat(), "reason": reason.strip()},
        )
    return extension


@retried_when_busy
def answer_query(
    *, plan: Plan, rule: str, pointer: str, explanation: str, lock_version: int, by
) -> None:
    """The planner's explanation of a query finding, written into the working copy (so the
    next version carries it); answering again replaces the answer."""
    require(by, Action.EDIT_PLAN, plan)
    status = Status(plan.status)
    if status not in EDITABLE:
        frozen = plan.versions.order_by("-number").first()
        number = f"version {frozen.number}" if frozen else "the plan"
        raise NotAllowed(
            f"The plan is “{status.label.lower()}”: {number} is frozen, so it cannot take an "
            "answer. Answer queries while drafting, or when the region asks for changes."
        )
    doc = document(plan)
    finding = next(
        (
            f
            for f in assurance(plan, doc).findings
            if (f.rule, f.pointer) == (rule, pointer) and f.severity == "query"
        ),
        None,
    )
    problems = []
    if finding is None:
        problems.append(("rule", "The plan has no such query to answer (it may be resolved)"))
    if not explanation.strip():
        problems.append(("explanation", "Write the explanation of this query"))
    if problems:
        raise Invalid(problems)
    answer = _record(QueryAnswer, {"rule": rule, "pointer": pointer, "explanation": explanation})
    previous = doc.answer_to(rule, pointer)
    kept = [a for a in doc.query_answers or [] if (a.rule, a.pointer) != (rule, pointer)]
    new = dataclasses.replace(doc, query_answers=[*kept, answer])
    with transaction.atomic():
        _save_working(
            plan,
            new,
            lock_version,
            by,
            "answer_query",
            f"Query {rule} answered",
            to_plain(previous) if previous else None,
            to_plain(answer),
        )
        announce(plan, event_for(plan, Kind.QUERY_ANSWERED, text=rule))


@retried_when_busy
def decide_answer(*, plan: Plan, rule: str, pointer: str, decision: str, reason: str, by) -> None:
    """The region accepts a planner's answer to a query in the version under review (the query
    is then explained) or rejects it with a reason. One decision per answer and version: when
    two assurers decide at once, the first wins and the second is refused as a Conflict."""
    require(by, Action.REVIEW, plan)
    if Status(plan.status) != Status.IN_REVIEW:
        raise NotAllowed("Answers are accepted or rejected while the plan is in review.")
    version = plan.versions.order_by("-number").first()
    answer = version_document(version).answer_to(rule, pointer) if version else None
    problems = []
    if answer is None:
        problems.append(("rule", "The version under review has no answer to that query"))
    if decision not in ("accepted", "rejected"):
        problems.append(("decision", "Choose accept or reject"))
    elif decision == "rejected" and not reason.strip():
        problems.append(("reason", "Say why the answer is rejected"))
    if problems:
        raise Invalid(problems)
    assert answer is not None and version is not None
    try:
        with transaction.atomic():
            QueryDecision.objects.create(
                plan=plan,
                version=version,
                rule=rule,
                pointer=pointer,
                explanation=answer.explanation,
                decision=decision,
                reason=reason.strip(),
                decided_by=by,
            )
            Plan.objects.filter(pk=plan.pk).update(**readiness_fields(plan, document(plan)))
            _audit(
                plan,
                by,
                "decide_answer",
                f"Answer to {rule} {decision}",
                {"rule": rule, "pointer": pointer, "explanation": answer.explanation},
                {"decision": decision, "reason": reason.strip() or None},
            )
            if decision == "rejected":
                announce(plan, event_for(plan, Kind.QUERY_REJECTED, text=reason.strip()))
    except IntegrityError:
        taken = QueryDecision.objects.filter(version=version, rule=rule, pointer=pointer).first()
        who = taken.decided_by.get_username() if taken else "another assurer"
        raise Conflict(
            f"{who} has already {taken.decision if taken else 'decided'} this answer in version "
            f"{version.number}; nothing was saved. Reload the plan to see their decision."
        ) from None
    plan.refresh_from_db()


@retried_when_busy
def create_api_token(*, user, name: str, by) -> str:
    """A new API token for `user`, returned once: only its hash is kept (and never audited)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user=user, name=name, sha256=hashlib.sha256(token.encode()).hexdigest()
        )
        _audit(
            None,
            by,
            "create_token",
            f"API token “{name}” made for {user.get_username()}",
            None,
            {"user": user.get_username(), "name": name},
        )
    return token
