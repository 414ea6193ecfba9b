"""Rows → domain objects: the plan as a document, the actor behind a user, the pack."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from ltpif.assurance.engine import (
    DEFAULT_STAGE,
    Explained,
    Remembered,
    RuleIssues,
    assure,
    rule_issues,
    run_rules,
)
from ltpif.assurance.report import AssuranceReport, Readiness, readiness_of
from ltpif.framework.pack import Pack
from ltpif.framework.schema import Stage
from ltpif.framework.typed import parse
from ltpif.plans.access import Actor, Target
from ltpif.plans.calendar import Due, due
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.strategy import Board
from ltpif.plans.workflow import Role, Status, stage_of
from ltpif.web.compiled import compiled
from ltpif.web.organisations.rounds import current_round, pack_of_round
from ltpif.web.per_request import asked, once, tell
from ltpif.web.planning import shared
from ltpif.web.planning.models import (
    DeadlineExtension,
    Membership,
    Plan,
    PlanVersion,
    QueryDecision,
    Region,
    Review,
    System,
)

T = TypeVar("T")


def pack_of(plan: Plan) -> Pack:
    """The plan's pack: its round's (name and version, as installed). The round is read once
    per plan object (Django keeps it on the object)."""
    return pack_of_round(plan.round)


# plan id → (its lock version and save time, the document): parsing a working copy takes
# milliseconds and the roll-up and the monitoring summary read all 42 after every save
_parsed: dict[int, tuple[tuple, PlanDocument]] = {}


def _version(plan: Plan) -> tuple:
    """The version's name among the workers (shared.py): a plan made afresh under a reused id
    has a new save time."""
    return _named(plan.pk, plan.lock_version, plan.updated_at)


def _named(pk: int, lock_version: int, updated_at: dt.datetime) -> tuple:
    return (pk, lock_version, updated_at.isoformat())


def document(plan: Plan) -> PlanDocument:
    """The working copy as a plan document (it was valid when saved). Every write of a working
    copy bumps its lock version, so each version is parsed once (documents are immutable): kept
    by this process, and read back from the one that parsed or saved it first."""
    version = (plan.lock_version, plan.updated_at)
    kept = _parsed.get(plan.pk)
    if kept is not None and kept[0] == version:
        return kept[1]
    doc = _made_elsewhere(plan.pk, *version)
    if doc is None:
        return _parsed_afresh(plan)
    return _keep(plan.pk, version, doc)


def _parsed_afresh(plan: Plan) -> PlanDocument:
    """The working copy parsed and kept, and left for the other workers."""
    doc = parse(PlanDocument, plan.working)
    shared.write(("document", *_version(plan)), doc)
    return _keep(plan.pk, (plan.lock_version, plan.updated_at), doc)


def _made_elsewhere(pk: int, lock_version: int, updated_at: dt.datetime) -> PlanDocument | None:
    """The version's document as another worker left it (shared.py), if it did."""
    doc = shared.read(("document", *_named(pk, lock_version, updated_at)))
    return doc if isinstance(doc, PlanDocument) else None


def _keep(pk: int, version: tuple, doc: PlanDocument) -> PlanDocument:
    """`doc` kept as the plan's version, sharing every part it has in common with the version
    kept before it."""
    kept = _parsed.get(pk)
    if kept is not None:
        doc = _sharing(doc, kept[1])
    _parsed[pk] = (version, doc)
    return doc


def _sharing(doc: PlanDocument, before: PlanDocument) -> PlanDocument:
    """`doc`, a version made elsewhere (another worker's save), with each part equal to the
    version this process had before holding that version's very object, as an edit made here
    would: what is kept for a part by identity (an entry's validation and stored form, the
    checks of what an edit left alone) is found for the new version too."""
    entries = [
        was if was.commitment == now.commitment and was == now else now
        for was, now in zip(before.commitments, doc.commitments, strict=False)
    ]
    entries += doc.commitments[len(entries) :]
    same = {
        part.name: getattr(before, part.name)
        for part in dataclasses.fields(doc)
        if part.name != "commitments" and getattr(before, part.name) == getattr(doc, part.name)
    }
    return dataclasses.replace(doc, commitments=entries, **same)


