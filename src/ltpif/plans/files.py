"""Plan files: read (YAML, every problem located by file:line and field) and write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml

from ltpif.framework.loader import load_pack, resolve_pack_dir
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, key_path, quoted
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.framework.typed import Invalid, parse, to_plain
from ltpif.plans.document import Plan
from ltpif.plans.validate import validate_plan
from ltpif.plans.yaml_source import YamlDocument, read_yaml

MAX_PLAN_BYTES = 5_000_000

T = TypeVar("T")


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    pack: Pack
    file: str
    source: YamlDocument

    def line_of(self, path: KeyPath) -> int | None:
        return self.source.line_of(path)


def pack_for(data: object, report: Callable[[KeyPath, str], None]) -> Pack | None:
    """The pack a plan document (or an operational plan) names, or None with the problem
    reported."""
    if not isinstance(data, dict):
        return None  # not a plan at all: parsing has said so
    name = data.get("pack")
    if not isinstance(name, str) or not resolve_pack_dir(name).is_dir():
        report(("pack",), f"unknown framework pack {quoted(name)}")
        return None
    return load_pack(name)


def read_plan_text(text: str, file: str) -> LoadedPlan:
    """A plan checked against its pack, or InputError listing every problem at once."""
    plan, pack, source = read_document(text, file, Plan, validate_plan)
    return LoadedPlan(plan, pack, file, source)


def read_document(
    text: str,
    file: str,
    record: type[T],
    validate: Callable[[T, Pack, Callable[[KeyPath, str], None]], None],
) -> tuple[T, Pack, YamlDocument]:
    """A YAML document of RECORD (a plan or an operational plan), checked against the pack it
    names by VALIDATE; or InputError listing every problem at once, each at its line."""
    source = read_yaml(text)
    problems = [Problem(file, line, key_path(path), msg) for path, line, msg in source.problems]

    def report(path: KeyPath, message: str) -> None:
        problems.append(Problem(file, source.line_of(path), key_path(path), message))

    if source.data is None:
        raise InputError(problems or [Problem(file, 1, "", "the file is empty")])
    document = None
    try:
        document = parse(record, source.data)
    except Invalid as exc:
        for path, message in exc.errors:
            report(path, message)
    pack = pack_for(source.data, report)
    if document is not None and pack is not None:
        validate(document, pack, report)
    if problems or document is None or pack is None:
        raise InputError(problems)
    return document, pack, source


def read_plan(path: Path) -> LoadedPlan:
    return read_plan_text(plan_file_text(path), str(path))


def plan_file_text(path: Path) -> str:
    """A plan file's text, or InputError saying why it cannot be read as one."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            limit = f"{MAX_PLAN_BYTES // 1_000_000} MB"
            raise InputError([Problem(name, None, "", f"larger than the {limit} a plan may be")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(name, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, "", "is a folder, not a plan file")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, None, "", f"not UTF-8 text ({exc.reason})")]) from None
    return text


# libyaml's emitter writes the same text as PyYAML's pure-Python one, four times faster.
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def plan_yaml(plan: Plan) -> str:
    return yaml.dump(to_plain(plan), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_plan(plan: Plan, path: Path) -> None:
    path.write_text(plan_yaml(plan), encoding="utf-8")
