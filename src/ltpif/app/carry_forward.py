"""Carrying plans forward to a new pack version: `ltpif plans carry-forward`.

`carry_forward_source` carries the plans of any source (a folder, the database's agreed plans)
to a new pack in memory, for a front end to store as the new round's drafts.
`carry_forward_files` is the CLI's: every plan file is read against its own pack, carried
forward (`plans.carry_forward`) and written as `{system code}.yaml` into a folder that holds no
plans yet: the old files are never touched, and a folder that already holds plans (perhaps the
old ones) is refused. Every problem of every input is listed before anything is written.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NoReturn, TypeVar

from ltpif.app.sources import PlanSource
from ltpif.framework.diff import PackChange, diff_packs
from ltpif.framework.loader import load_pack, load_packs, resolve_pack_dir
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.interchange.plan_folder import PARALLEL_FROM, PLAN_SUFFIXES, plan_files
from ltpif.plans.carry_forward import Action, CarriedPlan, carry_forward
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.files import plan_yaml, read_plan

T = TypeVar("T")


@dataclass(frozen=True)
class CarriedFile:
    source: str  # the plan file carried
    target: str | None  # the draft written (None when the system is not in the new pack)
    name: str  # the system's name (in the new pack, else in the old)
    old: Pack  # the pack the plan was written for
    result: CarriedPlan


@dataclass(frozen=True)
class CarryForward:
    new: Pack
    out: Path
    files: list[CarriedFile]  # in the order given
    diffs: list[tuple[Pack, list[PackChange]]]  # each pack the plans were for, its diff to `new`
    # whether `ltpif assure` finds the new pack by the name the drafts give (built in, or a
    # folder of that name in the working folder)
    pack_found: bool


def _plan_paths(paths: list[Path], problems: list[Problem]) -> list[Path]:
    """The files given, and the plan files of the folders given."""
    found: list[Path] = []
    for path in paths:
        try:
            found.extend(plan_files(path) if path.is_dir() else [path])
        except InputError as exc:  # a folder without plans
            problems.extend(exc.problems)
    return found


def _out_problems(out: Path) -> list[Problem]:
    if out.exists() and not out.is_dir():
        return [Problem(str(out), None, "--out", "is a file, not a folder")]
    if out.is_dir() and any(p.suffix in PLAN_SUFFIXES for p in out.iterdir()):
        message = "already holds plans: carry forward into a new or empty folder"
        return [Problem(str(out), None, "--out", message)]
    return []


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.is_dir() and a.samefile(b)
    except OSError:
        return False


@dataclass(frozen=True)
class _Carried:
    """One plan carried forward in a worker: the result, the draft's text, where it came from."""

    result: CarriedPlan
    old: tuple[str, str]  # the pack the plan was written for, and its version
    text: str | None
    system_line: int | None


_DIFFS: dict[tuple[str, str, str], list[PackChange]] = {}  # a worker's diffs, by old pack


def _carry_one(to: str | Path, path: Path) -> _Carried | list[Problem]:
    """Read, carry forward and write out one plan as text (run in a worker process)."""
    try:
        loaded = read_plan(path)
    except InputError as exc:
        return exc.problems
    old, new = loaded.pack, load_pack(to)
    key = (str(to), old.id, old.meta.version)
    if key not in _DIFFS:
        _DIFFS[key] = diff_packs(old, new)
    result = carry_forward(loaded.plan, old, new, _DIFFS[key])
    text = plan_yaml(result.plan) if result.plan is not None else None
    return _Carried(result, (old.id, old.meta.version), text, loaded.line_of(("system",)))


