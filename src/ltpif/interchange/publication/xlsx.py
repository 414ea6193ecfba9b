"""The open data as one XLSX workbook: a sheet per table, and an About sheet with the stamp.

XlsxWriter writes the workbook's creation time from the stamp and fixed times inside the zip,
so the same inputs give the same bytes. Missing values are empty cells, never zero.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ltpif.interchange.publication.stamp import Stamp

SHEET_TITLES = {
    "ambitions": "Ambitions",
    "ambition_gaps": "Ambition gaps",
    "contributions": "Contributions",
    "fair_shares": "Fair shares",
    "totals": "Totals",
    "plans": "Plans",
    "milestones": "Milestones",
}


def _write_cell(sheet: Worksheet, row: int, col: int, value: object) -> None:
    """Typed writes: XlsxWriter's generic `write` guesses each cell's type, twice as slowly."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, list):
        sheet.write_string(row, col, ";".join(str(v) for v in value))
    else:
        sheet.write_string(row, col, str(value))


def write_workbook(path: Path, tables: dict[str, list[dict]], stamp: Stamp, title: str) -> None:
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {"title": title, "author": "ltpif", "created": stamp.build_time.replace(tzinfo=None)}
    )
    bold = workbook.add_format({"bold": True})
    about = workbook.add_worksheet("About")
    facts = [
        ("Title", title),
        ("Framework pack", stamp.pack),
        ("Pack version", stamp.pack_version),
        ("Built", stamp.build_time.isoformat()),
        ("Engine", stamp.engine),
        ("Missing values", "empty cells: never zero"),
    ]
    for row, (label, value) in enumerate(facts):
        about.write_string(row, 0, label, bold)
        about.write_string(row, 1, value)
    _stamp_tables(about, stamp, len(facts) + 1, bold)
    about.set_column(0, 0, 18)
    about.set_column(1, 2, 40)
    for name, sheet_title in SHEET_TITLES.items():
        rows = tables.get(name, [])
        sheet = workbook.add_worksheet(sheet_title)
        if not rows:
            continue
        for col, key in enumerate(rows[0]):
            sheet.write_string(0, col, key, bold)
        for r, record in enumerate(rows, 1):
            for col, value in enumerate(record.values()):
                _write_cell(sheet, r, col, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(rows[0]) - 1)
    workbook.close()


def _stamp_tables(about, stamp: Stamp, start: int, bold) -> None:
    """The About sheet's tables from row `start`: the plans with their hashes (and standing),
    the systems left out, and the footprint changes the region totals follow."""
    heads = ["System", "Plan file", "SHA-256"] + (["Status", "Version"] if stamp.standing else [])
    for col, name in enumerate(heads):
        about.write_string(start, col, name, bold)
    for row, entry in enumerate(stamp.plans, start + 1):
        for col, value in enumerate(entry):
            about.write_string(row, col, value)
        if entry[0] in stamp.standing:
            status, version = stamp.standing[entry[0]]
            about.write_string(row, 3, status)
            about.write_number(row, 4, version)
    for row, (system, reason) in enumerate(stamp.left_out.items(), start + 1 + len(stamp.plans)):
        about.write_string(row, 0, system)
        about.write_string(row, 3, f"not published: {reason}")
    below = start + 2 + len(stamp.plans) + len(stamp.left_out)
    if stamp.moves:  # the footprint changes the region totals follow
        heads = ["Organisation moving", "From system", "To system", "Effective"]
        for col, name in enumerate(heads):
            about.write_string(below, col, name, bold)
        for row, move in enumerate(stamp.moves, below + 1):
            for col, value in enumerate(
                (move.organisation, move.from_system, move.to_system, move.effective.isoformat())
            ):
                about.write_string(row, col, value)
