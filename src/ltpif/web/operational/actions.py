"""An agreed plan's operational plan through the workflow: created from the agreed version
(flat, or seasonal from the system's monthly actuals), edited month by month or from its
workbook while drafting (or when changes are asked for), submitted by the system's planning
lead once its operational rules find no error, and agreed (or sent back) by the region.

Permissions are the plan's own (access policy): the system lead edits and submits as they edit
the plan (EDIT_PLAN), the region's assurance lead decides as they review it (REVIEW).
Each step is audited on the plan and notified as the plan's steps are (app.notices)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import F, Max

from ltpif.app.notices import Kind
from ltpif.app.operational import PROFILES, seasonal_profile
from ltpif.assurance.engine import assure_operational
from ltpif.assurance.report import AssuranceReport
from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.framework.typed import parse, to_plain
from ltpif.plans.access import Action
from ltpif.plans.operational import (
    OperationalPlan,
    PhasedMetric,
    annual_values,
    operational_year,
    phase_plan,
)
from ltpif.plans.workflow import Status
from ltpif.web.actuals import queries as actuals
from ltpif.web.notifications.notify import announce, event_for
from ltpif.web.operational.models import OperationalRecord as Record
from ltpif.web.operational.models import OperationalVersion
from ltpif.web.planning.actions import Conflict, Invalid, NotAllowed, require, retried_when_busy
from ltpif.web.planning.models import AuditEvent, Plan
from ltpif.web.planning.plan_source import agreed_version
from ltpif.web.planning.queries import calendar_today, pack_of, version_document

EDITABLE = (Record.DRAFTING, Record.CHANGES_REQUESTED)
# name → (label, the statuses it moves from, the status it moves to, the plan action it needs)
STEPS = {
    "submit": ("Submit the operational plan", EDITABLE, Record.SUBMITTED, Action.EDIT_PLAN),
    "request_changes": (
        "Request changes",
        (Record.SUBMITTED,),
        Record.CHANGES_REQUESTED,
        Action.REVIEW,
    ),
    "agree": ("Agree the operational plan", (Record.SUBMITTED,), Record.AGREED, Action.REVIEW),
}
TOLD = {"submit": Kind.SUBMITTED, "request_changes": Kind.CHANGES_REQUESTED, "agree": Kind.AGREED}


def document_of(record: Record) -> OperationalPlan:
    return parse(OperationalPlan, record.working)


def operational_sha256(op: OperationalPlan) -> str:
    text = json.dumps(to_plain(op), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def assurance_of(plan: Plan, op: OperationalPlan) -> AssuranceReport:
    """The operational plan judged by its own rules (the pack's operational stage)."""
    return assure_operational(pack_of(plan), op, today=calendar_today())


def _audit(plan: Plan, by, action: str, summary: str, after: Any) -> None:
    AuditEvent.objects.create(
        plan=plan, actor=by, action=action, summary=summary, before=None, after=after
    )


@retried_when_busy
def create(*, plan: Plan, profile: str, by) -> Record:
    """The operational plan of the plan's agreed version, phased `profile` (flat or seasonal:
    each metric by its monthly actuals in the database, flat where they are missing)."""
    require(by, Action.EDIT_PLAN, plan)
    if profile not in PROFILES:
        raise Invalid([("profile", "Choose flat or seasonal")])
    if Status(plan.status) not in (Status.AGREED, Status.PUBLISHED):
        raise NotAllowed("An operational plan is made from the agreed plan: agree the plan first.")
    version = agreed_version(plan)
    if version is None:
        raise NotAllowed("The plan has no agreed version to phase.")
    pack = pack_of(plan)
    doc = version_document(version)
    year = operational_year(pack)
    if not annual_values(doc, year):
        raise NotAllowed(f"The agreed plan has no trajectory value for {year}: nothing to phase.")
    weights: dict[str, list[float]] = {}
    notes: dict[str, str] = {}
    if profile == "seasonal":
        found = [
            a for metric in annual_values(doc, year) for a in actuals.series(metric, doc.system)
        ]
        weights, notes = seasonal_profile(pack, doc, year, found)
    op = phase_plan(pack, doc, version.sha256, year, weights, notes, profile)
    with transaction.atomic():
        if Record.objects.select_for_update().filter(plan=plan).exists():
            raise Conflict("The operational plan was created already: reload the page.")
        record = Record.objects.create(plan=plan, agreed_version=version, working=to_plain(op))
        _audit(
            plan,
            by,
            "operational_create",
            f"Operational plan for {year} created ({profile}) from version {version.number}",
            {"profile": profile, "version": version.number, "year": year},
        )
    return record


def _editable(record: Record, by) -> None:
    require(by, Action.EDIT_PLAN, record.plan)
    if record.status not in EDITABLE:
        label = record.get_status_display().lower()
        raise NotAllowed(f"The operational plan is {label}: it cannot be changed now.")


def _save(record: Record, op: OperationalPlan, lock_version: int, by, summary: str, after) -> None:
    with transaction.atomic():
        changed = Record.objects.filter(pk=record.pk, lock_version=lock_version).update(
            working=to_plain(op), lock_version=F("lock_version") + 1
        )
        if not changed:
            raise Conflict(
                "Someone saved the operational plan since you opened it: reload it and enter "
                "your months again."
            )
        _audit(record.plan, by, "operational_edit", summary, after)
    record.refresh_from_db()


def months_from_form(plan: Plan, phased: PhasedMetric, posted: dict[str, str]) -> dict[str, float]:
    """The posted month values (fields named by month, "2020-04"), each parsed as the metric's
    unit; Invalid naming every bad field."""
    unit = pack_of(plan).metric_by_id[phased.metric].unit
    months, problems = {}, []
    for month in phased.months:
        raw = (posted.get(month) or "").strip()
        if not raw:
            problems.append((month, f"Enter a value for {month}"))
            continue
        try:
            months[month] = parse_number(raw, unit=unit)
        except BadNumber as exc:
            problems.append((month, f"{month}: {exc}"))
    if problems:
        raise Invalid(problems)
    return months


@retried_when_busy
def save_months(
    *, record: Record, metric: str, posted: dict[str, str], lock_version: int, by
) -> None:
    """One metric's twelve months as the planner entered them (the profile becomes the
    planner's). Months that do not add up are saved: assurance names the difference."""
    _editable(record, by)
    op = document_of(record)
    index = next((i for i, p in enumerate(op.metrics) if p.metric == metric), None)
    if index is None:
        raise Invalid([("metric", f"{metric} is not a metric of this operational plan")])
    months = months_from_form(record.plan, op.metrics[index], posted)
    phased = dataclasses.replace(op.metrics[index], months=months, profile="planner")
    metrics = [*op.metrics[:index], phased, *op.metrics[index + 1 :]]
    new = dataclasses.replace(op, metrics=metrics)
    _save(
        record, new, lock_version, by, f"Operational months of {metric} saved", {"metric": metric}
    )


@retried_when_busy
def replace(*, record: Record, new: OperationalPlan, lock_version: int, by) -> None:
    """Every metric's months from a workbook (read against the working copy)."""
    _editable(record, by)
    _save(record, new, lock_version, by, "Operational plan imported from a workbook", None)


@retried_when_busy
def transition(*, record: Record, name: str, reasons: str = "", by) -> None:
    if name not in STEPS:
        raise NotAllowed(f"Unknown action {name!r}.")
    label, sources, target, action = STEPS[name]
    plan = record.plan
    require(by, action, plan)
    if record.status not in sources:
        now = record.get_status_display().lower()
        raise NotAllowed(f"An operational plan that is {now} cannot be moved on by “{label}”.")
    if name == "request_changes" and not reasons.strip():
        raise Invalid([("reasons", "Write the changes you are asking for")])
    op = document_of(record)
    if name == "submit":
        report = assurance_of(plan, op)
        if report.readiness.errors:
            raise NotAllowed(
                f"{report.readiness.errors} error(s) must be fixed before the operational plan "
                "is submitted."
            )
    with transaction.atomic():
        locked = Record.objects.select_for_update().get(pk=record.pk)
        if locked.status != record.status:
            raise Conflict(
                "The operational plan's status changed while you were looking: reload it."
            )
        if name == "submit":
            number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            OperationalVersion.objects.create(
                record=locked,
                number=number,
                document=locked.working,
                sha256=operational_sha256(op),
                created_by=by,
            )
        locked.status = target
        locked.reasons = reasons.strip() if name == "request_changes" else ""
        locked.lock_version = F("lock_version") + 1
        locked.save(update_fields=["status", "reasons", "lock_version"])
        _audit(
            plan,
            by,
            f"operational_{name}",
            f"{label} ({op.year})",
            {"status": target, "reasons": reasons.strip() or None},
        )
        text = reasons.strip() if name == "request_changes" else ""
        announce(
            plan,
            event_for(plan, TOLD[name], stage="operational", text=text),
            link=f"/plans/{plan.system_id}/operational/",
        )
    record.refresh_from_db()


def record_of(plan: Plan) -> Record | None:
    return Record.objects.filter(plan=plan).select_related("plan").first()
