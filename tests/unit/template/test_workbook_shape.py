"""The exported workbook as a planner's spreadsheet sees it: sheets, locks, validation, formulas."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.cell_range import MultiCellRange

from ltpif.interchange.template.build import build_layout
from ltpif.interchange.template.instructions import PERCENT_RULE
from ltpif.interchange.template.layout import Input, cell_name
from ltpif.plans.canonical import plan_sha256
from tests.workbooks import PACK, demo_plan, exported

SHEETS = [
    "Instructions",
    "Narrative",
    "Commitments",
    "Trajectories",
    "Milestones",
    "Finance",
    "Workforce",
    "Infrastructure",
    "Engagement",
    "Footprint",
    "Maturity",
    "Checks",
    "ltpif",
]
VALIDATION = {  # input kind → Excel's validation type
    "text": "textLength",
    "lines": "textLength",
    "number": "decimal",
    "proportion": "decimal",
    "flag": "whole",
    "date": "date",
    "year": "list",
    "choice": "list",
    "yes_no": "list",
}


@pytest.fixture(scope="module")
def layout():
    return build_layout(PACK, demo_plan(), "3", plan_sha256(demo_plan()))


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(exported()))


def test_the_sheets_in_order_with_metadata_very_hidden_and_every_sheet_protected(book):
    assert book.sheetnames == SHEETS
    assert book["ltpif"].sheet_state == "veryHidden"
    assert [name for name in SHEETS if not book[name].protection.sheet] == []
    assert [name for name in SHEETS if book[name].protection.password] == []


def test_input_cells_are_unlocked_and_every_other_cell_locked(book, layout):
    inputs = {(ref[0], ref[1], ref[2]) for ref, _ in layout.inputs()}
    wrong = []
    for name in SHEETS:
        for row in book[name].iter_rows():
            for cell in row:
                is_input = (name, cell.row, cell.column) in inputs
                if cell.protection.locked == is_input and (is_input or cell.value is not None):
                    wrong.append(f"{name}!{cell.coordinate}")
    assert wrong == []
    assert len(inputs) > 1000


def test_every_input_cell_has_the_validation_of_its_kind(book, layout):
    covered: dict[tuple[str, str], str] = {}
    for name in SHEETS:
        for rule in book[name].data_validations.dataValidation:
            for cell_range in MultiCellRange(str(rule.sqref)).ranges:
                for row, col in cell_range.cells:
                    covered[(name, cell_name(row, col))] = rule.type
    wrong = [
        (ref, cell.kind, covered.get((ref[0], cell_name(ref[1], ref[2]))))
        for ref, cell in layout.inputs()
        if covered.get((ref[0], cell_name(ref[1], ref[2]))) != VALIDATION[cell.kind]
    ]
    assert wrong == []


def test_row_keys_and_plan_paths_are_unique(layout):
    for sheet in layout.sheets:
        keys = Counter(sheet.keys().values())
        assert [key for key, n in keys.items() if n > 1] == [], sheet.name
    paths = Counter(cell.path for _, cell in layout.inputs())
    assert [path for path, n in paths.items() if n > 1] == []


def test_instructions_give_the_deadlines_of_the_pack_and_the_percentage_convention(book):
    text = "\n".join(
        str(cell.value) for row in book["Instructions"].iter_rows() for cell in row if cell.value
    )
    assert PERCENT_RULE in text
    for deadline in PACK.calendar.deadline:
        assert deadline.name in text
        assert deadline.date.isoformat() in text


def test_checks_are_live_formulas_with_the_pack_rule_as_threshold(book, layout):
    checks = book["Checks"]
    formulas = [c.value for row in checks.iter_rows() for c in row if c.data_type == "f"]
    assert len(formulas) > 200
    assert any(f.startswith("=SUM('Finance'!") for f in formulas)
    labels = {c.value: c.row for row in checks.iter_rows(min_col=2, max_col=2) for c in row}
    rule = next(r for r in PACK.rules.rule if r.check == "productivity-growth")
    assert checks.cell(labels["Minimum, from the pack"], 3).value == rule.params["min_growth"]
    assert checks.cell(labels["Minimum, from the pack"], 3).number_format == "0.0%"
    balance = checks.cell(labels["The system is in balance"], 4).value
    assert balance.startswith("=IF(") and '"Deficit"' in balance


def test_ambitions_and_this_systems_target_beside_the_trajectories(book, layout):
    sheet = book["Trajectories"]
    header = [c.value for c in sheet[4]]
    assert header[-2:] == ["National ambition", "This system's target"]
    rows = {c.value: c.row for c in sheet["A"] if c.value}
    row = rows["ld-health-check-coverage:numerator"]
    assert sheet.cell(row, len(header) - 1).value == "at least 75% by 2023/24 (every system)"
    assert sheet.cell(row, len(header)).value == 0.75
    assert sheet.cell(row, len(header)).protection.locked


def test_proportions_are_percent_cells_and_dates_date_cells(layout):
    formats = {
        (cell.kind, cell.number_format) for _, cell in layout.inputs() if isinstance(cell, Input)
    }
    assert ("date", "yyyy-mm-dd") in formats
    assert all(fmt == "0.0%" for kind, fmt in formats if kind == "proportion")


def test_the_reference_describes_every_sheet(layout):
    reference = (
        Path(__file__).resolve().parents[3] / "docs/reference/excel-template.md"
    ).read_text()
    for sheet in layout.sheets:
        assert f"\n| {sheet.name} |" in reference, sheet.name
