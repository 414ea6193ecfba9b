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
    Literal,
    TypeVar,
    Union,
    dataclass_transform,
    get_args,
    get_origin,
    get_type_hints,
)

from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.framework.problems import quoted

Loc = tuple[str | int, ...]
T = TypeVar("T")


@dataclass_transform(frozen_default=True, kw_only_default=True)
def record(cls: type[T]) -> type[T]:
    """A record: a frozen, keyword-only dataclass (`parse` rejects unknown keys)."""
    return dataclasses.dataclass(frozen=True, kw_only=True)(cls)


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


def _one_of(choices: tuple[Any, ...]) -> str:
    return "one of " + ", ".join(repr(c) for c in choices)


@dataclasses.dataclass(frozen=True)
class OneOf:
    """A choice among values known only at run time (a `Literal` names them in the code)."""

    choices: tuple[Any, ...]

    def check(self, value: Any) -> str | None:
        return None if value in self.choices else "must be " + _one_of(self.choices)


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
    """A number, checked by the number parser (BadNumber: NaN, infinite, too large); text is
    never a number here, but the parser says why text that looks like one is refused."""
    if isinstance(value, bool):
        return _FAILED
    if isinstance(value, int | float):
        return parse_number(value)
    if isinstance(value, str):
        parse_number(value, plain=True)  # BadNumber: '1e999' is too large, 'nan' is not…
    return _FAILED


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


def describe(tp: Any) -> str:
    """What a value of type `tp` looks like, in words."""
    origin = get_origin(tp)
    if origin is Annotated:
        inner, *constraints = get_args(tp)
        words = [c.meaning for c in constraints if isinstance(c, Pattern)]
        words += [_one_of(c.choices) for c in constraints if isinstance(c, OneOf)]
        return words[0] if words else describe(inner)
    if origin is Literal:
        return _one_of(get_args(tp))
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


# A compiled parser turns data at a location into a value, or returns _FAILED having added
# its problems to `errors`. Parsers are built once per type and cached: records are parsed
# often (42 plans at a time) and walking type hints each time cost more than the parsing.
Errors = list[tuple[Loc, str]]
Compiled = Callable[[Any, Loc, Errors], Any]


class Refusal(str):
    """A message refusing a value of the right type for what it is (a number too large, below
    its minimum), as against one of the wrong type; a union of types passes it on."""


def _fail(errors: Errors, loc: Loc, message: str) -> Any:
    errors.append((loc, message))
    return _FAILED


def _compile_scalar(tp: Any) -> Compiled:
    convert, expected = _SCALARS[tp]

    def parse_scalar(data: Any, loc: Loc, errors: Errors) -> Any:
        try:
            result = convert(data)
        except BadNumber as exc:
            return _fail(errors, loc, Refusal(exc.message))
        if result is _FAILED:
            return _fail(errors, loc, f"expected {expected}, got {quoted(data)}")
        return result

    return parse_scalar


def _compile_annotated(args: tuple[Any, ...]) -> Compiled:
    inner, constraints = _compiled(args[0]), args[1:]

    def parse_annotated(data: Any, loc: Loc, errors: Errors) -> Any:
        result = inner(data, loc, errors)
        if result is _FAILED:
            return result
        for constraint in constraints:
            problem = constraint.check(result)
            if problem:
                refused = isinstance(constraint, Range)  # a number, out of its range
                return _fail(errors, loc, Refusal(problem) if refused else problem)
        return result

    return parse_annotated


def _compile_literal(choices: tuple[Any, ...]) -> Compiled:
    message = "must be " + _one_of(choices)

    def parse_literal(data: Any, loc: Loc, errors: Errors) -> Any:
        if any(data == c and type(data) is type(c) for c in choices):
            return data
        return _fail(errors, loc, message)

    return parse_literal


