"""An input cell's content as a plan value, or a message saying what is wrong and how to fix it.

Each kind of input cell accepts what Excel and LibreOffice store for it and explains the usual
mistakes: text where a number belongs (often a number typed into a text-formatted cell), a
formula where a value belongs, a percentage typed as 75 instead of 75%, a date typed as text.
Numbers are checked by the number parser (`ltpif.framework.numbers`), in its words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ltpif.framework.numbers import BadNumber, parse_number, shown
from ltpif.framework.problems import quoted as quoted_value
from ltpif.interchange.template.reading import RawCell

BLANK = None
SHOWN = 40  # characters of a cell's text quoted in a message


class BadCell(Exception):
    """The cell's content cannot stand for a plan value; the message is for the planner."""


def quoted(value: Any) -> str:
    """A cell's content quoted as the text it shows."""
    return quoted_value(str(value), SHOWN)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        raise BadCell(f"{'TRUE' if value else 'FALSE'} is not text: type the text")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)


def _number(value: Any, unit: str | None = None) -> float:
    """A number cell's value, checked by the number parser in `unit`; text is refused, saying
    what to type when it holds a number (often one typed into a text-formatted cell)."""
    if isinstance(value, bool):
        raise BadCell(f"{'TRUE' if value else 'FALSE'} is not a number")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise BadCell(f"a date or time ({_as_text(value)}) where a number belongs")
    if isinstance(value, int | float):
        try:
            return parse_number(value, unit=unit)
        except BadNumber as exc:
            raise BadCell(exc.message) from None
    text = str(value).strip()
    try:
        found = parse_number(text.removeprefix("£"))  # '1,234', '£12.5', ' 75% '
    except BadNumber as exc:
        raise BadCell(exc.message) from None
    if text.endswith("%"):
        raise BadCell(f"{quoted(text)} is text, not a percentage: clear the cell and type {text}")
    raise BadCell(
        f"{quoted(text)} is text, not a number: type the number {shown(found)} "
        f"(the cell may be formatted as text)"
    )


def _proportion(value: Any) -> float:
    return _number(value, "proportion")


def _flag(value: Any) -> float:
    return _number(value, "flag")


DATE_TEXT = (r"\d{4}-\d{1,2}-\d{1,2}", r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", r"\d{1,2} \w+ \d{4}")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise BadCell(f"a date and time ({value.isoformat(' ')}): give the date only")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if any(re.fullmatch(pattern, text) for pattern in DATE_TEXT):
            raise BadCell(
                f"{quoted(text)} is a date typed as text: clear the cell and type the date "
                f"again so that Excel stores it as a date (for example 2019-09-27)"
            )
        raise BadCell(f"text ({quoted(text)}) where a date belongs: type a date like 2019-09-27")
    if isinstance(value, bool):
        raise BadCell("not a date: type a date like 2019-09-27")
    raise BadCell(f"a number ({value:g}) where a date belongs: type a date like 2019-09-27")


def _year(value: Any) -> str:
    if isinstance(value, dt.date):
        raise BadCell(
            f"Excel took this for a date ({_as_text(value)}): choose the financial year from "
            f"the list, or type it with a leading apostrophe ('2019/20)"
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise BadCell(f"a number ({value:g}) where a financial year like 2019/20 belongs")
    return _as_text(value).strip()


def _choice(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    raise BadCell(f"{quoted(_as_text(value))} is not one of the choices: pick one from the list")


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    answer = str(value).strip().lower()
    if answer in ("yes", "no"):
        return answer == "yes"
    raise BadCell(f"{quoted(value)}: choose Yes or No")


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in _as_text(value).splitlines() if line.strip()]


READERS: dict[str, Callable[[Any], Any]] = {
    "text": _as_text,
    "number": _number,
    "proportion": _proportion,
    "flag": _flag,
    "date": _date,
    "year": _year,
    "choice": _choice,
    "yes_no": _yes_no,
    "lines": _lines,
}


def read_value(kind: str, cell: RawCell | None) -> Any:
    """The value a cell of `kind` holds, BLANK when empty; BadCell explains a wrong one."""
    if cell is None:
        return BLANK
    if cell.formula:
        raise BadCell(
            f"a formula ({quoted(cell.value)}) where a value belongs: type the value itself"
        )
    if cell.error:
        raise BadCell(f"an error value ({cell.value}) where a value belongs")
    value = cell.value
    if isinstance(value, str) and not value.strip():
        return BLANK
    return READERS[kind](value)
