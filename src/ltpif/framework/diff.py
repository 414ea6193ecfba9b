"""What changed between two versions of a framework pack, entry by entry and field by field.

Every identified entry of a pack (a commitment, metric, ambition, milestone, rule, deadline,
system, region, plan year…) is matched by its id or code across the two versions: an entry on
one side only is added or removed; an entry on both sides is compared field by field, nested
fields and tables spelt with dots (a rule's threshold is `params.min_growth`), both values kept.
Metrics, ambitions and milestones are entries of their own, not fields of their commitment:
a metric's unit changing is a change of the metric, and its `commitment` field says which
commitment it now belongs to. Two packs of different systems are simply a list of systems added
and removed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ltpif.framework.pack import Pack

# A value as the diff keeps it: a scalar of the pack, or a list of them.
Leaf = str | int | float | bool | dt.date | tuple[Any, ...]
Change = Literal["added", "removed", "changed"]

# the kinds of entry, in the order a diff lists them
KINDS = (
    "pack",
    "plan period",
    "periods",
    "year",
    "commitment",
    "metric",
    "ambition",
    "milestone",
    "rule",
    "principle",
    "section",
    "deadline",
    "financial test",
    "funding stream",
    "maturity",
    "maturity level",
    "characteristic",
    "freedom",
    "region",
    "system",
    "level",
    "organisation type",
    "seed",
    "publication",
)
_ORDER = {kind: index for index, kind in enumerate(KINDS)}
_RANK = {"removed": 0, "changed": 1, "added": 2}


@dataclass(frozen=True)
class PackChange:
    """One difference. An entry added or removed has no `field` and names itself by `label`
    (its title or name); a change of a field has both values, None where the field is unset."""

    kind: str
    key: str  # the entry's id or code ("" for the pack's single entries: its plan period…)
    change: Change
    label: str = ""
    field: str = ""
    before: Leaf | None = None
    after: Leaf | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "change": self.change,
            "label": self.label,
            "field": self.field,
            "before": _plain(self.before),
            "after": _plain(self.after),
        }


def _plain(value: Leaf | None) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class _Entry:
    label: str
    fields: dict[str, Leaf]


def _flatten(value: Any, prefix: str, out: dict[str, Leaf], skip: frozenset[str]) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in skip:
                name = f"{prefix}.{field.name}" if prefix else field.name
                _flatten(getattr(value, field.name), name, out, frozenset())
    elif isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}", out, frozenset())
    elif isinstance(value, list | tuple):
        if any(dataclasses.is_dataclass(item) for item in value):
            for index, item in enumerate(value):
                _flatten(item, f"{prefix}[{index + 1}]", out, frozenset())
        else:
            out[prefix] = tuple(value)
    elif value is not None:
        out[prefix] = value


def _entry(record: Any, label: str, skip: tuple[str, ...] = (), **extra: Leaf) -> _Entry:
    fields: dict[str, Leaf] = {}
    _flatten(record, "", fields, frozenset(skip))
    fields.update(extra)
    return _Entry(label, fields)


_NESTED = ("metric", "ambition", "milestone")


def _commitment_entries(pack: Pack) -> Iterator[tuple[str, str, _Entry]]:
    for area in pack.areas:
        for c in area.area.commitment:
            yield "commitment", c.id, _entry(c, c.title, _NESTED, area=area.area.area)
            for m in c.metric:
                yield "metric", m.id, _entry(m, m.name, commitment=c.id)
            for a in c.ambition:
                yield "ambition", a.id, _entry(a, a.description, commitment=c.id)
            for s in c.milestone:
                yield "milestone", s.id, _entry(s, s.description, commitment=c.id)


def _entries(pack: Pack) -> dict[tuple[str, str], _Entry]:
    """Every entry of the pack by (kind, id or code)."""
    meta, geo, maturity = pack.meta, pack.geography, pack.maturity
    found: list[tuple[str, str, _Entry]] = [
        ("pack", "", _entry(meta, meta.title, ("plan_period", "seed", "publication"))),
        ("plan period", "", _entry(meta.plan_period, "")),
        ("periods", "", _entry(pack.periods, "", ("years",))),
        *(("year", year, _Entry("", {})) for year in pack.periods.years),
        *_commitment_entries(pack),
        *(("rule", r.id, _entry(r, r.title)) for r in pack.rules.rule),
        *(("principle", p.id, _entry(p, p.name)) for p in pack.principles.principle),
        *(("section", s.id, _entry(s, s.title)) for s in pack.sections.section),
        *(("deadline", d.id, _entry(d, d.name)) for d in pack.calendar.deadline),
        *(("financial test", t.id, _entry(t, t.name)) for t in pack.finance.financial_test),
        *(("funding stream", f.id, _entry(f, f.name)) for f in pack.finance.funding_stream),
        ("maturity", "", _entry(maturity, "", ("level", "characteristic", "freedom"))),
        *(("maturity level", m.id, _entry(m, m.name)) for m in maturity.level),
        *(("characteristic", c.id, _entry(c, c.text)) for c in maturity.characteristic),
        *(("freedom", f.id, _entry(f, f.text)) for f in maturity.freedom),
        *(("region", r.code, _entry(r, r.name)) for r in geo.region),
        *(("system", s.code, _entry(s, s.name)) for s in geo.system),
        *(("level", v.id, _entry(v, v.name)) for v in geo.level),
        *(("organisation type", o.id, _entry(o, o.name)) for o in geo.organisation_type),
        *(("seed", s.file, _entry(s, s.title)) for s in meta.seed),
        *(("publication", p.id, _entry(p, p.title)) for p in meta.publication),
    ]
    return {(kind, key): entry for kind, key, entry in found}


def diff_packs(old: Pack, new: Pack) -> list[PackChange]:
    """Every difference from `old` to `new`: by kind (in `KINDS` order), then id, removals
    before changes before additions, then field."""
    before, after = _entries(old), _entries(new)
    changes: list[PackChange] = []
    for where, was in before.items():
        now = after.get(where)
        if now is None:
            changes.append(PackChange(*where, "removed", label=was.label))
            continue
        for field in [*was.fields, *(f for f in now.fields if f not in was.fields)]:
            old_value, new_value = was.fields.get(field), now.fields.get(field)
            if old_value != new_value:
                label = now.label
                changes.append(PackChange(*where, "changed", label, field, old_value, new_value))
    for where, now in after.items():
        if where not in before:
            changes.append(PackChange(*where, "added", label=now.label))
    return sorted(changes, key=lambda c: (_ORDER[c.kind], c.key, _RANK[c.change], c.field))


def _shown(value: Leaf | None) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text if len(text) <= 80 else text[:79] + "…")
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def change_line(change: PackChange) -> str:
    """One change as a line: `+ commitment nhs-app: 'The NHS App'`,
    `~ rule productivity-growth params.min_growth: 0.011 → 0.015`."""
    name = f"{change.kind} {change.key}".rstrip()
    if change.change == "changed":
        return f"~ {name} {change.field}: {_shown(change.before)} → {_shown(change.after)}"
    sign = "+" if change.change == "added" else "-"
    return f"{sign} {name}: {_shown(change.label)}" if change.label else f"{sign} {name}"


def render_diff(old: Pack, new: Pack, changes: list[PackChange]) -> str:
    head = f"{old.id} {old.meta.version} → {new.id} {new.meta.version}"
    if not changes:
        return f"{head}: no changes.\n"
    return "\n".join([f"{head}: {len(changes)} change(s)", *map(change_line, changes)]) + "\n"


def diff_json(old: Pack, new: Pack, changes: list[PackChange]) -> dict[str, Any]:
    return {
        "old": {"pack": old.id, "version": old.meta.version},
        "new": {"pack": new.id, "version": new.meta.version},
        "changes": [change.as_dict() for change in changes],
    }


def change_words(change: PackChange) -> str:
    """One change as a sentence for a page: `Commitment fax-machines removed: 'Stop using fax
    machines'.`, `Rule sections-substantial: params.min_length changes from 100 to 150.`"""
    name = f"{change.kind} {change.key}".strip()
    name = name[0].upper() + name[1:]
    if change.change == "changed":
        return (
            f"{name}: {change.field} changes from {_shown(change.before)} "
            f"to {_shown(change.after)}."
        )
    label = f": {_shown(change.label)}" if change.label else ""
    return f"{name} {change.change}{label}."
