"""The planning workbook cell by cell: the one map that export writes and import reads back.

A layout is built from the pack and the plan being exported. Every cell is one of:
- `Fixed`: locked text or a number (headings, row keys, labels, national ambitions); import
  checks it is unchanged on the data sheets;
- `Input`: an unlocked cell for the planner, with a kind (how it is validated and read) and
  the path in the plan document its value goes to;
- `Formula`: a locked live formula (the Checks sheet, ratios); never read back.

Column A of a data sheet holds each row's key (locked): import finds inserted, deleted or
moved rows by comparing keys. Paths go through `Slot`s for list entries (a commitment, an
organisation, a blank row for a new milestone): the entry exists if its presence cell says
Yes, or else if any of its cells holds a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "number", "proportion", "flag", "date", "year", "choice", "yes_no", "lines"]
Ref = tuple[str, int, int]  # sheet, row, column (1-based)
KEY_COLUMN = 1
PRESENT = "<present>"  # the path part of a presence cell (Yes/No) inside a slot
MISSING = object()

# Number formats, by what a cell holds.
FORMATS = {
    "gbp_m": "#,##0.00",
    "count": "General",
    "wte": "#,##0.0#",
    "proportion": "0.0%",
    "days": "0.0",
    "hours": "0.0",
    "weeks": "0.0",
    "flag": "0",
    "date": "yyyy-mm-dd",
    "text": "@",
    "growth": "0.0%",
}


@dataclass(frozen=True)
class Slot:
    """One entry of a list in the plan; `anchor` is its row's key cell, named in messages."""

    name: str
    index: int
    anchor: Ref
    constants: tuple[tuple[str, Any], ...] = ()
    presence: bool = False  # a Yes/No cell decides whether the entry exists


RawPath = tuple[Any, ...]  # str | int | Slot parts


@dataclass(frozen=True)
class Fixed:
    value: str | float
    style: str = "label"  # title, subtitle, heading, header, key, label, para, note, readonly
    number_format: str | None = None


@dataclass(frozen=True)
class Input:
    kind: Kind
    path: RawPath
    value: Any = None  # the plan's value, written on export
    number_format: str | None = None
    choices: str | None = None  # the name of a list in Layout.lists
    minimum: float | None = None
    maximum: float | None = None
    blank: Any = MISSING  # the value a blank cell stands for; MISSING leaves the field out
    wide: bool = False  # long text: wrapped


@dataclass(frozen=True)
class Formula:
    text: str
    number_format: str | None = None
    style: str = "formula"


Cell = Fixed | Input | Formula


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    data: bool = True  # keys and locked cells are checked on import
    freeze: tuple[int, int] | None = None
    hidden: bool = False

    @property
    def last_row(self) -> int:
        return max((row for row, _ in self.cells), default=0)

    @property
    def last_column(self) -> int:
        return max((col for _, col in self.cells), default=0)

    def keys(self) -> dict[int, str]:
        """Row → key, for every row with a key cell."""
        return {
            row: str(cell.value)
            for (row, col), cell in self.cells.items()
            if col == KEY_COLUMN and isinstance(cell, Fixed) and cell.style == "key"
        }


@dataclass
class Layout:
    sheets: list[Sheet]
    lists: dict[str, list[str]]  # validation lists by name
    names: dict[str, str] = field(default_factory=dict)  # defined name → the range it names

    def sheet(self, name: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.name == name)

    def inputs(self) -> list[tuple[Ref, Input]]:
        return [
            ((sheet.name, row, col), cell)
            for sheet in self.sheets
            for (row, col), cell in sheet.cells.items()
            if isinstance(cell, Input)
        ]


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def where(ref: Ref) -> str:
    """A cell as people name it in messages: Finance!C12."""
    sheet, row, col = ref
    return f"{sheet}!{cell_name(row, col)}"


def formula_ref(sheet: str, row: int, col: int, absolute: bool = False) -> str:
    """A cell as a formula names it: 'Sheet name'!C12 (quoted: names may have spaces)."""
    dollar = "$" if absolute else ""
    return f"'{sheet}'!{dollar}{column_letter(col)}{dollar}{row}"


def formula_range(sheet: str, first: int, last: int, col: int) -> str:
    """A column's rows as a formula names them: 'Sheet name'!C5:C14."""
    letter = column_letter(col)
    return f"'{sheet}'!{letter}{first}:{letter}{last}"


class SheetBuilder:
    """Writes a sheet top to bottom: a title, tables of keyed rows."""

    def __init__(self, name: str, widths: dict[int, float], data: bool = True):
        self.sheet = Sheet(name, widths=dict(widths), data=data)
        self.row = 1

    def title(self, text: str, note: str = "") -> None:
        self.sheet.cells[(self.row, 1)] = Fixed(text, "title")
        if note:
            self.sheet.cells[(self.row + 1, 1)] = Fixed(note, "subtitle")
            self.row += 1
        self.row += 2

    def header(self, labels: list[str], first_column: int = 1, freeze: bool = False) -> None:
        for offset, label in enumerate(labels):
            if label:
                self.sheet.cells[(self.row, first_column + offset)] = Fixed(label, "header")
        if freeze and self.sheet.freeze is None:
            self.sheet.freeze = (self.row + 1, 3)
        self.row += 1

    def heading(self, text: str) -> None:
        self.sheet.cells[(self.row, 2)] = Fixed(text, "heading")
        self.row += 1

    def line(self, key: str | None, cells: dict[int, Cell]) -> int:
        """A row, keyed unless `key` is None; returns its row number."""
        row = self.row
        if key is not None:
            self.sheet.cells[(row, KEY_COLUMN)] = Fixed(key, "key")
        for col, cell in cells.items():
            self.sheet.cells[(row, col)] = cell
        self.row += 1
        return row

    def anchor(self) -> Ref:
        """The key cell of the next line."""
        return (self.sheet.name, self.row, KEY_COLUMN)

    def gap(self, rows: int = 1) -> None:
        self.row += rows