def saved(plan: Plan, doc: PlanDocument) -> None:
    """`doc` was written as the plan's working copy, and `plan` read back in the same committed
    transaction: this process keeps it as that version's document instead of parsing it again,
    and the other workers read it from here, with the assurance judged before the save if its
    pages show that stage's (a plan working towards the final one)."""
    _parsed[plan.pk] = ((plan.lock_version, plan.updated_at), doc)
    shared.write(("document", *_version(plan)), doc)
    stage = next_stage(plan)
    kept = _assured.get((plan.pk, stage))
    if kept is not None and kept[0] is doc:
        shared.write(("assured", stage, *_version(plan)), (kept[2], kept[3]))


# (plan id, stage) → (the document, pack, what else it was assured with, the report): every
# plan page shows the working copy's assurance, and a save stores its summary, so each version
# is assured once here (and once among the workers: shared.py)
_assured: dict[tuple[int, Stage], tuple[PlanDocument, Pack, tuple, AssuranceReport]] = {}


# plan id → (the document, pack, today, maturity level and boards its rules ran with, what
# they found): a save judges the new version for the final plan (the dashboards' summary) and
# its page for the next stage; the checks run once for both
_issued: dict[int, tuple[PlanDocument, Pack, tuple[dt.date, str | None, tuple], RuleIssues]] = {}
# plan id → what its checks found on the last version checked here, part by part: a save's
# checks run again only on what it changed (the commitment it edits)
_remembered: dict[int, Remembered] = {}


def _issues(
    plan: Plan, doc: PlanDocument, pack: Pack, today: dt.date, level, boards: tuple[Board, ...]
) -> RuleIssues:
    kept = _issued.get(plan.pk)
    ran_with = (today, level, boards)
    if kept is not None and kept[0] is doc and kept[1] is pack and kept[2] == ran_with:
        return kept[3]
    remembered = _remembered.setdefault(plan.pk, Remembered())
    issues = rule_issues(pack, doc, today, level, boards=boards, remembered=remembered)
    _issued[plan.pk] = (doc, pack, ran_with, issues)
    return issues


# (what, plan id) → (the objects it was made from, what was made of them): what a page makes
# of a version alone (its task list, its findings table) is made once per version, as its
# assurance is (documents, packs and reports are immutable; each version is an object of its own)
_derived: dict[tuple[Hashable, int], tuple[tuple, Any]] = {}


def derived(what: Hashable, plan: Plan, made_from: tuple, make: Callable[[], T]) -> T:
    """`make()`, kept for the plan while `made_from` are the very objects it was made from."""
    kept = _derived.get((what, plan.pk))
    if (
        kept is not None
        and len(kept[0]) == len(made_from)
        and all(a is b for a, b in zip(kept[0], made_from, strict=True))
    ):
        return kept[1]
    value = make()
    _derived[(what, plan.pk)] = (made_from, value)
    return value


def maturity_level(plan: Plan) -> str | None:
    """The system's moderated ICS maturity level this plan year: its freedoms apply."""
    from ltpif.web.maturity.queries import level_now  # the maturity app reads plans from here

    pack, today = pack_of(plan), calendar_today()
    return once(_level_key(plan, pack, today), lambda: level_now(plan.system_id, pack, today))


def _level_key(plan: Plan, pack: Pack, today: dt.date) -> tuple:
    return ("level", plan.system_id, pack.id, today)


def _level_and_boards(plan: Plan, pack: Pack, today: dt.date) -> tuple[Any, tuple[Board, ...]]:
    """`maturity_level` and the boards of the plan's footprint with their recorded strategies
    (partnership.queries.boards_of_system), both asked in one question unless the request knows
    both already (planning/system_inputs.py), and told to it for the rest of the request."""
    from ltpif.web.maturity.queries import level_of  # the maturity app reads plans from here
    from ltpif.web.partnership.queries import strategies_key  # it reads plans from here
    from ltpif.web.planning import system_inputs  # it reads both apps' rows

    level_key, boards_key = _level_key(plan, pack, today), strategies_key(plan.system_id)
    (has_level, level), (has_boards, strategies) = asked(level_key), asked(boards_key)
    if not (has_level and has_boards):
        moderations, strategies = system_inputs.read(plan.system_id)
        level = level_of(moderations, pack, today)
        tell(level_key, level)
        tell(boards_key, strategies)
    return level, strategies[0]


