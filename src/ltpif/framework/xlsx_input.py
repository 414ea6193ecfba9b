"""Opening an Excel workbook from a user: refused, with the reason, unless safe to read.

Before openpyxl sees a file it is checked: its size, what kind of file it is (an encrypted
Office file is a password-protected workbook; an old .xls or an .ods is named as such), the
zip's unpacked size (a small file can unpack to gigabytes), and that no XML part declares a
document type: Excel never writes one, and a DTD's entities can expand a few bytes into
gigabytes ("billion laughs") or reach outside the file. The template import and the loading
of actuals both open workbooks here.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROLOG_CHUNK = 4096


class Unreadable(Exception):
    """The file cannot be read as a workbook; the message says why, for the person."""


def _kind_of_file(head: bytes, whole: bytes, size: int, max_bytes: int, what: str) -> None:
    if not size:
        raise Unreadable("the file is empty")
    if size > max_bytes:
        raise Unreadable(
            f"the file is {size / 1e6:.1f} MB, far larger than {what} can be "
            f"(at most {max_bytes // 1_000_000} MB): is it the right file?"
        )
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in whole:
            raise Unreadable(
                "the workbook is password-protected: remove the password to open it "
                "(File > Info > Protect Workbook > Encrypt with Password), save and upload again"
            )
        raise Unreadable("an old Excel 97-2003 (.xls) file: save it as an Excel workbook (.xlsx)")
    if not head.startswith(b"PK"):
        raise Unreadable("not an Excel workbook (.xlsx): the file is of another kind")


class _DocumentType(Exception):
    pass


class _RootElement(Exception):
    pass


def _declares_a_document_type(part: IO[bytes]) -> bool:
    """Whether an XML part's prolog declares a DTD; read only up to the first element."""
    parser = expat.ParserCreate()

    def doctype(*_: Any) -> None:
        raise _DocumentType

    def element(*_: Any) -> None:
        raise _RootElement

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        while chunk := part.read(PROLOG_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _DocumentType:
        return True
    except (_RootElement, expat.ExpatError):  # damage is for openpyxl to name
        return False
    return False


def _check_zip(source: IO[bytes], max_unpacked: int, what: str) -> None:
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
            if b"opendocument" in mimetype:
                raise Unreadable(
                    "an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx)"
                )
            if "xl/workbook.xml" not in names:
                raise Unreadable("a zip file, not an Excel workbook (.xlsx)")
            if sum(member.file_size for member in members) > max_unpacked:
                raise Unreadable(
                    f"the workbook unpacks to more than {max_unpacked // 1_000_000} MB, far "
                    f"more than {what} can be: is it the right file?"
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        if _declares_a_document_type(part):
                            raise Unreadable(
                                f"the workbook's part {member.filename} declares an XML "
                                "document type, which Excel never writes: it is refused"
                            )
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, KeyError, EOFError) as exc:
        raise Unreadable(f"not an Excel workbook (.xlsx): the file is damaged ({exc})") from None


def check_workbook(source: bytes | Path, max_bytes: int, max_unpacked: int, what: str) -> None:
    """Unreadable unless `source` (bytes, or a file) is a workbook safe to open; `what` names
    what it should be ("a plan workbook") when it is far too large for that."""
    if isinstance(source, Path):
        size = source.stat().st_size
        with source.open("rb") as handle:
            head = handle.read(len(OLE_MAGIC))
        small = source.read_bytes() if head.startswith(OLE_MAGIC) and size <= max_bytes else b""
        _kind_of_file(head, small, size, max_bytes, what)
        with source.open("rb") as handle:
            _check_zip(handle, max_unpacked, what)
    else:
        _kind_of_file(source[: len(OLE_MAGIC)], source, len(source), max_bytes, what)
        _check_zip(io.BytesIO(source), max_unpacked, what)


def open_workbook(source: bytes | Path, *, data_only: bool) -> Any:
    """openpyxl's read-only workbook of a checked source; Unreadable if openpyxl cannot."""
    import openpyxl  # imported here: it takes 0.5 s, and exporting never needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of features it drops
            return openpyxl.load_workbook(
                io.BytesIO(source) if isinstance(source, bytes) else source,
                read_only=True,
                data_only=data_only,
                keep_links=False,
            )
    except Exception as exc:  # any damage inside the zip: the file is refused, not us
        raise Unreadable(f"the workbook cannot be read ({type(exc).__name__}: {exc})") from None
