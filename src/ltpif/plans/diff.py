"""What changed between two plans, field by field, in words a planner can read.

Generic over records: any two frozen dataclasses of the same type (a Plan, a commitment, a
finance year) are compared field by field; dicts by key (shown `values[2020/21]`); lists of
records by their identity, the first field when it is text and unique on both sides (a
commitment's id, a metric, an organisation's code, a staff group), otherwise by position.
The web's version history and the Excel template's import both show these changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ltpif.framework.problems import quoted

PathPart = str | int


class ItemKey(str):
    """A path part naming a list item by its identity (a commitment's id), not a field."""

    __slots__ = ()


TEXT_SHOWN = 80  # characters of a text shown before it is cut short


@dataclass(frozen=True)
class Change:
    """One difference: `before` is None for something added, `after` None for a removal."""

    path: tuple[PathPart, ...]
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"

    @property
    def where(self) -> str:
        """('commitments', 'nhs-app', 'milestones', 0) → 'commitments[nhs-app].milestones[1]'."""
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part + 1}]"
            elif isinstance(part, ItemKey):
                out += f"[{part}]"
            else:
                out += f".{part}" if out else part
        return out

    def __str__(self) -> str:
        if self.kind == "added":
            return f"+ {self.where}: {show(self.after)}"
        if self.kind == "removed":
            return f"- {self.where}: was {show(self.before)}"
        return f"~ {self.where}: {show(self.before)} → {show(self.after)}"

    def as_dict(self) -> dict[str, Any]:
        """For JSON and templates: plain values, the place in words, the kind of change."""
        return {
            "where": self.where,
            "path": [str(part) if isinstance(part, str) else part for part in self.path],
            "kind": self.kind,
            "before": show(self.before) if self.before is not None else None,
            "after": show(self.after) if self.after is not None else None,
        }


def _identity(value: Any) -> Any:
    """The first field of a record, when it is text: what the record is called."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        first = dataclasses.fields(value)[0].name
        key = getattr(value, first)
        return key if isinstance(key, str) else None
    return None


def _text(value: str) -> str:
    return quoted(" ".join(value.split()), TEXT_SHOWN)


def _record(value: Any) -> str:
    """A record by its name, or its first few plain fields."""
    name = _identity(value)
    fields = [f.name for f in dataclasses.fields(value)]
    if name is not None and len(fields) > 3:
        return name
    plain = [f for f in fields[:3] if not isinstance(getattr(value, f), list | dict)]
    return ", ".join(f"{f} {show(getattr(value, f))}" for f in plain) or type(value).__name__


def _mapping(value: dict) -> str:
    return ", ".join(f"{key}: {show(item)}" for key, item in value.items()) or "(empty)"


# (type, how a value of that type is shown): the first type the value is an instance of wins
_SHOWN_AS: tuple[tuple[Any, Callable[[Any], str]], ...] = (
    (bool, lambda value: "yes" if value else "no"),
    (int | float, lambda value: f"{value:,.15g}"),
    (dt.date, lambda value: value.isoformat()),
    (str, _text),
    (list | tuple, lambda value: f"{len(value)} item(s)"),
    (dict, _mapping),
)


def show(value: Any) -> str:
    """A value in a few words: numbers grouped, dates ISO, text cut short, records named."""
    if value is None:
        return "(nothing)"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record(value)
    for kind, render in _SHOWN_AS:
        if isinstance(value, kind):
            return render(value)
    return repr(value)


def _keyed(items: list[Any]) -> dict[Any, Any] | None:
    """Items by identity, or None when some item has none or two share one."""
    keys = [_identity(item) for item in items]
    if None in keys or len(set(keys)) != len(keys):
        return None
    return dict(zip(keys, items, strict=True))


def _diff_list(before: list, after: list, path: tuple, out: list[Change]) -> None:
    old, new = _keyed(before), _keyed(after)
    if old is None or new is None:
        for index in range(max(len(before), len(after))):
            was = before[index] if index < len(before) else None
            now = after[index] if index < len(after) else None
            _diff(was, now, (*path, index), out)
        return
    found = len(out)
    for key, item in old.items():
        _diff(item, new.get(key), (*path, ItemKey(key)), out)
    for key, item in new.items():
        if key not in old:
            _diff(None, item, (*path, ItemKey(key)), out)
    if len(out) == found and list(old) != list(new):
        out.append(Change(path, ", ".join(old), ", ".join(new)))  # same items, new order


def _diff(before: Any, after: Any, path: tuple, out: list[Change]) -> None:
    if before == after:
        return
    if before is None or after is None or type(before) is not type(after):
        out.append(Change(path, before, after))
    elif dataclasses.is_dataclass(before):
        for field in dataclasses.fields(before):
            _diff(getattr(before, field.name), getattr(after, field.name), (*path, field.name), out)
    elif isinstance(before, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _diff(before.get(key), after.get(key), (*path, ItemKey(key)), out)
    elif isinstance(before, list):
        _diff_list(before, after, path, out)
    else:
        out.append(Change(path, before, after))


def diff_records(before: Any, after: Any) -> list[Change]:
    """Every difference between two records of the same type, in the order of their fields."""
    out: list[Change] = []
    _diff(before, after, (), out)
    return out


def render_changes(changes: list[Change]) -> str:
    """The changes as text, one a line, after a count."""
    if not changes:
        return "No changes.\n"
    lines = [f"{len(changes)} change(s):", *(str(change) for change in changes)]
    return "\n".join(lines) + "\n"