def _judged_with(plan: Plan, doc: PlanDocument) -> tuple[Pack, Explained, dt.date, Any, tuple]:
    """What a version is judged with: the pack, the accepted answers, the calendar's today, the
    system's moderated maturity level, and all of them with the boards' recorded strategies."""
    pack = pack_of(plan)
    explained = explained_of(plan, doc)
    today = calendar_today()
    level, boards = _level_and_boards(plan, pack, today)
    inputs = (pack.id, pack.meta.version, explained, today, level, boards)
    return pack, explained, today, level, inputs


def _kept_report(
    plan: Plan, stage: Stage, doc: PlanDocument, pack: Pack, inputs: tuple
) -> AssuranceReport | None:
    """The report this process made of this very document with the same inputs, if any."""
    kept = _assured.get((plan.pk, stage))
    if kept is not None and kept[0] is doc and kept[1] is pack and kept[2] == inputs:
        return kept[3]
    return None


def assurance(
    plan: Plan, doc: PlanDocument | None = None, stage: Stage = DEFAULT_STAGE
) -> AssuranceReport:
    """The assurance of the plan's working copy, or of `doc`, an edit of it about to be saved,
    judged for `stage` (the final plan unless asked; `next_stage` is the one a plan works
    towards). Kept for the very document object it was made from (documents are immutable, and
    each version of a working copy is parsed into an object of its own), the pack, the accepted
    answers, the calendar's today, the system's moderated maturity level (rules its freedoms
    waive) and the boards' recorded strategies; a saved version's, for the other workers too."""
    doc = document(plan) if doc is None else doc
    pack, explained, today, level, inputs = _judged_with(plan, doc)
    kept = _kept_report(plan, stage, doc, pack, inputs)
    if kept is not None:
        return kept
    # the saved version's document (not an edit about to be saved) may be judged in another
    # worker already: its report is read if made from the same inputs
    version = _saved_version(plan, doc)
    found = shared.read(("assured", stage, *version)) if version else None
    if _made_from(found, inputs, AssuranceReport):
        report = found[1]
    else:
        issues = _issues(plan, doc, pack, today, level, inputs[-1])
        report = assure(
            pack, doc, stage=stage, explained=explained, today=today, level=level, issues=issues
        )
        if version:
            shared.write(("assured", stage, *version), (inputs, report))
    _assured[(plan.pk, stage)] = (doc, pack, inputs, report)
    return report


def judged_readiness(plan: Plan, doc: PlanDocument, stage: Stage = DEFAULT_STAGE) -> Readiness:
    """`assurance(plan, doc, stage).readiness`, without drawing the rest of the report where no
    page of the plan shows it: a save stores the final plan's readiness, and the page answering
    it shows the stage the plan works towards (a draft's)."""
    if stage == next_stage(plan):
        return assurance(plan, doc, stage).readiness
    pack, explained, today, level, inputs = _judged_with(plan, doc)
    kept = _kept_report(plan, stage, doc, pack, inputs)
    if kept is not None:
        return kept.readiness
    issues = _issues(plan, doc, pack, today, level, inputs[-1])
    findings = run_rules(
        pack, doc, stage=stage, explained=explained, today=today, level=level, issues=issues
    )
    return readiness_of(findings, stage)


def moved_on(plan: Plan, read_as: int) -> None:
    """`plan` was moved on (a transition: its lock version bumped from `read_as`, its working
    copy unchanged): the document this process kept for the version it was read at is the new
    version's too, kept and shared as a save's (`saved`), so that no worker fetches and parses
    the same copy again under its new name."""
    kept = _parsed.get(plan.pk)
    if kept is not None and kept[0] == (read_as, plan.updated_at):
        saved(plan, kept[1])


