"""The template's file side, for the CLI: read a workbook file, write files whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from ltpif.framework.problems import InputError, Problem
from ltpif.interchange.template.reading import MAX_BYTES


def read_workbook_file(path: Path) -> bytes:
    """The file's bytes, or InputError; a file far too large is refused before it is read."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            size, limit = path.stat().st_size / 1e6, MAX_BYTES // 1_000_000
            message = (
                f"the file is {size:.1f} MB, far larger than a plan workbook (at most {limit} MB)"
            )
            raise InputError([Problem(name, None, "", message)])
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, "", "is a folder, not a workbook")]) from None


def write_whole(path: Path, data: bytes) -> None:
    """Writes `data` to a temporary file beside `path`, then renames it: a reader never sees
    half a file, and a failure leaves what was there before."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
