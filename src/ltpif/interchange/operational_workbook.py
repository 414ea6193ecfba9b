"""An operational plan as an Excel workbook, and back: one sheet, a row per metric, its agreed
annual value and a column per month. The planner edits the months; the rest is read only to
check that the workbook is this plan's (system, year, metrics, annual values).

Reading goes through the plan workbook's own safe opener (`interchange.template.reading`);
every problem is named by Sheet!Cell, and nothing is taken from a workbook with any problem.
"""

from __future__ import annotations

import dataclasses
import io
import math
from typing import Any

import xlsxwriter
from openpyxl.utils import get_column_letter

from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.framework.xlsx_input import Unreadable
from ltpif.interchange.template.reading import Grid, Workbook
from ltpif.plans.operational import OperationalPlan, PhasedMetric

SHEET = "Operational plan"
HEADER_ROW = 6  # 1-based: the row of column names; the metrics follow
FIRST_MONTH_COLUMN = 5  # 1-based: metric, name, phasing, annual, then the months
FACTS = (("System", 2), ("Year", 3), ("Agreed plan SHA-256", 4))


def write_operational(pack: Pack, op: OperationalPlan) -> bytes:
    """The workbook of `op`: the months in plain numbers, the rest for reference."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(SHEET)
    sheet.write_string(0, 0, f"Operational plan: {pack.system_by_code[op.system].name}", bold)
    for (label, row), value in zip(FACTS, (op.system, op.year, op.plan_sha256), strict=True):
        sheet.write_string(row - 1, 0, label, bold)
        sheet.write_string(row - 1, 1, value)
    months = pack.year_calendar.months(op.year)
    for col, name in enumerate(["metric", "name", "phasing", "annual", *months]):
        sheet.write_string(HEADER_ROW - 1, col, name, bold)
    for r, phased in enumerate(op.metrics, HEADER_ROW):
        sheet.write_string(r, 0, phased.metric)
        sheet.write_string(r, 1, pack.metric_by_id[phased.metric].name)
        sheet.write_string(r, 2, phased.phasing)
        sheet.write_number(r, 3, phased.annual)
        for c, month in enumerate(months, FIRST_MONTH_COLUMN - 1):
            sheet.write_number(r, c, phased.months[month])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 48)
    sheet.freeze_panes(HEADER_ROW, 2)
    book.close()
    return out.getvalue()


def _cell(row: int, column: int) -> str:
    return f"{SHEET}!{get_column_letter(column)}{row}"


class _Sheet:
    """The sheet's cells, and the problems found in them, each at its Sheet!Cell."""

    def __init__(self, grid: Grid, file: str):
        self.grid, self.file = grid, file
        self.problems: list[Problem] = []

    def value(self, row: int, column: int) -> Any:
        found = self.grid.get((row, column))
        return None if found is None else found.value

    def text(self, row: int, column: int) -> str:
        return str(self.value(row, column) or "").strip()

    def report(self, row: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.file, None, _cell(row, column), message))

    def number(self, row: int, column: int, unit: str, month: str) -> float | None:
        raw, found = self.value(row, column), self.grid.get((row, column))
        if found is None or (isinstance(raw, str) and not raw.strip()):
            self.report(row, column, f"no value for {month}")
        elif found.formula or found.error:
            self.report(row, column, "a formula or an error: type the month's value")
        else:
            try:
                return parse_number(raw, unit=unit, plain=True)
            except BadNumber as exc:
                self.report(row, column, str(exc))
        return None


def _grid(data: bytes, file: str, rows: int, columns: int) -> Grid:
    try:
        book = Workbook(data)
    except Unreadable as exc:
        raise InputError([Problem(file, None, "", str(exc))]) from None
    try:
        if SHEET not in book.names:
            raise InputError([Problem(file, None, "", f"no sheet {quoted(SHEET)}")])
        return book.cells(SHEET, rows, columns)
    finally:
        book.close()


def _row(sheet: _Sheet, row: int, phased: PhasedMetric, unit: str, months: list[str]):
    annual = sheet.value(row, 4)
    # Excel keeps 15 significant digits: a rate from a numerator and denominator may lose one
    if not isinstance(annual, int | float) or not math.isclose(
        annual, phased.annual, rel_tol=1e-12
    ):
        message = f"the annual value is the agreed plan's, {phased.annual!r}: not changed here"
        sheet.report(row, 4, message)
    new = {}
    for c, month in enumerate(months, FIRST_MONTH_COLUMN):
        number = sheet.number(row, c, unit, month)
        if number is None:
            continue
        was = phased.months.get(month)
        # a month left as written reads back as it was (Excel keeps 15 significant digits)
        same = was is not None and math.isclose(number, was, rel_tol=1e-12, abs_tol=1e-15)
        new[month] = was if same and was is not None else number
    if new == phased.months:
        return phased  # untouched: its profile stays
    return dataclasses.replace(phased, months=new, profile="planner")


def read_operational(
    pack: Pack, data: bytes, current: OperationalPlan, file: str
) -> OperationalPlan:
    """`current` with the months of the workbook `data`; InputError naming each problem's
    Sheet!Cell (the workbook must be this plan's: its system, year, metrics and annual values)."""
    months = pack.year_calendar.months(current.year)
    rows = HEADER_ROW + len(current.metrics) + 50
    sheet = _Sheet(_grid(data, file, rows, FIRST_MONTH_COLUMN + len(months)), file)
    facts = (current.system, current.year, current.plan_sha256)
    for (label, row), expected in zip(FACTS, facts, strict=True):
        if sheet.text(row, 2) != expected:
            sheet.report(
                row, 2, f"{label}: this workbook is not this operational plan's ({expected})"
            )
    for c, month in enumerate(months, FIRST_MONTH_COLUMN):
        if sheet.text(HEADER_ROW, c) != month:
            sheet.report(HEADER_ROW, c, f"the column of {month} is moved or renamed")
    by_metric = {p.metric: p for p in current.metrics}
    seen: dict[str, PhasedMetric] = {}
    for row in range(HEADER_ROW + 1, rows + 1):
        metric = sheet.text(row, 1)
        if not metric:
            continue
        if metric not in by_metric:
            sheet.report(row, 1, f"{quoted(metric)} is not a metric of this operational plan")
        elif metric in seen:
            sheet.report(row, 1, f"{metric} is given twice")
        else:
            unit = pack.metric_by_id[metric].unit
            seen[metric] = _row(sheet, row, by_metric[metric], unit, months)
    problems = sheet.problems + [
        Problem(file, None, SHEET, f"no row for {metric}")
        for metric in by_metric
        if metric not in seen
    ]
    if problems:
        raise InputError(problems)
    return dataclasses.replace(current, metrics=[seen[p.metric] for p in current.metrics])