def _saved_version(plan: Plan, doc: PlanDocument) -> tuple | None:
    """The version's name among the workers if `doc` is the plan's saved version."""
    kept = _parsed.get(plan.pk)
    if kept is None or kept[1] is not doc or kept[0] != (plan.lock_version, plan.updated_at):
        return None
    return _version(plan)


def _made_from(found: Any, inputs: tuple, kind: type) -> bool:
    """Whether `found`, read from the shared cache, is a `kind` made from these `inputs`."""
    return (
        isinstance(found, tuple)
        and len(found) == 2
        and found[0] == inputs
        and isinstance(found[1], kind)
    )


def explained_of(plan: Plan, doc: PlanDocument) -> Explained:
    """The queries the region accepted the plan's answer to: the latest decision on each
    answer, made on the very explanation the document now gives (a changed answer is not yet
    accepted)."""
    if not doc.query_answers:
        return frozenset()
    latest = decisions_of(plan)
    accepted = set()
    for answer in doc.query_answers:
        decision = latest.get((answer.rule, answer.pointer))
        if (
            decision is not None
            and decision.decision == "accepted"
            and decision.explanation == answer.explanation
        ):
            accepted.add((answer.rule, answer.pointer))
    return frozenset(accepted)


def decisions_of(plan: Plan) -> dict[tuple[str, str], QueryDecision]:
    """The latest decision on each answer of the plan, by (rule, pointer)."""
    return once(("decisions", plan.pk), lambda: _decisions(plan))


def _decisions(plan: Plan) -> dict[tuple[str, str], QueryDecision]:
    latest = {}
    # who decided and on which version (not its document): the overview names both; fetched
    # beside the decisions, and only when there are some
    found = QueryDecision.objects.filter(plan=plan).prefetch_related(
        "decided_by", Prefetch("version", queryset=PlanVersion.objects.only("id", "number"))
    )
    for decision in found.order_by("decided_at", "id"):
        latest[(decision.rule, decision.pointer)] = decision
    return latest


def calendar_today() -> dt.date:
    """The planning calendar's today: LTPIF_TODAY lets a demo or a test stand in 2019."""
    return dt.date.fromisoformat(settings.LTPIF_TODAY) if settings.LTPIF_TODAY else dt.date.today()


def reviewed_and_assured(plan: Plan) -> tuple[bool, bool]:
    """Whether the plan has an assurance review, and a first-line assurance by its ICS: the
    plan pages link each tab once there is something in it. One query for both, written out:
    the ORM's two subqueries cost every plan page more Python than the database's answer."""
    from ltpif.web.maturity.models import FirstLineAssurance  # it reads plans from here

    tables = (Review._meta.db_table, FirstLineAssurance._meta.db_table)
    ask = ", ".join(f"EXISTS (SELECT 1 FROM {table} WHERE plan_id = %s)" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ask}", [plan.pk] * len(tables))
        reviewed, assured = cursor.fetchone()
    return bool(reviewed), bool(assured)


def extensions_of(plans: Iterable[Plan]) -> dict[int, dict[Stage, dt.date]]:
    """By plan id, the deadline each granted extension set (the latest granted per stage), in
    one query."""
    return extensions_by_id([plan.pk for plan in plans])


def extensions_by_id(ids: list[int]) -> dict[int, dict[Stage, dt.date]]:
    """`extensions_of` the plans of these ids."""
    found: dict[int, dict[Stage, dt.date]] = {}
    for plan, stage, until in _granted(tuple(ids)):
        found.setdefault(plan, {})[stage] = until
    return found


@compiled  # every plan page asks it
def _granted(ids: tuple[int, ...]) -> QuerySet:
    granted = DeadlineExtension.objects.filter(plan_id__in=ids).order_by("granted_at", "id")
    return granted.values_list("plan_id", "stage", "until")


