"""A folder of plan files read for a roll-up: one pack version, one plan per system.

Every problem of every file is gathered before anything is refused. Plans written against
different pack versions cannot be rolled up together: their metrics and ambitions may differ,
so the files outside the most common version are named (read from their `pack` and
`pack_version` lines, before each file is read in full against its pack).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import yaml

from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.plans.document import Plan
from ltpif.plans.files import read_plan

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
_HEADER = re.compile(r"^(pack|pack_version):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
Progress = Callable[[str, int, int], None]  # (step, done, total)
# Reading YAML is most of the work (15-60 ms a plan): from this many plans per core, a forked
# worker per core costs less to start than it saves.
PARALLEL_FROM = 4


@dataclass(frozen=True)
class PlanFolder:
    pack: Pack
    plans: dict[str, Plan]  # by the system's 2019 code
    files: dict[str, str]  # the file each plan was read from, by system


def plan_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError([Problem(str(folder), None, "", "no such folder of plans")])
    files = sorted(p for p in folder.iterdir() if p.suffix in PLAN_SUFFIXES and p.is_file())
    if not files:
        kinds = ", ".join(f"*{suffix}" for suffix in PLAN_SUFFIXES)
        raise InputError([Problem(str(folder), None, "", f"no plan files ({kinds}) here")])
    return files


def _header(path: Path) -> tuple[tuple[str, str], int | None]:
    """(pack, pack_version) as the file states them, and the line of `pack_version`."""
    found: dict[str, str] = {}
    line = None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ("", ""), None  # read_plan reports it
    for match in _HEADER.finditer(text):
        if match.group(1) not in found:
            try:
                found[match.group(1)] = str(yaml.safe_load(match.group(2)))
            except yaml.YAMLError:
                found[match.group(1)] = match.group(2)
            if match.group(1) == "pack_version":
                line = text.count("\n", 0, match.start()) + 1
    return (found.get("pack", ""), found.get("pack_version", "")), line


def _version_problems(files: list[Path]) -> list[Problem]:
    """Problems naming the files outside the most common pack version (none if one version)."""
    headers = {path: _header(path) for path in files}
    counts = Counter(version for version, _line in headers.values())
    if len(counts) < 2:
        return []
    ordered = sorted(counts, key=lambda v: (-counts[v], v))
    main_pack, main_version = ordered[0]
    listed = "; ".join(f"{p} {v or '?'} ({counts[p, v]} plan(s))" for p, v in ordered)
    problems = [
        Problem(
            str(files[0].parent),
            None,
            "",
            f"one roll-up takes plans of one pack version; these are of {len(counts)}: {listed}",
        )
    ]
    for path, ((pack, version), line) in headers.items():
        if (pack, version) != ordered[0]:
            problems.append(
                Problem(
                    str(path),
                    line,
                    "pack_version",
                    f"written for {pack or '?'} {version or '?'}; "
                    f"the other plans are for {main_pack} {main_version}",
                )
            )
    return problems


def _read_one(path: Path) -> tuple[Plan, int | None] | list[Problem]:
    """A plan and the line of its `system`, or its problems (run in a worker process)."""
    try:
        item = read_plan(path)
    except InputError as exc:
        return exc.problems
    return item.plan, item.line_of(("system",))


def _read_all(files: list[Path], progress: Progress | None) -> list:
    """Each file read, in order; on every core when there are enough files to pay for it."""
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for done, path in enumerate(files, 1):
            results.append(_read_one(path))
            if progress:
                progress("reading plans", done, len(files))
        return results
    load_pack()  # loaded once here, the workers inherit it
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(_read_one, path) for path in files]
        for done, _future in enumerate(as_completed(futures), 1):
            if progress:
                progress("reading plans", done, len(files))
        return [future.result() for future in futures]


def read_plan_folder(folder: Path, progress: Progress | None = None) -> PlanFolder:
    """Every plan of the folder, or InputError with every problem of every file."""
    files = plan_files(folder)
    problems = _version_problems(files)
    odd = {p.file for p in problems}  # read only the plans of the main version
    files = [path for path in files if str(path) not in odd]
    plans: dict[str, Plan] = {}
    read_from: dict[str, str] = {}
    pack = None
    for path, result in zip(files, _read_all(files, progress), strict=True):
        if isinstance(result, list):
            problems.extend(result)
            continue
        plan, line = result
        pack = load_pack(plan.pack)
        code = pack.system_by_code[plan.system].code
        if code in plans:
            message = f"a second plan for system {code} (the first is {read_from[code]})"
            problems.append(Problem(str(path), line, "system", message))
            continue
        plans[code], read_from[code] = plan, str(path)
    if problems or pack is None:
        raise InputError(problems)
    return PlanFolder(pack, plans, read_from)
