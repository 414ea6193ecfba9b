"""Reading an uploaded file into cells, refusing what is not a workbook we can safely open.

Before openpyxl sees the bytes they are checked: size, what kind of file they are (an
encrypted Office file is a password-protected workbook; an old .xls or an .ods is named as
such), and the zip's unpacked size (a small file can unpack to gigabytes). Only the rows and
columns the template uses, plus a margin to see inserted rows, are read.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 10_000_000  # an exported plan is about 60 kB; any real one is far below this
MAX_UNPACKED = 100_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ROW_MARGIN = 200  # rows read past the template's last, to find rows inserted above them
COLUMN_MARGIN = 5


class Unreadable(Exception):
    """The file cannot be read as a workbook; the message says why, for the planner."""


@dataclass(frozen=True)
class RawCell:
    value: Any
    formula: bool = False
    error: bool = False  # an Excel error value such as #REF!


Grid = dict[tuple[int, int], RawCell]


def _kind_of_file(data: bytes) -> None:
    if not data:
        raise Unreadable("the file is empty")
    if len(data) > MAX_BYTES:
        raise Unreadable(
            f"the file is {len(data) / 1e6:.1f} MB, far larger than a plan workbook can be "
            f"(at most {MAX_BYTES // 1_000_000} MB): is it the right file?"
        )
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise Unreadable(
                "the workbook is password-protected: remove the password to open it "
                "(File > Info > Protect Workbook > Encrypt with Password), save and upload again"
            )
        raise Unreadable("an old Excel 97-2003 (.xls) file: save it as an Excel workbook (.xlsx)")
    if not data.startswith(b"PK"):
        raise Unreadable("not an Excel workbook (.xlsx): the file is of another kind")


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, ValueError, OSError, KeyError, EOFError) as exc:
        raise Unreadable(f"not an Excel workbook (.xlsx): the file is damaged ({exc})") from None
    if b"opendocument" in mimetype:
        raise Unreadable("an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx)")
    if "xl/workbook.xml" not in names:
        raise Unreadable("a zip file, not an Excel workbook (.xlsx)")
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        raise Unreadable(
            f"the workbook unpacks to more than {MAX_UNPACKED // 1_000_000} MB, far more than "
            f"a plan can be: is it the right file?"
        )


class Workbook:
    """An opened workbook: its sheet names, and any sheet's cells within bounds."""

    def __init__(self, data: bytes):
        _kind_of_file(data)
        _check_zip(data)
        import openpyxl  # imported here: it takes 0.5 s, and exporting never needs it

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns of features it drops
                self.book = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=False, keep_links=False
                )
            self.names = list(self.book.sheetnames)
        except Exception as exc:  # any damage inside the zip: the file is refused, not us
            raise Unreadable(f"the workbook cannot be read ({type(exc).__name__}: {exc})") from None

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