def due_of(plan: Plan, extensions: dict[Stage, dt.date] | None = None) -> Due:
    """What the plan owes next, by when, and whether it is overdue, on the calendar's today."""
    if extensions is None:
        extensions = extensions_of([plan]).get(plan.pk, {})
    return due(
        calendar_today(),
        Status(plan.status),
        plan.reviewing_final,
        pack_of(plan).stage_deadlines,
        extensions,
    )


def next_stage(plan: Plan) -> Stage:
    """The submission the plan is working towards, which its readiness panel judges."""
    return stage_of(Status(plan.status))


def documents(rows: Iterable[Plan]) -> dict[int, PlanDocument]:
    """By plan id, the documents of plans read without their working copy: only the copies
    not parsed yet are fetched, in one query (a copy saved since `rows` were read comes newer)."""
    found, missing = {}, []
    for row in rows:
        version = (row.lock_version, row.updated_at)
        kept = _parsed.get(row.pk)
        if kept is not None and kept[0] == version:
            found[row.pk] = kept[1]
            continue
        doc = _made_elsewhere(row.pk, *version)  # another worker's: its copy is not fetched
        if doc is not None:
            found[row.pk] = _keep(row.pk, version, doc)
        else:
            missing.append(row.pk)
    if not missing:
        return found
    # looked for in the shared cache above: each fetched copy is parsed here
    fetched = Plan.objects.filter(pk__in=missing).only("lock_version", "updated_at", "working")
    return found | {plan.pk: _parsed_afresh(plan) for plan in fetched}


def version_document(version: PlanVersion) -> PlanDocument:
    return parse(PlanDocument, version.document)


def actor_key(user: AbstractBaseUser) -> tuple:
    return ("actor", user.pk)


def actor_of(user: AbstractBaseUser) -> Actor | None:
    """The role a signed-in user acts in; None when they have none."""
    return once(actor_key(user), lambda: _actor_of(user))


def _actor_of(user: AbstractBaseUser) -> Actor | None:
    membership = Membership.objects.filter(user=user).values_list("role", "system", "region")
    return actor_from(*(membership.first() or (None, None, None)))


def actor_from(role: str | None, system: str | None, region: str | None) -> Actor | None:
    """The actor of a membership's role, system and region; None without a membership."""
    return None if role is None else Actor(Role(role), system, region)


def target_of(plan: Plan) -> Target:
    return Target(plan.system_id, plan.system.region_id)


def plan_for(system_code: str) -> Plan:
    """The current round's plan of the system with its system and region, without its working
    copy: `document` keeps each version parsed and reads the copy only for a version not parsed
    yet. The round is the request's (asked once, for the header too), not found again in the
    plan's query."""
    the_round = current_round()
    found = _plan_of(the_round.pk if the_round is not None else None, system_code)
    if not found:
        raise Http404(f"no plan for system {system_code}")
    plan, system, region = _split(found[0])
    plan.round = the_round
    Plan.system.field.set_cached_value(plan, system)
    System.region.field.set_cached_value(system, region)
    return plan


# the columns `plan_for` reads, as `select_related("system__region").defer("working")` would
_PLAN, _SYSTEM, _REGION = (
    tuple(f.attname for f in model._meta.concrete_fields if f.name != "working")
    for model in (Plan, System, Region)
)


@compiled  # every plan page asks it
def _plan_of(the_round: int | None, system_code: str) -> QuerySet:
    found = Plan.objects.filter(round=the_round, system_id=system_code)  # one: they are unique
    columns = (
        *_PLAN,
        *(f"system__{c}" for c in _SYSTEM),
        *(f"system__region__{c}" for c in _REGION),
    )
    return found.values_list(*columns)[:1]


def _split(row: tuple) -> tuple[Plan, System, Region]:
    db, plan_end, system_end = Plan.objects.db, len(_PLAN), len(_PLAN) + len(_SYSTEM)
    return (
        Plan.from_db(db, _PLAN, row[:plan_end]),
        System.from_db(db, _SYSTEM, row[plan_end:system_end]),
        Region.from_db(db, _REGION, row[system_end:]),
    )
