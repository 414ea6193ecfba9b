"""Reading a people file for `ltpif users import`: UTF-8 CSV with the columns email, name,
role and organisation code (in any order, any case; `organisation_code` also does). Only the
file's shape is checked here; whether each person can be invited is the web's to say."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ltpif.framework.problems import Problem, quoted

COLUMNS = ("email", "name", "role", "organisation code")
MAX_BYTES = 2 * 1024 * 1024  # some thousands of people: far more than a round has
MAX_ROWS = 10_000


@dataclass(frozen=True)
class PersonRow:
    line: int
    email: str
    name: str
    role: str
    organisation_code: str


def _column(heading: str) -> str:
    return " ".join(heading.replace("_", " ").split()).casefold()


class _Unreadable(Exception):
    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message


def read_people(path: Path) -> tuple[list[PersonRow], list[Problem]]:
    """The file's people, each with its line, or the problem that stops it being read at all
    (file:line where there is one). Problems in a row's values are not looked for here."""
    try:
        return _rows(_text(path)), []
    except _Unreadable as exc:
        return [], [Problem(str(path), exc.line, "", exc.message)]


def _text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _Unreadable(None, f"larger than {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise _Unreadable(None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _Unreadable(
            line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as CSV UTF-8"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _Unreadable(line, "holds a NUL character: not a CSV text file")
    if not text.strip():
        raise _Unreadable(1, "the file is empty: the first line names the columns")
    return text


def _rows(text: str) -> list[PersonRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_column(cell) for cell in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            have = ", ".join(quoted(h) for h in header if h) or "none"
            raise _Unreadable(
                1, f"missing column(s): {', '.join(missing)} (the columns found: {have})"
            )
        at = {column: header.index(column) for column in COLUMNS}
        rows: list[PersonRow] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _Unreadable(reader.line_num, f"more than {MAX_ROWS} people")
            values = [cells[at[c]].strip() if at[c] < len(cells) else "" for c in COLUMNS]
            rows.append(PersonRow(reader.line_num, *values))
    except csv.Error as exc:
        raise _Unreadable(reader.line_num or 1, f"not a CSV file: {exc}") from None
    if not rows:
        raise _Unreadable(2, "no people after the line of column names")
    return rows
