"""Reading an uploaded file into cells, refusing what is not a workbook we can safely open.

The checks before openpyxl sees the bytes are `ltpif.framework.xlsx_input`'s. Only the rows
and columns the template uses, plus a margin to see inserted rows, are read.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from ltpif.framework.xlsx_input import Unreadable, check_workbook, open_workbook

MAX_BYTES = 10_000_000  # an exported plan is about 60 kB; any real one is far below this
MAX_UNPACKED = 100_000_000
ROW_MARGIN = 200  # rows read past the template's last, to find rows inserted above them
COLUMN_MARGIN = 5


@dataclass(frozen=True)
class RawCell:
    value: Any
    formula: bool = False
    error: bool = False  # an Excel error value such as #REF!


Grid = dict[tuple[int, int], RawCell]


class Workbook:
    """An opened workbook: its sheet names, and any sheet's cells within bounds."""

    def __init__(self, data: bytes):
        check_workbook(data, MAX_BYTES, MAX_UNPACKED, "a plan workbook")
        self.book = open_workbook(data, data_only=False)
        self.names = list(self.book.sheetnames)

    def cells(self, name: str, rows: int, columns: int) -> Grid:
        """The non-empty cells of a sheet within rows × columns."""
        grid: Grid = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheet = self.book[name]
                for row in sheet.iter_rows(min_row=1, max_row=rows, max_col=columns):
                    for cell in row:
                        value = cell.value
                        if value is None:
                            continue
                        kind = cell.data_type
                        grid[(cell.row, cell.column)] = RawCell(value, kind == "f", kind == "e")
        except Exception as exc:  # a damaged sheet inside a sound zip
            raise Unreadable(
                f"the sheet '{name}' cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        return grid

    def close(self) -> None:
        self.book.close()
