"""The hidden metadata sheet: which pack, system and plan version a workbook was exported from.

It also holds the exported plan itself (JSON in cells of up to 30,000 characters, with its
SHA-256): the import rebuilds the workbook's layout from it, so rows can be found and checked,
and shows the planner's changes against it. The sheet is very hidden and protected; it is
not a security boundary (nothing in a workbook is), only a guard against accidents.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ltpif.framework.pack import Pack
from ltpif.framework.typed import Invalid, parse
from ltpif.interchange.template.layout import Fixed, Sheet, column_letter
from ltpif.plans.canonical import canonical_json
from ltpif.plans.document import Plan

META = "ltpif"
TEMPLATE_FORMAT = "1"
CHUNK = 30_000  # characters of the embedded plan per cell (a cell holds 32,767)
LISTS_COLUMN = 4  # validation lists start here, one a column
KEYS = ("format", "pack", "pack_version", "system", "plan_version", "plan_hash", "base_sha256")
FRESH = "download a fresh workbook from ltpif"


def metadata_sheet(
    plan: Plan, plan_version: str, hash_: str, lists: dict[str, list[str]]
) -> tuple[Sheet, dict[str, str]]:
    """The sheet, and the defined names of the validation lists it holds."""
    sheet = Sheet(META, data=False, hidden=True, widths={1: 14, 2: 70})
    base = canonical_json(plan)
    values = {
        "format": TEMPLATE_FORMAT,
        "pack": plan.pack,
        "pack_version": plan.pack_version,
        "system": plan.system,
        "plan_version": plan_version,
        "plan_hash": hash_,
        "base_sha256": hashlib.sha256(base.encode()).hexdigest(),
    }
    parts = [base[i : i + CHUNK] for i in range(0, len(base), CHUNK)]
    values |= {f"base {n + 1}": part for n, part in enumerate(parts)}
    for row, (key, value) in enumerate(values.items(), start=1):
        sheet.cells[(row, 1)] = Fixed(key, "key")
        sheet.cells[(row, 2)] = Fixed(value, "note")
    names = {}
    for offset, (name, items) in enumerate(lists.items()):
        col = LISTS_COLUMN + offset
        sheet.cells[(1, col)] = Fixed(name, "key")
        for row, item in enumerate(items, start=2):
            sheet.cells[(row, col)] = Fixed(item, "note")
        letter = column_letter(col)
        names[f"ltpif_{name}"] = f"='{META}'!${letter}$2:${letter}${len(items) + 1}"
    return sheet, names


@dataclass(frozen=True)
class Metadata:
    pack: str
    pack_version: str
    system: str
    plan_version: str
    plan_hash: str
    base: Plan  # the plan the workbook was exported from


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_metadata(values: dict[str, Any], pack: Pack) -> tuple[Metadata | None, list[str]]:
    """The metadata from the sheet's key → value pairs, or the problems that stop the import."""
    missing = [key for key in KEYS if not _text(values.get(key))]
    if missing:
        return None, [f"the hidden sheet '{META}' is damaged (no {', '.join(missing)}): {FRESH}"]
    got = {key: _text(values[key]) for key in KEYS}
    problems = []
    if got["format"] != TEMPLATE_FORMAT:
        problems.append(f"a template of another format ({got['format']}): {FRESH}")
    if got["pack"] != pack.id or got["pack_version"] != pack.meta.version:
        problems.append(
            f"exported for framework pack {got['pack']} {got['pack_version']}; ltpif now uses "
            f"{pack.id} {pack.meta.version}: {FRESH}"
        )
    if got["system"] not in pack.system_by_code:
        problems.append(f"exported for system {got['system']}, which {pack.id} does not know")
    if problems:
        return None, problems
    base = _base_plan(values, got["base_sha256"])
    if base is None or base.system != got["system"] or base.pack_version != got["pack_version"]:
        return None, [f"the hidden sheet '{META}' is damaged (its copy of the plan): {FRESH}"]
    fields = {key: got[key] for key in KEYS if key not in ("format", "base_sha256")}
    return Metadata(**fields, base=base), []


def _base_plan(values: dict[str, Any], digest: str) -> Plan | None:
    parts, number = [], 1
    while isinstance(values.get(f"base {number}"), str):
        parts.append(values[f"base {number}"])
        number += 1
    text = "".join(parts)
    if hashlib.sha256(text.encode()).hexdigest() != digest:
        return None
    try:
        return parse(Plan, json.loads(text))
    except (ValueError, Invalid):
        return None