def _in_parallel(work: Callable[[Path], T], items: list[Path]) -> list[T]:
    """`work` on each item, in order; on every core when there are enough items to pay for it."""
    workers = min(os.cpu_count() or 1, len(items) // PARALLEL_FROM)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(work, items, chunksize=-(-len(items) // workers)))


def carry_forward_files(paths: list[Path], to: str | Path, out: Path) -> CarryForward:
    """Every plan of `paths` (files, or folders of plan files) carried forward to the pack `to`
    and written into `out`; InputError listing every problem, with nothing written."""
    problems = _out_problems(out)
    files = _plan_paths(paths, problems)
    new = None
    try:
        (new,) = load_packs(to)
    except InputError as exc:
        problems.extend(exc.problems)
    if new is None:  # the plans are still read, for their problems
        return _refused(files, problems)
    load_pack()  # loaded once here, the workers inherit it (and the new pack)
    carried = _in_parallel(partial(_carry_one, to), files)
    by_system: dict[str, str] = {}
    for path, item in zip(files, carried, strict=True):
        if isinstance(item, list):
            problems.extend(item)
            continue
        code = load_pack(item.old[0]).system_by_code[item.result.old_system].code
        if code in by_system:
            message = f"a second plan for system {code} (the first is {by_system[code]})"
            problems.append(Problem(str(path), item.system_line, "system", message))
        by_system[code] = str(path)
    if problems:
        raise InputError(problems)
    done = [item for item in carried if isinstance(item, _Carried)]
    return _write(files, done, new, to, out)


def _refused(files: list[Path], problems: list[Problem]) -> NoReturn:
    """InputError with `problems` and those of every plan file (read without workers: the new
    pack cannot be read, so nothing is carried)."""
    for path in files:
        try:
            read_plan(path)
        except InputError as exc:
            problems.extend(exc.problems)
    raise InputError(problems)


def _write(
    files: list[Path], carried: list[_Carried], new: Pack, to: str | Path, out: Path
) -> CarryForward:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    results: list[CarriedFile] = []
    diffs: dict[tuple[str, str], tuple[Pack, list[PackChange]]] = {}
    try:
        for path, item in zip(files, carried, strict=True):
            old = load_pack(item.old[0])
            if item.old not in diffs:
                diffs[item.old] = (old, diff_packs(old, new))
            result = item.result
            system = (
                new.system_by_code.get(result.old_system) or old.system_by_code[result.old_system]
            )
            target = None
            if item.text is not None:
                target = out / f"{result.system}.yaml"
                target.write_text(item.text, encoding="utf-8")
                written.append(target)
            results.append(
                CarriedFile(str(path), str(target) if target else None, system.name, old, result)
            )
    except OSError as exc:
        for target in written:
            target.unlink(missing_ok=True)
        raise InputError([Problem(str(out), None, "--out", f"cannot write: {exc}")]) from None
    found = _same_folder(resolve_pack_dir(new.id), resolve_pack_dir(to))
    return CarryForward(new, out, results, list(diffs.values()), found)


def carry_forward_source(source: PlanSource, new: Pack) -> dict[str, CarriedPlan]:
    """Every plan of `source` (one pack version) carried forward to `new`, by system code."""
    return {s.old_code: s.result for s in carry_round(source, new).systems if s.result is not None}


@dataclass(frozen=True)
class SystemCarried:
    """One system of a carry between rounds: its agreed plan carried (or not) and the notes."""

    code: str  # the system's code in the new pack (in the old, when the new pack lacks it)
    old_code: str  # its code in the old pack ("" when it is new in the new pack)
    name: str
    result: CarriedPlan | None  # None: no agreed plan to carry
    priorities: int  # the agreed plan's local priorities

    @property
    def agreed(self) -> bool:
        return self.result is not None

    @property
    def draft(self) -> bool:
        return self.result is not None and self.result.plan is not None

    @property
    def kept(self) -> int:
        """Local priorities carried into the draft."""
        plan = self.result.plan if self.result is not None else None
        return len(plan.local_priorities) if plan is not None else 0

    @property
    def dropped(self) -> int:
        return self.priorities - self.kept

    def notes_of(self, action: Action) -> int:
        return len(self.result.of(action)) if self.result is not None else 0


@dataclass(frozen=True)
class RoundCarry:
    """Every system of the new pack (and any of the old one it lacks), what is carried."""

    old: Pack
    new: Pack
    changes: list[PackChange]
    systems: list[SystemCarried]  # the new pack's systems by name, then the old pack's it lacks

    @property
    def carried(self) -> list[SystemCarried]:
        return [s for s in self.systems if s.result is not None]

    @property
    def drafts(self) -> list[SystemCarried]:
        return [s for s in self.systems if s.draft]

    def report(self) -> list[dict]:
        """What a round keeps of the carry: each system's counts and notes."""
        return [
            {
                "code": s.code,
                "name": s.name,
                "agreed": s.agreed,
                "draft": s.draft,
                "kept": s.kept,
                "dropped": s.dropped,
                "notes": [
                    [n.action, n.where, n.message]
                    for n in (s.result.notes if s.result is not None else ())
                ],
            }
            for s in self.systems
        ]


def carry_round(source: PlanSource, new: Pack) -> RoundCarry:
    """The plans of `source` (one round's agreed plans) carried forward to `new`, for every
    system of either pack: the new round's first drafts and each system's report."""
    plans = source.read()
    old = plans.pack
    changes = diff_packs(old, new)
    results = {code: carry_forward(plan, old, new, changes) for code, plan in plans.plans.items()}
    by_new = {r.system: (code, r) for code, r in results.items() if r.system}
    systems = []
    for system in sorted(new.geography.system, key=lambda s: s.name):
        old_code, result = by_new.get(system.code, ("", None))
        systems.append(_system(system.code, old_code, system.name, result, plans.plans))
    for code, result in sorted(results.items()):
        if not result.system:
            name = old.system_by_code[code].name
            systems.append(_system(code, code, name, result, plans.plans))
    return RoundCarry(old, new, changes, systems)


def _system(
    code: str,
    old_code: str,
    name: str,
    result: CarriedPlan | None,
    plans: Mapping[str, PlanDocument],
) -> SystemCarried:
    agreed = plans.get(old_code)
    priorities = len(agreed.local_priorities) if agreed is not None else 0
    return SystemCarried(code, old_code, name, result, priorities)
