"""Is the workbook still the template's shape? Sheets present, rows where their keys say, locked
cells as exported. A sheet whose rows have moved is not read: its values would land in the
wrong places."""

from __future__ import annotations

import math
from typing import Any

from ltpif.interchange.template.layout import KEY_COLUMN, Formula, Input, Ref, Sheet
from ltpif.interchange.template.reading import Grid
from ltpif.interchange.template.values import quoted

Found = tuple[Ref | str, str]  # a cell (or a sheet's name) and what is wrong there
MOST_ROWS_LISTED = 10
FRESH = "put it back as it was, or download a fresh workbook"


def missing_sheets(expected: list[str], present: list[str]) -> list[Found]:
    missing = [name for name in expected if name not in present]
    extra = [name for name in present if name not in expected]
    hint = ""
    if extra:
        names = ", ".join(repr(name) for name in extra)
        hint = f" (the workbook has {names}, not a sheet of the template: was it renamed?)"
    return [
        (name, f"the sheet '{name}' is missing: sheets must keep their names{hint}")
        for name in missing
    ]


def _key(cell) -> str | None:
    if cell is None or cell.value is None:
        return None
    text = str(cell.value).strip()
    return text or None


def _shifted(
    sheet: Sheet, moved: list[tuple[int, int]], missing: list[int], unknown: list[int]
) -> list[Found]:
    """One message when every out-of-place row moved by the same number of rows."""
    offsets = {found - row for row, found in moved}
    if len(offsets) != 1 or unknown:
        return []
    (offset,) = offsets
    first = min(row for row, _ in moved)
    if offset > 0 and not missing:
        message = f"{offset} row(s) were inserted above row {first}: delete them. {_rows_rule()}"
        return [((sheet.name, first, KEY_COLUMN), message)]
    if offset < 0 and len(missing) == -offset:
        keys = sheet.keys()
        names = ", ".join(repr(keys[row]) for row in missing)
        message = (
            f"row(s) {names} were deleted and the rows below moved up: {FRESH}. {_rows_rule()}"
        )
        return [((sheet.name, min(missing), KEY_COLUMN), message)]
    return []


def _rows_rule() -> str:
    return "ltpif finds each row by its key in column A, so rows must stay where they were."


def check_rows(sheet: Sheet, grid: Grid, last_row: int) -> list[Found]:
    """Rows inserted, deleted, moved, or their keys changed; [] when every key is in place."""
    expected = sheet.keys()
    # column A's other cells (a title, a heading) are locked cells: check_locked sees to them
    others = {row for (row, col) in sheet.cells if col == KEY_COLUMN and row not in expected}
    rows = [row for row in range(1, last_row + 1) if row not in others]
    actual = {row: _key(grid.get((row, KEY_COLUMN))) for row in rows}
    actual = {row: key for row, key in actual.items() if key is not None}
    wrong = [
        row for row in sorted(set(expected) | set(actual)) if expected.get(row) != actual.get(row)
    ]
    if not wrong:
        return []
    where_now: dict[str, int] = {}
    for row, key in sorted(actual.items()):
        where_now.setdefault(key, row)
    known = set(expected.values())
    moved = [
        (row, where_now[expected[row]])
        for row in wrong
        if row in expected and expected[row] in where_now
    ]
    missing = [row for row in wrong if row in expected and expected[row] not in where_now]
    unknown = [row for row in wrong if row in actual and actual[row] not in known]
    found = _shifted(sheet, moved, missing, unknown)
    if found:
        return found
    out: list[Found] = []
    for row in unknown:
        should = f"; the key {quoted(expected[row])} belongs there" if row in expected else ""
        out.append(
            (
                (sheet.name, row, KEY_COLUMN),
                f"the key cell reads {quoted(actual[row])}{should}: key cells are locked, {FRESH}",
            )
        )
    for row, now in moved:
        out.append(
            (
                (sheet.name, now, KEY_COLUMN),
                f"the row {quoted(expected[row])} belongs at row {row}, not {now}: {_rows_rule()}",
            )
        )
    for row in missing:
        if row not in actual:
            out.append(
                (
                    (sheet.name, row, KEY_COLUMN),
                    f"the row {quoted(expected[row])} is missing: was it deleted? {FRESH}",
                )
            )
    if len(out) > MOST_ROWS_LISTED:
        more = len(out) - MOST_ROWS_LISTED
        out = out[:MOST_ROWS_LISTED]
        out.append((sheet.name, f"and {more} more row(s) out of place: {FRESH}"))
    return out


def _same(expected: Any, value: Any) -> bool:
    if isinstance(expected, str):
        return isinstance(value, str) and value.strip() == expected.strip()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isclose(expected, value, rel_tol=1e-9, abs_tol=1e-12)


def check_locked(sheet: Sheet, grid: Grid) -> list[Found]:
    """Locked cells changed, cleared or filled; formulas typed over."""
    out: list[Found] = []
    keys = sheet.keys()
    for (row, col), cell in sheet.cells.items():
        if (col == KEY_COLUMN and row in keys) or isinstance(cell, Input):
            continue
        got = grid.get((row, col))
        message = None
        if isinstance(cell, Formula):
            if got is not None and not got.formula:
                message = f"a locked formula was typed over with {quoted(got.value)}"
        elif got is None:
            message = f"a locked cell was cleared (it read {quoted(cell.value)})"
        elif got.formula or not _same(cell.value, got.value):
            message = f"a locked cell was changed from {quoted(cell.value)} to {quoted(got.value)}"
        if message:
            out.append(((sheet.name, row, col), f"{message}: {FRESH}"))
    for (row, col), got in grid.items():
        if col != KEY_COLUMN and (row, col) not in sheet.cells:
            message = f"outside the template's cells, but holds {quoted(got.value)}: clear it"
            out.append(((sheet.name, row, col), message))
    return out
