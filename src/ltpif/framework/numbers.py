"""The one number parser: every number that enters ltpif, typed or read from a file, passes here.

`parse_number` takes a Python number or text and gives a float, or raises `BadNumber` whose
message says, in one fixed wording per problem, what is wrong with the value: not a number,
infinite, too large, thousands separators in the wrong place, digits other than 0-9, or
outside the range of the metric's unit (a negative count, a proportion above 100%). Messages
quote at most `SHOWN` characters of the value. Where the value came from (a form field, a
plan file's line, a workbook cell, an API body's field) is the caller's to say.

Two notations are read:
- typed (the default), what a person types into a form: `1250`, `1,250`, `1,250,000.5`,
  `-3`, `12.5`, `1e3`, and for a proportion (or where no unit is given) `75%`, meaning 0.75;
- plain (`plain=True`), what a program writes into a file: digits with an optional sign,
  point and exponent, no thousands separators, no % sign; underscores between digits are
  allowed (`1_000`), as YAML and the database engines that read actuals files allow them.

Python's float() also takes `nan`, `inf`, `1e999` (as infinity) and digits of other
scripts (`١٢`, `１２`); the parser refuses them all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from ltpif.framework.problems import QUOTE_LIMIT, quoted

# The units of the pack's metrics (the pack schema's `Unit`).
Unit = Literal["count", "wte", "proportion", "gbp_m", "days", "hours", "weeks", "flag"]

# The largest size of number ltpif takes, either side of zero: far beyond any figure of the
# NHS (its whole budget is about 150,000 £m), and where a float stops holding every whole
# number exactly (2**53 is about 9.0e15). The workbook's data validation uses the same bound.
LARGEST = 1e15
SHOWN = QUOTE_LIMIT  # characters of a value quoted in a message, at most


@dataclass(frozen=True)
class UnitRange:
    """The values a unit takes: from `low` to `high` (None: no bound); `whole`: only whole
    numbers (a flag's 0 and 1)."""

    low: float | None = None
    high: float | None = None
    whole: bool = False


UNIT_RANGES: dict[str, UnitRange] = {
    "count": UnitRange(low=0),
    "wte": UnitRange(low=0),
    "days": UnitRange(low=0),
    "hours": UnitRange(low=0),
    "weeks": UnitRange(low=0),
    "proportion": UnitRange(low=0, high=1),
    "flag": UnitRange(low=0, high=1, whole=True),
    # money may fall below zero: the pack's £m metrics are changes against a baseline (a
    # system may spend less than in 2018/19); the plan's finance lines forbid it themselves
    "gbp_m": UnitRange(),
}
# The unit of a ratio's numerator and denominator, whatever the ratio's own: amounts (people,
# practices, £ million) that are never below zero.
RATIO_PART_UNIT = "count"
# What a unit's values are, in messages.
_UNIT_WORDS: dict[str, str] = {
    "count": "a count",
    "wte": "a number of whole-time equivalents",
    "days": "a number of days",
    "hours": "a number of hours",
    "weeks": "a number of weeks",
    "gbp_m": "an amount in £ million",
    "flag": "1 for yes or 0 for no",
    "proportion": "a percentage",
}

_DIGITS = r"[0-9](?:_?[0-9])*"  # ASCII digits, single underscores between them allowed
_FRACTION = rf"(?:\.(?:{_DIGITS})?)?"
_EXPONENT = rf"(?:[eE][+-]?{_DIGITS})?"
PLAIN = re.compile(rf"[+-]?(?:{_DIGITS}{_FRACTION}|\.{_DIGITS}){_EXPONENT}")
_GROUPED = re.compile(rf"[+-]?[0-9]{{1,3}}(?:,[0-9]{{3}})+{_FRACTION}{_EXPONENT}")
# a number but for its commas: a thousands separator in the wrong place (or a decimal comma)
_COMMAS = re.compile(r"[+-]?[0-9,]*[0-9][0-9,]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?")
_OTHER_DIGITS = "has digits other than 0 to 9: type it with the digits 0 to 9"
_NOT_A_NUMBER = frozenset({"nan", ".nan"})
_INFINITE = frozenset({"inf", "infinity", ".inf"})


class BadNumber(ValueError):
    """A value refused as a number; `message` says why, in words for the person who gave it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def csv_number(value: float) -> str:
    """A float as a CSV cell, to 12 significant digits: the noise of binary arithmetic goes
    (312.28000000000003 → 312.28; 4395.91 − 4000 → 395.91, not 395.910000000001, whose noise
    a subtraction moved up to the 15th digit), and every number planned or reported in the
    service (at most 12 digits, like £1,234,567,890.12) comes back as typed; Python's shortest
    form otherwise (12.0, 1e+20, nan)."""
    rounded = float(f"{value:.12g}")
    return repr(rounded if math.isinf(rounded) == math.isinf(value) else value)


def shown(value: Any) -> str:
    """A value as a message quotes it (`problems.quoted`: at most about SHOWN characters), a
    number as a person writes it: 75, not 75.0; a whole number too long to show, by its size."""
    if isinstance(value, float) and value.is_integer() and abs(value) < LARGEST:
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN:
        return f"a {math.floor(math.log10(abs(value))) + 1:,}-digit number"
    return quoted(value)


def _too_large(quoted: str) -> BadNumber:
    return BadNumber(f"{quoted} is too large: enter a number within ±1,000,000,000,000,000")


def _from_number(value: int | float) -> float:
    if isinstance(value, int):
        if -LARGEST <= value <= LARGEST:
            return float(value)
        raise _too_large(shown(value))
    if -LARGEST <= value <= LARGEST:  # False for NaN
        return value
    if math.isnan(value):
        raise BadNumber(f"{shown(value)} is not a number")
    if math.isinf(value):
        raise BadNumber(f"{shown(value)} is infinite: enter a finite number")
    raise _too_large(shown(value))


def _from_text(text: str, plain: bool) -> tuple[float, bool]:
    """The number a text (stripped) holds, and whether it was written as a percentage."""
    if PLAIN.fullmatch(text):  # the usual case, first
        number, percent = float(text), False
    else:
        number, percent = _from_other_text(text, plain)
    if -LARGEST * (100 if percent else 1) <= number <= LARGEST * (100 if percent else 1):
        return (number / 100 if percent else number), percent
    raise _too_large(shown(text))


def _from_other_text(text: str, plain: bool) -> tuple[float, bool]:
    quoted = shown(text)
    if not text:
        raise BadNumber("no number given: enter a number")
    if not text.isascii():
        if any(not ch.isascii() and ch.isnumeric() for ch in text):
            raise BadNumber(f"{quoted} {_OTHER_DIGITS}")
        raise BadNumber(f"{quoted} is not a number")
    percent = text.endswith("%")
    if percent:
        if plain:
            raise BadNumber(f"{quoted} has a % sign: give a proportion as a fraction, like 0.75")
        text = text[:-1].rstrip()
    word = text.lower().lstrip("+-")
    if word in _NOT_A_NUMBER:
        raise BadNumber(f"{quoted} is not a number")
    if word in _INFINITE:
        raise BadNumber(f"{quoted} is infinite: enter a finite number")
    if PLAIN.fullmatch(text):
        return float(text), percent
    if not plain and _GROUPED.fullmatch(text):
        return float(text.replace(",", "")), percent
    if _COMMAS.fullmatch(text):
        if plain:
            raise BadNumber(f"{quoted} has a thousands separator: write it without, like 1250")
        raise BadNumber(
            f"{quoted} has a thousands separator in the wrong place: write 1,250 or 1250, "
            "with a point for decimals"
        )
    raise BadNumber(f"{quoted} is not a number")


def _in_unit(value: float, unit: str, raw: object, percent: bool, plain: bool) -> None:
    """BadNumber if `value` (given as `raw`) is outside `unit`'s range."""
    bounds = UNIT_RANGES[unit]
    if (
        not percent
        and (bounds.low is None or value >= bounds.low)
        and (bounds.high is None or value <= bounds.high)
        and (not bounds.whole or value.is_integer())
    ):
        return
    quoted = shown(raw)
    if percent and unit != "proportion":
        raise BadNumber(f"{quoted} is a percentage, but this takes {_UNIT_WORDS[unit]}")
    if unit == "flag":
        raise BadNumber(f"{quoted} is not a yes or no: type 1 for yes, 0 for no")
    if unit == "proportion":
        if 0 <= value <= 1:
            return  # a percentage, as a proportion should be
        if not percent and 1 < value <= 100:
            hint = f"give it as a proportion, {value / 100:g}" if plain else f"type {value:g}%"
            raise BadNumber(f"{quoted} looks like a percentage: {hint}")
        raise BadNumber(f"{quoted} is not a percentage from 0% to 100%")
    raise BadNumber(f"{quoted} is negative: {_UNIT_WORDS[unit]} cannot be below 0")


def parse_number(raw: object, *, unit: str | None = None, plain: bool = False) -> float:
    """`raw` (a Python number or text) as a float in `unit`'s range; BadNumber says why not.

    `unit` is one of the pack's units (`Unit`): counts, WTE, days, hours and weeks cannot be
    negative; a proportion lies from 0 to 1 (a typed `75%` is 0.75); a flag is 0 or 1; an
    amount in £ million may be negative (a fall against a baseline). Without a unit only the
    number itself is checked. Blank text is refused: callers that allow a blank test for it.
    """
    if unit is not None and unit not in UNIT_RANGES:
        raise ValueError(f"unknown unit {unit!r}")  # a programming error, not bad input
    if isinstance(raw, bool):
        raise BadNumber(f"{shown(raw)} is not a number")
    if isinstance(raw, int | float):
        value, percent = _from_number(raw), False
    elif isinstance(raw, str):
        raw = raw.strip()
        value, percent = _from_text(raw, plain)
    else:
        raise BadNumber(f"{shown(raw)} is not a number")
    value += 0.0  # -0.0 becomes 0.0
    if unit is not None:
        _in_unit(value, unit, raw, percent, plain)
    return value


def is_blank(raw: object) -> bool:
    """Whether a value is missing: None, or text of nothing but whitespace."""
    return raw is None or (isinstance(raw, str) and not raw.strip())
