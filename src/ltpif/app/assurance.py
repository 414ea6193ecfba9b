"""Assuring many plan files at once, on every core.

Reading YAML is most of the work (about 15 ms a plan); with 42 plans and two cores, two
forked workers halve the wall time. Problems in any file are gathered, never half-reported.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from ltpif.assurance.engine import DEFAULT_STAGE, assure, assure_operational
from ltpif.assurance.report import AssuranceReport
from ltpif.framework.loader import load_pack
from ltpif.framework.problems import InputError, Problem
from ltpif.framework.schema import Stage
from ltpif.plans.files import read_plan
from ltpif.plans.operational_files import is_operational, read_operational_file

# Below this many plans a worker costs more to start than it saves.
PARALLEL_FROM = 8


def _operational(path: Path) -> bool:
    """Whether a file is an operational plan (by its first key); read errors are read_plan's."""
    try:
        with path.open("rb") as file:
            return is_operational(file.read(4096).decode("utf-8", "replace"))
    except OSError:
        return False


def _assure_one(
    path: Path, stage: Stage = DEFAULT_STAGE, today: dt.date | None = None
) -> AssuranceReport | list[Problem]:
    try:
        if _operational(path):  # judged at the operational stage, whatever `stage` says
            op = read_operational_file(path)
            return assure_operational(op.pack, op.operational, op.line_of, op.file, today)
        loaded = read_plan(path)
    except InputError as exc:
        return exc.problems
    return assure(loaded.pack, loaded.plan, loaded.line_of, loaded.file, stage, today=today)


def assure_files(
    paths: list[Path], stage: Stage = DEFAULT_STAGE, today: dt.date | None = None
) -> list[AssuranceReport]:
    """A report per plan, judged for the `stage` submission, in order; InputError listing every
    problem of every bad file. `today` is the planning calendar's (the clock's unless given)."""
    today = today or dt.date.today()
    workers = min(os.cpu_count() or 1, len(paths) // (PARALLEL_FROM // 2))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        load_pack()  # loaded once here, the workers inherit it
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            chunk = -(-len(paths) // workers)
            one = partial(_assure_one, stage=stage, today=today)
            results = list(pool.map(one, paths, chunksize=chunk))
    else:
        results = [_assure_one(path, stage, today) for path in paths]
    problems = [p for result in results if isinstance(result, list) for p in result]
    if problems:
        raise InputError(problems)
    return [result for result in results if isinstance(result, AssuranceReport)]
