"""Test helpers for the Excel template: exported demo workbooks, edited as a planner would."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import cache

import openpyxl
import pytest

from ltpif.demo.plans import build_plan, demo_assignments
from ltpif.framework.loader import load_pack
from ltpif.framework.problems import InputError
from ltpif.interchange.template.export import export_workbook
from ltpif.interchange.template.importer import ImportResult, import_workbook
from ltpif.plans.document import Plan

PACK = load_pack()
SYSTEM = PACK.geography.system[0]
FILE = "plan.xlsx"


@cache
def demo_plan(code: str = SYSTEM.code) -> Plan:
    return build_plan(PACK, PACK.system_by_code[code], demo_assignments(PACK)[code])


@cache
def exported(code: str = SYSTEM.code, version: str = "3") -> bytes:
    return export_workbook(PACK, demo_plan(code), version)


def edit(data: bytes, change: Callable[[openpyxl.Workbook], object]) -> bytes:
    """The workbook after `change`, saved as openpyxl saves (as a planner's tool would)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def set_cell(sheet: str, cell: str, value) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        book[sheet][cell].value = value

    return change


def zipped(members: dict[str, bytes]) -> bytes:
    """A zip file of the given parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def imported(data: bytes, **options) -> ImportResult:
    return import_workbook(PACK, data, FILE, **options)


def problems(data: bytes, **options) -> list[str]:
    """Every problem as 'Sheet!Cell: message' (or the message alone for the whole file)."""
    with pytest.raises(InputError) as refused:
        import_workbook(PACK, data, FILE, **options)
    listed = refused.value.problems
    assert listed, "an InputError must list its problems"
    assert all(p.file == FILE and p.line is None for p in listed)
    return [f"{p.key}: {p.message}" if p.key else p.message for p in listed]


def cell_of(key: str, sheet: str, column: str = "C") -> str:
    """The cell in `column` of the row keyed `key` on `sheet` of the exported workbook."""
    rows = key_rows(sheet)
    return f"{column}{rows[key]}"


@cache
def key_rows(sheet: str) -> dict[str, int]:
    book = openpyxl.load_workbook(io.BytesIO(exported()), read_only=True)
    try:
        rows = book[sheet].iter_rows(min_col=1, max_col=1, values_only=True)
        return {str(row[0]): number for number, row in enumerate(rows, start=1) if row[0]}
    finally:
        book.close()
