"""Writing a plan's workbook with XlsxWriter: styled input cells, locks, validation, formulas."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ltpif.framework.numbers import LARGEST
from ltpif.framework.pack import Pack
from ltpif.interchange.template.build import OPEN_LISTS, build_layout
from ltpif.interchange.template.layout import (
    Fixed,
    Formula,
    Input,
    Layout,
    Sheet,
    cell_name,
)
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.document import Plan

STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True, "font_color": "#595959"},
    "heading": {"bold": True, "bg_color": "#DCE6F1"},
    "header": {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "text_wrap": True},
    "key": {"font_color": "#7F7F7F", "font_size": 9},
    "label": {"text_wrap": True},
    "para": {},
    "note": {"italic": True, "font_color": "#595959", "text_wrap": True},
    "readonly": {"bg_color": "#F2F2F2"},
    "formula": {"bg_color": "#F2F2F2"},
    "input": {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF", "locked": False},
}
PROTECTION = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}
MESSAGES = {
    "proportion": ("Percentage", "Type a percentage such as 75%."),
    "date": ("Date", "Type a date such as 2019-09-27."),
    "flag": ("Yes or no", "Type 1 for yes, 0 for no."),
}
TEXT_LIMIT = 32_767
# Row heights for wrapped text: points a line, characters a unit of column width, at most
LINE_HEIGHT, CHARACTERS_PER_WIDTH, MOST_LINES, DEFAULT_WIDTH = 15, 1.1, 6, 8.43


class _ClassicWorksheet(Worksheet):
    """Our formulas use only classic functions (SUM, IF, IFERROR, COUNT, AND), so XlsxWriter's
    hundred regular-expression rewrites per formula for newer functions are skipped: they
    took half the export's time."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula.removeprefix("=")


class _Formats:
    """XlsxWriter formats made once per (style, number format, wrapped)."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.made: dict[tuple, Any] = {}

    def get(self, style: str, number_format: str | None = None, wide: bool = False):
        key = (style, number_format, wide)
        if key not in self.made:
            options = {"valign": "top"} | STYLES[style]  # rows are tall where text wraps
            if number_format:
                options["num_format"] = number_format
            if wide:
                options["text_wrap"] = True
            self.made[key] = self.book.add_format(options)
        return self.made[key]


def _validation(cell: Input, pack: Pack) -> dict[str, Any]:
    """Excel's data validation for an input cell: what a planner may type there."""
    kind = cell.kind
    if kind in ("choice", "year", "yes_no"):
        rule = {"validate": "list", "source": f"=ltpif_{cell.choices}"}
        if cell.choices in OPEN_LISTS:
            rule["error_type"] = "warning"
    elif kind == "date":
        first, last = pack.window
        rule = {"validate": "date", "criteria": "between", "minimum": first, "maximum": last}
    elif kind in ("text", "lines"):
        rule = {"validate": "length", "criteria": "<=", "value": TEXT_LIMIT}
    else:
        # within the number parser's bounds, which import applies
        low = cell.minimum if cell.minimum is not None else -LARGEST
        high = cell.maximum if cell.maximum is not None else LARGEST
        rule = {"validate": "integer" if kind == "flag" else "decimal"}
        rule |= {"criteria": "between", "minimum": low, "maximum": high}
    if kind in MESSAGES:
        rule["input_title"], rule["input_message"] = MESSAGES[kind]
    return rule


def _ranges(cells: list[tuple[int, int]]) -> list[str]:
    """Cells as ranges, joining neighbours along a row: C5:H5."""
    out, run = [], None
    for row, col in sorted(cells):
        if run and run[0] == row and run[2] == col - 1:
            run = (row, run[1], col)
            continue
        if run:
            out.append(run)
        run = (row, col, col)
    if run:
        out.append(run)
    return [
        cell_name(r, a) if a == b else f"{cell_name(r, a)}:{cell_name(r, b)}" for r, a, b in out
    ]


