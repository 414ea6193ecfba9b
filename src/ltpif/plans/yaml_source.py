"""Reading YAML with the line of every value, refusing duplicate keys.

PyYAML keeps the last of two equal keys without a word; a plan with a commitment's values
given twice must instead be refused. We build values straight from libyaml's parse events
(about three times faster than composing PyYAML's node tree and constructing from it, which
matters when 42 plans are assured at once), recording each value's line and resolving plain
scalars by the YAML 1.2 core schema plus ISO dates: `true`, `12`, `1.5`, `2019-09-27`; a
quoted scalar is always text. Numbers are the number parser's plain notation (which also takes
`1_000`, as YAML 1.1 does); one it refuses (`1e999`, too large) stays text, and the plan's
reader then gives the parser's reason.

Values from anchors are shared, not copied, but whatever walks the data later walks every
alias in full: a kilobyte of nested aliases ("billion laughs") stands for billions of values.
So the builder counts the values a document stands for, aliases expanded, and stops past
`MAX_VALUES`; and it stops past `MAX_DEPTH` levels, long before Python's recursion limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from ltpif.framework.numbers import PLAIN, BadNumber, parse_number
from ltpif.framework.problems import quoted
from ltpif.framework.toml_lines import Path as KeyPath

Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBER_START = frozenset("0123456789+-.")
_NUMBER_END = frozenset("0123456789.")
MAX_DEPTH = 50  # a plan nests about 6 deep
MAX_VALUES = 1_000_000  # a plan of the largest size allowed (5 MB) holds fewer


def _number_or_date(text: str) -> Any:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if not PLAIN.fullmatch(text):
        return text
    try:
        number = parse_number(text, plain=True)
    except BadNumber:
        return text  # `1e999`, a 5,000-digit number: the plan's reader says why it is refused
    return number if "." in text or "e" in text or "E" in text else int(number)


def _plain(text: str) -> Any:
    """A plain scalar's value; checks by first and last character keep this off the hot path."""
    if text in _NULL:
        return None
    if text[0] in _NUMBER_START and text[-1] in _NUMBER_END:
        return _number_or_date(text)
    return _BOOL.get(text, text)


def _scalar(event: yaml.ScalarEvent) -> Any:
    # libyaml marks a plain scalar with style '' (PyYAML's pure parser with None)
    plain = event.implicit[0] and event.tag in (None, "!") and not event.style
    return _plain(event.value) if plain else event.value


@dataclass
class YamlDocument:
    data: Any = None
    lines: dict[KeyPath, int] = field(default_factory=dict)
    # (path, line, message) for each problem found while reading
    problems: list[tuple[KeyPath, int | None, str]] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


class _TooLarge(Exception):
    """The document is past a limit; reading stops at this line."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


class _Builder:
    """Turns a stream of parse events into values, lines and problems."""

    def __init__(self, document: YamlDocument, next_event: Callable[[], yaml.Event]):
        self.document = document
        self.next_event = next_event
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, values it stands for)
        self.values = 0  # values read so far, aliases expanded

    def _count(self, event: yaml.Event, values: int) -> None:
        self.values += values
        if self.values > MAX_VALUES:
            raise _TooLarge(
                _line(event),
                f"the file stands for more than {MAX_VALUES:,} values (with its aliases "
                "expanded): far more than a plan holds",
            )

    def value(self, event: yaml.Event, path: KeyPath) -> Any:
        """A value; its line is recorded by the caller (a mapping records its keys' lines)."""
        if len(path) > MAX_DEPTH:
            raise _TooLarge(
                _line(event),
                f"nested more than {MAX_DEPTH} levels deep: far deeper than a plan",
            )
        before = self.values
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                self._problem(path, event, f"unknown alias *{event.anchor}")
                return None
            result, values = self.anchors[event.anchor]
            self._count(event, values)
            return result
        self._count(event, 1)
        if isinstance(event, yaml.ScalarEvent):
            result = _scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            result = []
            item = self.next_event()
            while not isinstance(item, yaml.SequenceEndEvent):
                item_path = (*path, len(result))
                self.document.lines[item_path] = _line(item)
                result.append(self.value(item, item_path))
                item = self.next_event()
        elif isinstance(event, yaml.MappingStartEvent):
            result = self.mapping(path)
        else:
            raise yaml.YAMLError(f"unexpected {type(event).__name__}")
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.anchors[anchor] = (result, self.values - before)
        return result

    def mapping(self, path: KeyPath) -> dict:
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        lines = self.document.lines
        key_event = self.next_event()
        while not isinstance(key_event, yaml.MappingEndEvent):
            line = _line(key_event)
            value_event = self.next_event()
            if not isinstance(key_event, yaml.ScalarEvent):
                self._problem(path, key_event, "a key must be a plain value")
                self.value(key_event, (*path, "?"))
                self.value(value_event, (*path, "?"))
            elif key_event.value in seen:
                key = key_event.value
                message = f"duplicate key {quoted(key)} (first on line {seen[key]})"
                self.document.problems.append(((*path, key), line, message))
                self.value(value_event, (*path, key, "duplicate"))
            else:
                key = key_event.value
                key_path = (*path, key)
                seen[key] = lines[key_path] = line
                result[_scalar(key_event)] = self.value(value_event, key_path)
            key_event = self.next_event()
        return result

    def _problem(self, path: KeyPath, event: yaml.Event, message: str) -> None:
        self.document.problems.append((path, _line(event), message))


def _line(event: yaml.Event) -> int:
    """The line an event starts on, counted from 1 (the parser marks every event)."""
    assert event.start_mark is not None
    return event.start_mark.line + 1


def read_yaml(text: str) -> YamlDocument:
    document = YamlDocument()
    parser = Parser(text)
    next_event = parser.get_event
    try:
        next_event()  # stream start
        if isinstance(next_event(), yaml.StreamEndEvent):
            document.problems.append(((), 1, "the file is empty"))
            return document
        root = next_event()
        document.lines[()] = _line(root)
        document.data = _Builder(document, next_event).value(root, ())
        next_event()  # document end
        if not isinstance(next_event(), yaml.StreamEndEvent):
            document.problems.append(((), None, "a plan file holds one YAML document"))
    except _TooLarge as exc:
        document.data = None
        document.problems.append(((), exc.line, exc.message))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        document.data = None
        document.problems.append(((), line, f"not valid YAML: {exc.problem or exc}"))
    except yaml.YAMLError as exc:
        document.data = None
        document.problems.append(((), None, f"not valid YAML: {exc}"))
    finally:
        parser.dispose()
    return document
