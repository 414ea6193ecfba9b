"""Importing a planning workbook: all or nothing, every problem at once by sheet and cell.

The steps: open the file safely; read the hidden metadata (pack, system, plan version, the
exported plan); rebuild the layout the workbook was exported with; check sheets, row keys
and locked cells; read every input cell; parse and validate the plan exactly as a plan file
is. Nothing is returned unless all of it passed: a pure function, so nothing can be half-
applied. A workbook exported from another version than the current one is refused with its
changes (`StaleWorkbook`), never applied over the newer plan.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, key_path
from ltpif.framework.typed import Invalid, parse
from ltpif.interchange.template.assemble import Assembled, assemble
from ltpif.interchange.template.build import build_layout
from ltpif.interchange.template.layout import Layout, Ref, where
from ltpif.interchange.template.metadata import FRESH, META, Metadata, read_metadata
from ltpif.interchange.template.reading import (
    COLUMN_MARGIN,
    ROW_MARGIN,
    Grid,
    Unreadable,
    Workbook,
)
from ltpif.interchange.template.structure import check_locked, check_rows, missing_sheets
from ltpif.plans.diff import Change, diff_records
from ltpif.plans.document import PLAN_FORMAT, Plan
from ltpif.plans.validate import validate_plan

_CELL = re.compile(r"^(.*)!([A-Z]+)(\d+)$")
META_ROWS = 200
# The plan parser's words for a plan file, said as a planner filling cells would understand
PLANNER_WORDS = {"missing key": "required: fill it in"}


class WorkbookError(InputError):
    """Every problem of a workbook, in the order of its sheets, rows and columns."""

    def __init__(self, problems: list[Problem], sheets: list[str] | None = None):
        super().__init__(problems)
        order = {name: index for index, name in enumerate(sheets or [])}

        def position(problem: Problem) -> tuple:
            match = _CELL.match(problem.key)
            sheet = match.group(1) if match else problem.key
            if not match:
                return (order.get(sheet, -1), 0, 0, problem.message)
            column = match.group(2)
            return (order.get(sheet, -1), int(match.group(3)), len(column), column, problem.message)

        self.problems = sorted(self.problems, key=position)


class StaleWorkbook(WorkbookError):
    """A valid workbook exported from another version of the plan than the current one.

    `plan` is what the workbook holds and `changes` what the planner changed in it, against
    the version it was exported from; compare `plan` with the current plan to merge by hand.
    """

    def __init__(
        self, problems: list[Problem], plan: Plan, changes: list[Change], exported_version: str
    ):
        super().__init__(problems)
        self.plan = plan
        self.changes = changes
        self.exported_version = exported_version


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    changes: list[Change]  # against the plan version the workbook was exported from
    exported_version: str
    exported_hash: str
    cells_read: int


def _metadata(book: Workbook, pack: Pack, filename: str) -> Metadata:
    if META not in book.names:
        hint = (
            "its hidden sheet 'ltpif' was removed"
            if "Instructions" in book.names
            else "it has no hidden sheet 'ltpif', so it was not exported by ltpif"
        )
        raise WorkbookError(
            [Problem(filename, None, "", f"not an ltpif planning workbook: {hint}: {FRESH}")]
        )
    grid = book.cells(META, META_ROWS, 2)
    values = {
        str(cell.value).strip(): grid[(row, 2)].value
        for (row, col), cell in grid.items()
        if col == 1 and (row, 2) in grid and not grid[(row, 2)].formula
    }
    meta, problems = read_metadata(values, pack)
    if meta is None:
        raise WorkbookError([Problem(filename, None, "", message) for message in problems])
    return meta


def _other_system(pack: Pack, meta: Metadata, system: str | None) -> str | None:
    if system is None:
        return None
    ours, theirs = pack.system_by_code.get(system), pack.system_by_code[meta.system]
    if ours is theirs:
        return None
    expected = f"{ours.name} ({ours.code})" if ours else system
    return f"this workbook is for {theirs.name} ({meta.system}), not {expected}"


def _stale(meta: Metadata, current_version, current_hash: str | None) -> str | None:
    if current_version is not None and str(current_version) != meta.plan_version:
        return (
            f"exported at save {meta.plan_version} of the plan, but the plan has been saved "
            f"since (save {current_version}): nothing was applied. Compare its changes with the "
            f"current plan, "
            f"then enter them in a fresh download"
        )
    if current_hash is not None and current_hash != meta.plan_hash:
        return (
            "the plan has changed since this workbook was exported: nothing was applied. "
            "Compare its changes with the current plan, then enter them in a fresh download"
        )
    return None


def _read_sheets(
    book: Workbook, layout: Layout
) -> tuple[dict[str, Grid], list[tuple[Ref | str, str]]]:
    """The grids of the data sheets whose rows are in place, and what is wrong with the rest."""
    expected = [sheet.name for sheet in layout.sheets if sheet.name != META]
    found = missing_sheets(expected, [name for name in book.names if name != META])
    grids = {}
    for sheet in layout.sheets:
        if not sheet.data or sheet.name not in book.names:
            continue
        rows = sheet.last_row + ROW_MARGIN
        grid = book.cells(sheet.name, rows, sheet.last_column + COLUMN_MARGIN)
        moved = check_rows(sheet, grid, rows)
        found += moved or check_locked(sheet, grid)
        if not moved:
            grids[sheet.name] = grid
    return grids, found


def _plan(pack: Pack, done: Assembled, report) -> Plan | None:
    try:
        plan = parse(Plan, done.data)
    except Invalid as exc:
        for path, message in exc.errors:
            report(path, message)
        return None
    validate_plan(plan, pack, report)
    return plan


@dataclass(frozen=True)
class _Opened:
    """What was read from the file: its metadata, the layout it was exported with, the cells
    of its sheets in shape, and what is wrong with the shape of the others."""

    meta: Metadata
    layout: Layout
    grids: dict[str, Grid]
    found: list[tuple[Ref | str, str]]


def _whole(filename: str, message: str) -> WorkbookError:
    return WorkbookError([Problem(filename, None, "", message)])


def _open(pack: Pack, data: bytes, filename: str, system: str | None) -> _Opened:
    try:
        book = Workbook(data)
    except Unreadable as exc:
        raise _whole(filename, str(exc)) from None
    try:
        meta = _metadata(book, pack, filename)
        other = _other_system(pack, meta, system)
        if other:
            raise _whole(filename, other)
        try:
            layout = build_layout(pack, meta.base, meta.plan_version, meta.plan_hash)
        except InputError:
            raise _whole(filename, f"the hidden sheet '{META}' is damaged: {FRESH}") from None
        return _Opened(meta, layout, *_read_sheets(book, layout))
    except Unreadable as exc:
        raise _whole(filename, str(exc)) from None
    finally:
        book.close()


def import_workbook(
    pack: Pack,
    data: bytes,
    filename: str,
    current_version: int | str | None = None,
    current_hash: str | None = None,
    system: str | None = None,
) -> ImportResult:
    """The plan a workbook holds, or WorkbookError (an InputError) listing every problem as
    `Sheet!Cell: message`. With `current_version`/`current_hash` of the plan now stored, a
    workbook exported from another version raises StaleWorkbook; with `system`, a workbook
    for another system is refused."""
    opened = _open(pack, data, filename, system)
    meta = opened.meta
    stale = _stale(meta, current_version, current_hash)
    plan, problems, cells = _checked_plan(pack, opened, filename)
    if problems or plan is None:
        if stale:
            problems.append(Problem(filename, None, "", stale))
        raise WorkbookError(problems, [sheet.name for sheet in opened.layout.sheets])
    plan = carried_over(meta.base, plan)
    changes = diff_records(meta.base, plan)
    if stale:
        raise StaleWorkbook([Problem(filename, None, "", stale)], plan, changes, meta.plan_version)
    return ImportResult(plan, changes, meta.plan_version, meta.plan_hash, cells)


def carried_over(base: Plan, plan: Plan) -> Plan:
    """What the workbook does not show comes back from the version it was exported from: the
    local priorities, each commitment's local pace or omission, and each milestone's pack
    milestone and evidence (matched by commitment, date and description, so a milestone
    edited in the workbook loses them). Issue 15 left the workbook editing of these for later."""
    before = {entry.commitment: entry for entry in base.commitments}
    entries = []
    for entry in plan.commitments:
        old = before.get(entry.commitment)
        if old is None:
            entries.append(entry)
            continue
        known = {(m.date, m.description): m for m in old.milestones}
        milestones = [
            dataclasses.replace(m, milestone=same.milestone, evidence=same.evidence)
            if (same := known.get((m.date, m.description))) is not None
            else m
            for m in entry.milestones
        ]
        entries.append(
            dataclasses.replace(
                entry,
                later_by_years=old.later_by_years,
                omitted=old.omitted,
                milestones=milestones,
            )
        )
    return dataclasses.replace(
        plan, commitments=entries, local_priorities=list(base.local_priorities)
    )


def _checked_plan(
    pack: Pack, opened: _Opened, filename: str
) -> tuple[Plan | None, list[Problem], int]:
    """The plan from the cells, checked as a plan file is, every problem found on the way, and
    the number of input cells read. The plan is checked even when cells were wrong, so that
    one upload lists every problem."""
    meta = opened.meta
    constants = {
        "ltpif_plan": PLAN_FORMAT,
        "pack": meta.base.pack,
        "pack_version": meta.pack_version,
        "system": meta.system,
    }
    done = assemble(opened.layout, opened.grids, constants)
    problems = [
        _problem(filename, ref, message) for ref, message in [*opened.found, *done.problems]
    ]
    told = {ref for ref, _ in done.problems}

    def report(path, message: str) -> None:
        ref, rest = done.origin_of(path)
        if ref in told:  # the cell's own problem says it (a wrong value leaves a gap)
            return
        if rest:  # no cell of its own (an organisation's years): name what is meant
            named = key_path(rest)
            required = message == "missing key"
            message = (
                f"{named} is required: fill in its cells" if required else f"{named}: {message}"
            )
        problems.append(_problem(filename, ref, PLANNER_WORDS.get(message, message)))

    return _plan(pack, done, report), problems, done.cells


def _problem(filename: str, ref: Ref | str | None, message: str) -> Problem:
    key = where(ref) if isinstance(ref, tuple) else (ref or "")
    return Problem(filename, None, key, message)