def _compile_list(args: tuple[Any, ...]) -> Compiled:
    item = _compiled(args[0])

    def parse_list(data: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(data, list):
            return _fail(errors, loc, f"expected a list, got {_kind(data)}")
        items = [item(value, (*loc, i), errors) for i, value in enumerate(data)]
        return _FAILED if any(value is _FAILED for value in items) else items

    return parse_list


def _compile_dict(args: tuple[Any, ...]) -> Compiled:
    value_parser = _compiled(args[1])

    def parse_dict(data: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(data, dict):
            return _fail(errors, loc, f"expected a table, got {_kind(data)}")
        out = {str(k): value_parser(v, (*loc, str(k)), errors) for k, v in data.items()}
        return _FAILED if any(v is _FAILED for v in out.values()) else out

    return parse_dict


def _compile_union(arms: tuple[Any, ...]) -> Compiled:
    """The first arm the data fits; otherwise the problems of the arm that got furthest."""
    optional = type(None) in arms
    real = [arm for arm in arms if arm is not type(None)]
    parsers = [_compiled(arm) for arm in real]
    wanted = " or ".join(describe(arm) for arm in real)

    def parse_union(data: Any, loc: Loc, errors: Errors) -> Any:
        if data is None and optional:
            return None
        attempts = []
        for parser in parsers:
            trial: Errors = []
            result = parser(data, loc, trial)
            if result is not _FAILED:
                return result
            attempts.append(trial)
        deepest = max(len(where) for trial in attempts for where, _ in trial)
        if deepest == len(loc):
            # an arm of the value's type that refused it says why (a number too large, below
            # its minimum); otherwise the value is of none of the arms' types
            refusals = [t for t in attempts if any(isinstance(m, Refusal) for _, m in t)]
            if not refusals:
                return _fail(errors, loc, f"expected {wanted}, got {quoted(data)}")
            attempts = refusals
        errors.extend(next(t for t in attempts if max(len(w) for w, _ in t) == deepest))
        return _FAILED

    return parse_union


def _compile_record(cls: type) -> Compiled:
    hints = _hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    # parsers are looked up at the first call (records may refer to records not yet
    # compiled), then kept: looking a type up hashes it, and a plan has thousands of values
    plan = [(f.name, hints[f.name], _required(f)) for f in fields]
    names = {f.name for f in fields}
    check = getattr(cls, "__post_validate__", None)
    parsers: list[tuple[str, Compiled, bool]] = []

    def parse_record(data: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(data, dict):
            return _fail(errors, loc, f"expected a table, got {_kind(data)}")
        if len(parsers) < len(plan):
            parsers[:] = [(name, _compiled(tp), required) for name, tp, required in plan]
        failed = False
        for key in data:
            if key not in names:
                failed = _fail(errors, (*loc, key), "unknown key") is _FAILED
        values = {}
        for name, parser, required in parsers:
            if name in data:
                value = parser(data[name], (*loc, name), errors)
                failed = failed or value is _FAILED
                values[name] = value
            elif required:
                failed = _fail(errors, (*loc, name), "missing key") is _FAILED
        if failed:
            return _FAILED
        instance = cls(**values)
        problems = check(instance) if check else []
        for problem in problems:
            _fail(errors, loc, problem)
        return _FAILED if problems else instance

    return parse_record


_GENERIC: dict[Any, Callable[[tuple[Any, ...]], Compiled]] = {
    Annotated: _compile_annotated,
    Literal: _compile_literal,
    types.UnionType: _compile_union,
    list: _compile_list,
    dict: _compile_dict,
}


@cache
def _compiled(tp: Any) -> Compiled:
    origin = get_origin(tp)
    if origin is not None:
        return _GENERIC[types.UnionType if origin is Union else origin](get_args(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _compile_record(tp)
    if tp is Any:
        return lambda data, loc, errors: data
    return _compile_scalar(tp)


def parse(cls: type[T], data: Any) -> T:
    """`data` as a `cls`, or Invalid listing every problem with its path."""
    errors: Errors = []
    tp: Any = cls  # mypy does not see `type[T]` as hashable, which `_compiled`'s cache needs
    result = _compiled(tp)(data, (), errors)
    if errors:
        raise Invalid(errors)
    return result


_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order; None for any other type (each type asked once:
    a plan has thousands of values, and its canonical JSON is made at every save)."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def to_plain(value: Any) -> Any:
    """A record as JSON-ready data: dates as ISO text, unset optional fields left out."""
    kind: Any = type(value)  # a type is hashable; mypy's `type[Any]` is not `Hashable`
    if kind in _PLAIN_SCALARS:
        return value
    names = _field_names(kind)
    if names is not None:
        plain = {}
        for name in names:
            field_value = getattr(value, name)
            if field_value is not None:
                plain[name] = to_plain(field_value)
        return plain
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def json_schema(cls: type) -> dict[str, Any]:
    """A JSON Schema (2020-12) of a record type, with its nested records under $defs."""
    defs: dict[str, Any] = {}
    root = _schema_of(cls, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": defs}


_JSON_TYPES = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    dt.date: {"type": "string", "format": "date"},
    type(None): {"type": "null"},
    Any: {},
}


def _constraint_schema(constraint: Any) -> dict[str, Any]:
    if isinstance(constraint, OneOf):
        return {"enum": list(constraint.choices)}
    if isinstance(constraint, Pattern):
        return {"pattern": f"^(?:{constraint.regex})$", "description": constraint.meaning}
    if isinstance(constraint, MinItems):
        return {"minItems": constraint.count}
    if isinstance(constraint, Range):
        bounds = {
            "minimum": constraint.ge,
            "maximum": constraint.le,
            "exclusiveMinimum": constraint.gt,
        }
        return {key: value for key, value in bounds.items() if value is not None}
    return {}


def _generic_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        schema = dict(_schema_of(args[0], defs))
        for constraint in args[1:]:
            schema.update(_constraint_schema(constraint))
        return schema
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema_of(arm, defs) for arm in args]}
    if origin is list:
        return {"type": "array", "items": _schema_of(args[0], defs)}
    names = _schema_of(args[0], defs)
    schema = {"type": "object", "additionalProperties": _schema_of(args[1], defs)}
    return {**schema, "propertyNames": names} if "pattern" in names else schema


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if get_origin(tp) is not None:
        return _generic_schema(tp, defs)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder: records may refer to themselves
            hints = _hints(tp)
            fields = [f for f in dataclasses.fields(tp) if f.init]
            defs[tp.__name__] = {
                "type": "object",
                "additionalProperties": False,
                "properties": {f.name: _schema_of(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields if _required(f)],
            }
        return {"$ref": f"#/$defs/{tp.__name__}"}
    return dict(_JSON_TYPES[tp])
