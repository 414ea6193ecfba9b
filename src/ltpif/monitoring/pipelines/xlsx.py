"""A long-format workbook, streamed row by row into a CSV the engines can scan.

openpyxl's read-only mode reads one row at a time; each becomes one CSV line, so a problem at
line N is at row N of the sheet. Problems found in the CSV are put back in the workbook's
terms: the workbook's name and the cell (`Sheet!C5`).
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ltpif.framework.problems import InputError, Problem

T = TypeVar("T")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r", " ").replace("\n", " ")


def to_csv(workbook: Path, out: Path) -> tuple[str, list[str]]:
    """Write the first sheet to `out`; returns the sheet's name and its header."""
    try:
        book = load_workbook(workbook, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(
            [Problem(workbook.name, None, "", f"not an Excel workbook (.xlsx): {exc}")]
        ) from exc
    try:
        sheet = book.worksheets[0]
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            header: list[str] = []
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                cells = [_cell_text(v) for v in row]
                if index == 0:
                    while cells and not cells[-1]:
                        cells.pop()  # empty cells right of the header
                    header = cells
                writer.writerow(cells[: len(header)] if any(cells) else [])
        return sheet.title, header
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