def _write_cell(ws, row: int, col: int, cell, formats: _Formats) -> None:
    r, c = row - 1, col - 1
    if isinstance(cell, Fixed):
        fmt = formats.get(cell.style, cell.number_format)
        if isinstance(cell.value, str):
            ws.write_string(r, c, cell.value, fmt)
        else:
            ws.write_number(r, c, cell.value, fmt)
    elif isinstance(cell, Formula):
        ws.write_formula(r, c, cell.text, formats.get(cell.style, cell.number_format), "")
    else:
        fmt = formats.get("input", cell.number_format, cell.wide)
        value = cell.value
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, str):
            ws.write_string(r, c, value, fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
        else:
            ws.write_number(r, c, value, fmt)


def _lines(cell, width: float) -> int:
    """About how many lines a wrapped cell's text takes in a column `width` characters wide."""
    wrapped = (isinstance(cell, Fixed) and STYLES[cell.style].get("text_wrap")) or (
        isinstance(cell, Input) and cell.wide
    )
    if not wrapped or not isinstance(cell.value, str):
        return 1
    per_line = max(width * CHARACTERS_PER_WIDTH, 1)
    return sum(-(-len(part) // int(per_line)) or 1 for part in cell.value.split("\n"))


def _row_heights(ws, sheet: Sheet) -> None:
    """Spreadsheets do not grow rows to fit wrapped text written by a program: set them."""
    lines: dict[int, int] = defaultdict(lambda: 1)
    for (row, col), cell in sheet.cells.items():
        width = sheet.widths.get(col, DEFAULT_WIDTH)
        lines[row] = max(lines[row], min(_lines(cell, width), MOST_LINES))
    for row, count in lines.items():
        if count > 1:
            ws.set_row(row - 1, LINE_HEIGHT * count)


def _write_sheet(book, sheet: Sheet, formats: _Formats, pack: Pack) -> None:
    ws = book.add_worksheet(sheet.name, worksheet_class=_ClassicWorksheet)
    for col, width in sheet.widths.items():
        ws.set_column(col - 1, col - 1, width)
    _row_heights(ws, sheet)
    validations: dict[str, tuple[dict, list]] = defaultdict(lambda: ({}, []))
    for (row, col), cell in sheet.cells.items():
        _write_cell(ws, row, col, cell, formats)
        if isinstance(cell, Input):
            rule = _validation(cell, pack)
            entry = validations[repr(sorted(rule.items()))]
            entry[0].update(rule)
            entry[1].append((row, col))
    for rule, cells in validations.values():
        ranges = _ranges(cells)
        first_row, first_col = min(cells)
        ws.data_validation(
            first_row - 1,
            first_col - 1,
            first_row - 1,
            first_col - 1,
            rule | {"multi_range": " ".join(ranges)},
        )
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # printed: as wide as a page, as long as it takes
    if sheet.hidden:
        ws.very_hidden()
    ws.protect("", PROTECTION)


def write_layout(layout: Layout, pack: Pack) -> bytes:
    out = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(out, options)
    formats = _Formats(book)
    for sheet in layout.sheets:
        _write_sheet(book, sheet, formats, pack)
    for name, ref in layout.names.items():
        book.define_name(name, ref)
    book.set_properties({"title": layout.sheets[0].cells[(1, 1)].value, "author": "ltpif"})
    book.close()
    return out.getvalue()


def export_workbook(
    pack: Pack, plan: Plan, plan_version: int | str = 1, plan_hash: str | None = None
) -> bytes:
    """The planning workbook (.xlsx) of a plan version. `plan_hash` defaults to the plan's
    content hash; InputError if the plan holds something no cell can (a text over 32,767
    characters, a commitment or metric the pack does not know)."""
    layout = build_layout(pack, plan, str(plan_version), plan_hash or plan_sha256(plan))
    return write_layout(layout, pack)
