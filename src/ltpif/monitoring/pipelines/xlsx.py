"""A long-format workbook, streamed row by row into a CSV the engines can scan.

openpyxl's read-only mode reads one row at a time; each becomes one CSV line, so a problem at
line N is at row N of the sheet. Problems found in the CSV are put back in the workbook's
terms: the workbook's name and the cell (`Sheet!C5`).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from openpyxl.utils import get_column_letter

from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.framework.xlsx_input import Unreadable, check_workbook, open_workbook

T = TypeVar("T")


def cell_text(value: object) -> str:
    """A cell's value as the CSV text of it: whole numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r", " ").replace("\n", " ")


MAX_BYTES = 200_000_000  # a long-format workbook of every system's metrics is a few MB
MAX_UNPACKED = 2_000_000_000


def to_csv(workbook: Path, out: Path) -> tuple[str, list[str]]:
    """Write the first sheet to `out`; returns the sheet's name and its header."""

    def refused(message: str) -> InputError:
        return InputError([Problem(workbook.name, None, "", message)])

    try:
        check_workbook(workbook, MAX_BYTES, MAX_UNPACKED, "a workbook of actuals")
        book = open_workbook(workbook, data_only=True)
    except Unreadable as exc:
        raise refused(str(exc)) from None
    except OSError as exc:
        raise refused(f"cannot read: {exc.strerror}") from None
    try:
        sheet = book.worksheets[0]
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            header: list[str] = []
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                cells = [cell_text(v) for v in row]
                if index == 0:
                    while cells and not cells[-1]:
                        cells.pop()  # empty cells right of the header
                    header = cells
                writer.writerow(cells[: len(header)] if any(cells) else [])
        return sheet.title, header
    except Exception as exc:  # a damaged sheet inside a sound zip
        message = f"the sheet cannot be read ({type(exc).__name__}: {quoted(str(exc))})"
        raise refused(message) from None
    finally:
        book.close()


def in_workbook_terms(workbook: Path, sheet: str, header: list[str], run: Callable[[], T]) -> T:
    """Run a read of the CSV copy, naming any problem by the workbook and its cell."""
    try:
        return run()
    except InputError as exc:
        raise InputError([_translate(p, workbook, sheet, header) for p in exc.problems]) from None


def _translate(problem: Problem, workbook: Path, sheet: str, header: list[str]) -> Problem:
    key = problem.key
    if problem.line and key in header:
        key = f"{sheet}!{get_column_letter(header.index(key) + 1)}{problem.line} ({key})"
    return Problem(workbook.name, problem.line, key, problem.message)
