"""The system lead's task list (the NHS service manual's "task list" pattern) and where each
assurance finding is fixed.

`task_list` reads the plan document and its assurance report and says, for each part of the
plan, whether it is not started, in progress, completed or cannot start yet, and what is left.
`place_of` turns a finding's JSON pointer into the page and anchor of the field that fixes it.
Both are pure: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ltpif.assurance.findings import Finding
from ltpif.assurance.report import AssuranceReport
from ltpif.framework.pack import Pack
from ltpif.plans.document import NARRATIVE_FIELDS, Plan

TaskStatus = Literal["not started", "in progress", "completed", "cannot start yet"]

# each status's NHS tag colour (the task list pattern: completed has no colour, plain text)
STATUS_COLOUR: dict[TaskStatus, str] = {
    "not started": "grey",
    "in progress": "blue",
    "completed": "",
    "cannot start yet": "",
}


@dataclass(frozen=True)
class Task:
    id: str  # the row's anchor on the task list
    title: str
    status: TaskStatus
    left: str  # what is left to do, in words ("" when nothing)
    page: str  # the plan page (relative to the plan) where the part is written

    @property
    def colour(self) -> str:
        return STATUS_COLOUR[self.status]


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def _parts(pointer: str) -> list[str]:
    return [_unescape(p) for p in pointer.split("/")[1:]] if pointer else []


# the page and anchor of each top-level part of a plan that one place edits
SIMPLE_PLACES = {
    "engagement": "engagement/#engagement-log",
    "sign_offs": "engagement/#sign-offs",
    "local_priorities": "#local-priorities",
    "query_answers": "#queries",
}
# the top-level parts edited one form each (app.plan_parts): the head of a finding's pointer →
# the form's address and whether the part is a list (its fields named `key[row].field`)
PART_FORMS = {
    "finance": ("parts/finance/", False),
    "workforce": ("parts/workforce/", True),
    "digital": ("parts/digital/", True),
    "estates": ("parts/estates/", True),
    "footprint": ("parts/footprint/", False),
    "clinical_lead": ("parts/clinical-lead/", False),
    "landscape_changes": ("parts/landscape/", True),
}
COMMITMENT_FIELDS = {
    "clinical_lead": "lead_name",
    "narrative": "narrative",
    "local_justification": "local_justification",
}
TRAJECTORY_PARTS = {"values": "", "numerator": "__num", "denominator": "__den"}


def place_of(pointer: str, doc: Plan) -> str:
    """The page and anchor, relative to the plan's own address (`/plans/<system>/`), of the
    field a finding at `pointer` is fixed in; the overview ("") when no page edits it."""
    parts = _parts(pointer)
    head, rest = (parts[0], parts[1:]) if parts else ("", [])
    if head == "commitments":
        return _commitment_place(rest, doc)
    if head == "narrative":
        return _narrative_place(rest)
    if head == "maturity":
        return _maturity_place(rest, doc)
    if head in PART_FORMS:
        page, many = PART_FORMS[head]
        if not many and len(rest) == 1:  # a field of the part's one record
            return f"{page}#{rest[0]}"
        return page + _field_anchor(([head] if many else []) + rest)
    return SIMPLE_PLACES.get(head, "")


def _field_anchor(parts: list[str]) -> str:
    """The anchor of a part form's field named by a pointer's parts (`["workforce", "0",
    "wte", "2019/20"]` → `#workforce[0].wte.2019/20`); a whole row's fieldset (`#workforce-0`)
    when the pointer ends at the row; none when it names the whole part."""
    if len(parts) <= 1:
        return ""
    row = next((i for i, p in enumerate(parts) if p.isdigit()), None)
    # a row, or a finance year of a row (its columns are the fields): the row's fieldset
    if row is not None and (row == len(parts) - 1 or parts[row + 1 : -1] == ["years"]):
        return f"#{'.'.join(parts[:row])}-{parts[row]}"
    name = ""
    for part in parts:
        if part.isdigit():
            name += f"[{part}]"
        else:
            name += f".{part}" if name else part
    return f"#{name}"


def _index(part: str, items: list) -> int | None:
    return int(part) if part.isdigit() and int(part) < len(items) else None


def _commitment_place(rest: list[str], doc: Plan) -> str:
    index = _index(rest[0], doc.commitments) if rest else None
    if index is None:
        return "commitments/"
    entry = doc.commitments[index]
    page = f"commitments/{entry.commitment}/"
    field, more = (rest[1], rest[2:]) if len(rest) > 1 else ("", [])
    if field == "milestones":
        return f"{page}milestones/" + _field_anchor(["milestones", *more])
    if field == "trajectories":
        t = _index(more[0], entry.trajectories) if more else None
        if t is None or len(more) < 3 or more[1] not in TRAJECTORY_PARTS:
            return page + "#trajectory-form"
        metric = entry.trajectories[t].metric
        return f"{page}#{metric}{TRAJECTORY_PARTS[more[1]]}__{more[2]}"
    return page + (f"#{COMMITMENT_FIELDS[field]}" if field in COMMITMENT_FIELDS else "")


def _narrative_place(rest: list[str]) -> str:
    if rest[:1] == ["sections"] and len(rest) >= 2:
        return f"narrative/#text-{rest[1]}"
    if rest and rest[0] in NARRATIVE_FIELDS:
        return f"narrative/#text-{rest[0]}"
    return "narrative/"


def _maturity_place(rest: list[str], doc: Plan) -> str:
    if rest[:1] == ["characteristics"] and len(rest) >= 4:
        index = _index(rest[1], doc.maturity.characteristics)
        if index is not None and rest[2] in ("levels", "evidence"):
            which = "level" if rest[2] == "levels" else "evidence"
            cid = doc.maturity.characteristics[index].characteristic
            return f"maturity/#{which}__{cid}__{rest[3]}"
    return "maturity/#self-assessment"


def _grouped(
    findings: Sequence[Finding],
) -> tuple[dict[str, list[Finding]], dict[str | None, list[Finding]]]:
    """The findings by the top-level part their pointer is in, and by commitment: grouped in
    one pass (a plan has hundreds of findings, and a dozen tasks count theirs)."""
    by_head: dict[str, list[Finding]] = {}
    by_commitment: dict[str | None, list[Finding]] = {}
    for f in findings:
        head = f.pointer.split("/", 2)[1:2]  # as `_parts`: none without a first part
        if head:
            by_head.setdefault(_unescape(head[0]), []).append(f)
        by_commitment.setdefault(f.commitment, []).append(f)
    return by_head, by_commitment


def _under(by_head: dict[str, list[Finding]], *heads: str) -> list[Finding]:
    return [f for head in heads for f in by_head.get(head, ())]


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _left(findings: list[Finding], todo: list[str]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    queries = sum(1 for f in findings if f.severity == "query" and not f.explained)
    said = list(todo)
    if errors:
        said.append(f"fix {_counted(errors, 'error', 'errors')}")
    if queries:
        said.append(f"explain {_counted(queries, 'query', 'queries')}")
    return "; ".join(said).capitalize()


def _status(started: bool, done: bool, findings: list[Finding]) -> TaskStatus:
    if not started:
        return "not started"
    errors = any(f.severity == "error" for f in findings)
    return "completed" if done and not errors else "in progress"


def _task(
    ident: str,
    title: str,
    page: str,
    started: bool,
    done: bool,
    found: list[Finding],
    todo: Sequence[str] = (),
) -> Task:
    status = _status(started, done, found)
    left = _left(found, list(todo)) if status != "completed" or found else ""
    if status == "not started" and not left:
        left = "Nothing written yet"
    return Task(ident, title, status, left, page)


def task_list(pack: Pack, doc: Plan, report: AssuranceReport) -> list[Task]:
    """The plan's parts with their status and what is left. A part is not started while the
    plan has nothing in it; completed when it has what the part needs and assurance finds no
    error in it (open queries are listed as left, but do not hold a part back); in progress
    otherwise. Sign-offs cannot start until partners have been engaged."""
    by_head, by_commitment = _grouped(report.findings)
    tasks: list[Task] = []

    written = {k for k, v in doc.narrative.sections.items() if v.strip()}
    needed = [s.id for s in pack.sections.section]
    missing = [s for s in needed if s not in written]
    todo = [f"write {_counted(len(missing), 'section', 'sections')}"] if missing else []
    started = bool(written) or any(getattr(doc.narrative, n).strip() for n in NARRATIVE_FIELDS)
    tasks.append(
        _task(
            "narrative",
            "Plan sections",
            "narrative/",
            started,
            not missing,
            _under(by_head, "narrative"),
            todo,
        )
    )

    planned = {c.commitment: c for c in doc.commitments}
    for area in pack.areas:
        commitments = area.area.commitment
        ids = {c.id for c in commitments}
        absent = [c for c in commitments if c.id not in planned]
        absent_foundational = [c for c in absent if c.kind == "foundational"]
        found = [f for c in ids for f in by_commitment.get(c, ())]
        todo = (
            [f"plan {_counted(len(absent_foundational), 'commitment', 'commitments')}"]
            if absent_foundational
            else []
        )
        tasks.append(
            _task(
                f"area-{area.area.area}",
                f"Commitments: {area.area.title}",
                "commitments/",
                len(absent) < len(commitments),
                not absent_foundational,
                found,
                todo,
            )
        )

    footprint = bool(doc.footprint.ccgs or doc.footprint.local_authorities)
    parts = [
        (
            "clinical-lead",
            "Senior clinical lead",
            doc.clinical_lead is not None,
            ("clinical_lead",),
        ),
        ("finance", "Finance", bool(doc.finance.organisations), ("finance",)),
        ("workforce", "Workforce", bool(doc.workforce), ("workforce",)),
        ("digital", "Digital", bool(doc.digital), ("digital",)),
        ("estates", "Estates", bool(doc.estates), ("estates",)),
        ("footprint", "Footprint and landscape", footprint, ("footprint", "landscape_changes")),
    ]
    for ident, title, has, heads in parts:
        page = f"parts/{ident}/"
        tasks.append(_task(ident, title, page, has, has, _under(by_head, *heads)))

    engaged = bool(doc.engagement)
    tasks.append(
        _task(
            "engagement",
            "Engagement",
            "engagement/",
            engaged,
            engaged,
            _under(by_head, "engagement"),
        )
    )
    sign_found = _under(by_head, "sign_offs")
    if not engaged:
        tasks.append(
            Task(
                "sign-offs",
                "Sign-offs",
                "cannot start yet",
                "Record engagement with partners first",
                "engagement/",
            )
        )
    else:
        pending = [s for s in doc.sign_offs if s.status == "pending"]
        todo = [f"{_counted(len(pending), 'sign-off', 'sign-offs')} pending"] if pending else []
        tasks.append(
            _task(
                "sign-offs",
                "Sign-offs",
                "engagement/",
                bool(doc.sign_offs),
                bool(doc.sign_offs) and not pending,
                sign_found,
                todo,
            )
        )

    assessed = bool(doc.maturity.self_assessment or doc.maturity.characteristics)
    tasks.append(
        _task(
            "maturity",
            "ICS maturity",
            "maturity/",
            assessed,
            assessed,
            _under(by_head, "maturity"),
        )
    )
    return tasks


@dataclass(frozen=True)
class Answer:
    """One line of "check your answers": what will be submitted, and where to change it."""

    key: str
    value: str
    page: str  # relative to the plan's own address


def submitted_summary(pack: Pack, doc: Plan) -> list[Answer]:
    """What a submission of the plan holds, counted in words."""
    pack_commitments = {c.id for c in pack.commitments}
    planned = [c for c in doc.commitments if c.commitment in pack_commitments and not c.omitted]
    trajectories = sum(len(c.trajectories) for c in planned)
    sections = sum(1 for s in pack.sections.section if doc.narrative.sections.get(s.id, "").strip())
    signed = sum(1 for s in doc.sign_offs if s.status == "signed")
    return [
        Answer(
            "Commitments",
            f"{len(planned)} of {len(pack_commitments)} planned, "
            f"{_counted(trajectories, 'trajectory', 'trajectories')}",
            "commitments/",
        ),
        Answer(
            "Local priorities",
            _counted(len(doc.local_priorities), "priority", "priorities"),
            "",
        ),
        Answer(
            "Plan sections", f"{sections} of {len(pack.sections.section)} written", "narrative/"
        ),
        Answer(
            "Finance",
            _counted(len(doc.finance.organisations), "organisation", "organisations"),
            "parts/finance/",
        ),
        Answer(
            "Workforce",
            _counted(len(doc.workforce), "staff group", "staff groups"),
            "parts/workforce/",
        ),
        Answer(
            "Engagement",
            _counted(len(doc.engagement), "event", "events"),
            "engagement/#engagement-log",
        ),
        Answer(
            "Sign-offs",
            f"{signed} of {_counted(len(doc.sign_offs), 'sign-off', 'sign-offs')} signed",
            "engagement/#sign-offs",
        ),
        Answer(
            "Query answers",
            _counted(len(doc.query_answers or []), "answer", "answers"),
            "#queries",
        ),
    ]


# what happens after each move of the round, in the words of the one making it
WHAT_HAPPENS_NEXT = {
    "submit_draft": "The plan is frozen as this version and goes to the region's assurance "
    "team, who review it and ask for the changes the final plan needs. You cannot edit the "
    "plan until they do.",
    "submit_final": "The plan is frozen as this version and goes to the region's assurance "
    "team, who either agree it or ask for further changes. You cannot edit the plan meanwhile.",
    "start_review": "The review opens: rate each area and comment, then agree the plan or "
    "ask for changes.",
    "request_changes": "The plan goes back to the system, with the changes you ask for "
    "carried into its next version.",
    "agree": "The plan is agreed with any conditions you write, and waits for the national "
    "team to publish it.",
    "publish": "The agreed plan is published with the others.",
}
