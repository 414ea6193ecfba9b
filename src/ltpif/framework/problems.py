"""Problems found in input files, reported together and located (file:line, key)."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class InputError(Exception):
    """Raised with every problem of an input at once; never half a list."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.key, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def key_path(loc: tuple[str | int, ...]) -> str:
    """('commitment', 2, 'metric', 0, 'unit') → 'commitment[2].metric[0].unit'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


QUOTE_LIMIT = 80
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxdict, _SHORT.maxlist = 2, 4, 6
_SHORT.maxstring = _SHORT.maxlong = _SHORT.maxother = QUOTE_LIMIT


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message shows it: its repr, cut to about `limit` characters. A value from
    a file may be megabytes long (or an alias bomb's expansion): it is never formatted whole."""
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[: limit - 1] + "…")
    try:
        text = _SHORT.repr(value)
    except ValueError:  # an int past Python's limit on digits turned into text
        return "a number too long to show"
    return text if len(text) <= limit else text[:limit] + "…"
