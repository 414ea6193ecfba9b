"""The check-kind reference (`docs/reference/check-kinds.md`), written from the registry: each
kind's docstring, its parameters (from the parameter record: types from its hints, meanings
from its docstring's "`name`: meaning" lines), the pack rules that use it and an example
finding. `scripts/gen_docs.py` writes it; a test fails when it is stale."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from typing import Any, get_args, get_origin, get_type_hints

import ltpif.assurance.checks  # noqa: F401  (registers the built-in check kinds)
from ltpif.assurance.findings import Finding
from ltpif.assurance.registry import REGISTRY, CheckKind
from ltpif.framework.pack import Pack
from ltpif.framework.typed import describe

_FIELD_DOC = re.compile(r"`(\w+)`: (.+)")


def parameter_docs(params: type) -> dict[str, str]:
    """The meaning of each parameter, from the record's docstring: a line "`name`: meaning"
    (continued on the lines after it that do not start a new parameter)."""
    docs: dict[str, str] = {}
    name = None
    for line in (text.strip() for text in (params.__doc__ or "").splitlines()):
        if found := _FIELD_DOC.match(line):
            name = found.group(1)
            docs[name] = found.group(2)
        elif name and line:
            docs[name] += " " + line
        else:
            name = None
    return docs


def _words(tp: Any) -> str:
    if get_origin(tp) is list:
        return f"a list, each {_words(get_args(tp)[0])}"
    return describe(tp)


def _parameters(kind: CheckKind) -> list[str]:
    fields = [f for f in dataclasses.fields(kind.params) if f.init]
    if not fields:
        return ["No parameters.", ""]
    hints, docs = get_type_hints(kind.params, include_extras=True), parameter_docs(kind.params)
    rows = ["| parameter | type | meaning |", "| --- | --- | --- |"]
    for f in fields:
        optional = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        kind_words = _words(hints[f.name]) + (" (optional)" if optional else "")
        rows.append(f"| `{f.name}` | {kind_words} | {docs.get(f.name, '—')} |")
    return [*rows, ""]


def _rules(pack: Pack, kind: CheckKind) -> list[str]:
    rules = [rule for rule in pack.rules.rule if rule.check == kind.name]
    if not rules:
        return ["No rule of the pack uses it.", ""]
    lines = [f"Rules of the `{pack.meta.id}` pack that use it:", ""]
    for rule in rules:
        given = ", ".join(
            f"`{key} = {json.dumps(value, default=str)}`" for key, value in rule.params.items()
        )
        lines.append(f"- `{rule.id}` ({rule.severity})" + (f": {given}" if given else ""))
    return [*lines, ""]


def _example(finding: Finding | None) -> list[str]:
    if finding is None:
        return []
    return [
        "Example finding, from its case in the check-kind spec table:",
        "",
        "```text",
        f"{finding.severity} {finding.rule} at {finding.pointer}",
        finding.message,
        "```",
        "",
    ]


def check_kinds_markdown(pack: Pack, examples: Mapping[str, Finding]) -> str:
    lines = [
        "# Check kinds",
        "",
        "<!-- Generated from the check registry by `scripts/gen_docs.py`: do not edit. -->",
        "",
        "A rule of a pack (`rules.toml`) names one of these kinds and gives its parameters;",
        "the engine adds the rule's severity, citation and principles to what the check finds.",
        "Parameter types are checked when the pack is loaded.",
        "",
    ]
    for name in sorted(REGISTRY):
        kind = REGISTRY[name]
        lines += [f"## `{name}`", "", kind.doc, ""]
        lines += _parameters(kind) + _rules(pack, kind) + _example(examples.get(name))
    return "\n".join(lines).rstrip() + "\n"
