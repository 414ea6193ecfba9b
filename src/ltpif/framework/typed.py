"""Parsing plain data (from TOML, YAML or JSON) into frozen dataclasses, every problem at once.

ltpif's records are frozen dataclasses whose type hints are the schema; `Annotated` adds the
constraints (patterns, ranges, minimum lengths) and a `__post_validate__` method adds rules that
span fields. We use this instead of pydantic because importing and building pydantic models
costs about 0.2 s, most of a command's budget (see docs/adr/0002-own-record-validator.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
from collections.abc import Callable
from functools import cache
from typing import (
    Annotated,
    Any,
    ClassVar,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

Loc = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Pattern:
    regex: str
    meaning: str

    def check(self, value: Any) -> str | None:
        return None if re.fullmatch(self.regex, value) else f"must be {self.meaning}"


@dataclasses.dataclass(frozen=True)
class Range:
    ge: float | None = None
    le: float | None = None
    gt: float | None = None

    def check(self, value: Any) -> str | None:
        if self.ge is not None and value < self.ge:
            return f"must be at least {self.ge:g}"
        if self.le is not None and value > self.le:
            return f"must be at most {self.le:g}"
        if self.gt is not None and value <= self.gt:
            return f"must be more than {self.gt:g}"
        return None


@dataclasses.dataclass(frozen=True)
class MinItems:
    count: int

    def check(self, value: Any) -> str | None:
        return None if len(value) >= self.count else f"needs at least {self.count} item(s)"


class Invalid(Exception):
    """Every problem found, each at the path of the value it concerns."""

    def __init__(self, errors: list[tuple[Loc, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in errors))


_FAILED = object()


def _kind(value: Any) -> str:
    return type(value).__name__ if value is not None else "nothing"


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else _FAILED


def _whole(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) else _FAILED


def _number(value: Any) -> Any:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else _FAILED


def _truth(value: Any) -> Any:
    return value if isinstance(value, bool) else _FAILED


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return _FAILED


# scalar type → (converter returning _FAILED when the value does not fit, what was expected)
_SCALARS: dict[Any, tuple[Callable[[Any], Any], str]] = {
    str: (_text, "text"),
    int: (_whole, "a whole number"),
    float: (_number, "a number"),
    bool: (_truth, "true or false"),
    dt.date: (_date, "a date (YYYY-MM-DD)"),
}


def _describe(tp: Any) -> str:
    """What a value of type `tp` looks like, in words."""
    origin = get_origin(tp)
    if origin is Annotated:
        inner, *constraints = get_args(tp)
        patterns = [c.meaning for c in constraints if isinstance(c, Pattern)]
        return patterns[0] if patterns else _describe(inner)
    if origin is Literal:
        return "one of " + ", ".join(repr(c) for c in get_args(tp))
    if origin is list:
        return "a list"
    if origin is dict or dataclasses.is_dataclass(tp):
        return "a table"
    return _SCALARS[tp][1] if tp in _SCALARS else "a value"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _required(field: dataclasses.Field) -> bool:
    no_default = dataclasses.MISSING
    return field.default is no_default and field.default_factory is no_default


class _Parser:
    def __init__(self) -> None:
        self.errors: list[tuple[Loc, str]] = []

    def fail(self, loc: Loc, message: str) -> Any:
        self.errors.append((loc, message))
        return _FAILED

    def value(self, tp: Any, data: Any, loc: Loc) -> Any:
        origin = get_origin(tp)
        if origin is not None:
            handler = self._GENERIC[types.UnionType if origin is Union else origin]
            return handler(self, get_args(tp), data, loc)
        if dataclasses.is_dataclass(tp):
            return self.record(tp, data, loc)
        if tp is Any:
            return data
        convert, expected = _SCALARS[tp]
        result = convert(data)
        if result is _FAILED:
            return self.fail(loc, f"expected {expected}, got {data!r}")
        return result

    def _annotated(self, args: tuple[Any, ...], data: Any, loc: Loc) -> Any:
        inner, *constraints = args
        result = self.value(inner, data, loc)
        if result is _FAILED:
            return result
        for constraint in constraints:
            problem = constraint.check(result)
            if problem:
                return self.fail(loc, problem)
        return result

    def _literal(self, choices: tuple[Any, ...], data: Any, loc: Loc) -> Any:
        if any(data == c and type(data) is type(c) for c in choices):
            return data
        return self.fail(loc, "must be one of " + ", ".join(repr(c) for c in choices))

    def _list(self, args: tuple[Any, ...], data: Any, loc: Loc) -> Any:
        if not isinstance(data, list):
            return self.fail(loc, f"expected a list, got {_kind(data)}")
        items = [self.value(args[0], item, (*loc, i)) for i, item in enumerate(data)]
        return _FAILED if any(item is _FAILED for item in items) else items

    def _dict(self, args: tuple[Any, ...], data: Any, loc: Loc) -> Any:
        if not isinstance(data, dict):
            return self.fail(loc, f"expected a table, got {_kind(data)}")
        out = {str(k): self.value(args[1], v, (*loc, str(k))) for k, v in data.items()}
        return _FAILED if any(v is _FAILED for v in out.values()) else out

    def _union(self, arms: tuple[Any, ...], data: Any, loc: Loc) -> Any:
        """The first arm the data fits; otherwise the problems of the arm that got furthest."""
        if data is None and type(None) in arms:
            return None
        attempts = []
        for arm in arms:
            if arm is type(None):
                continue
            trial = _Parser()
            result = trial.value(arm, data, loc)
            if result is not _FAILED:
                return result
            attempts.append(trial.errors)
        deepest = max(len(where) for errors in attempts for where, _ in errors)
        if deepest == len(loc):
            wanted = " or ".join(_describe(arm) for arm in arms if arm is not type(None))
            return self.fail(loc, f"expected {wanted}, got {data!r}")
        best = next(e for e in attempts if max(len(where) for where, _ in e) == deepest)
        self.errors.extend(best)
        return _FAILED

    def record(self, cls: type, data: Any, loc: Loc) -> Any:
        if not isinstance(data, dict):
            return self.fail(loc, f"expected a table, got {_kind(data)}")
        hints = _hints(cls)
        names = {f.name: f for f in dataclasses.fields(cls) if f.init}
        for key in data:
            if key not in names:
                self.fail((*loc, key), "unknown key")
        values = {}
        for name, field in names.items():
            if name in data:
                values[name] = self.value(hints[name], data[name], (*loc, name))
            elif _required(field):
                values[name] = self.fail((*loc, name), "missing key")
        if any(v is _FAILED for v in values.values()) or any(key not in names for key in data):
            return _FAILED
        instance = cls(**values)
        check: Callable[[], list[str]] | None = getattr(instance, "__post_validate__", None)
        problems = check() if check else []
        for problem in problems:
            self.fail(loc, problem)
        return _FAILED if problems else instance

    _GENERIC: ClassVar[dict[Any, Callable[..., Any]]] = {
        Annotated: _annotated,
        Literal: _literal,
        types.UnionType: _union,
        list: _list,
        dict: _dict,
    }


T = TypeVar("T")


def parse(cls: type[T], data: Any) -> T:
    """`data` as a `cls`, or Invalid listing every problem with its path."""
    parser = _Parser()
    result = parser.value(cls, data, ())
    if parser.errors:
        raise Invalid(parser.errors)
    return result


def to_plain(value: Any) -> Any:
    """A record as JSON-ready data: dates as ISO text, unset optional fields left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
