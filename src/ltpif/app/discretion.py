"""The local discretion index as a front end shows it: per plan, nationally, and the local
priorities by theme (the method: docs/reference/local-discretion.md)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ltpif.app import present
from ltpif.assurance.discretion import (
    PART_NAMES,
    PARTS,
    Discretion,
    NationalDiscretion,
    Part,
    discretion,
    national,
)
from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.interchange.plan_folder import PARALLEL_FROM
from ltpif.plans.document import LocalPriority, Plan
from ltpif.plans.files import read_plan
from ltpif.rollup.local_priorities import ThemeRow, priorities_by_theme, themes_of


@dataclass(frozen=True)
class PlanDiscretion:
    system: str
    name: str
    region: str
    discretion: Discretion


@dataclass(frozen=True)
class DiscretionReport:
    pack: Pack
    plans: tuple[PlanDiscretion, ...]
    national: NationalDiscretion
    themes: tuple[ThemeRow, ...]

    def rows(self) -> list[dict[str, object]]:
        """One row per plan then one for the nation: the index and each part's local share,
        local and total (shares 0 to 1, rounded to 4 places; blank when a part is empty)."""
        out = [_row(p.system, p.name, p.discretion.index, p.discretion.parts) for p in self.plans]
        out.append(_row("national", "All plans", self.national.index, self.national.parts))
        return out


def _rounded(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _row(system: str, name: str, index: float | None, parts: Sequence[Part]) -> dict[str, object]:
    row: dict[str, object] = {"system": system, "name": name, "index": _rounded(index)}
    for part in parts:
        row[f"{part.name}_share"] = _rounded(part.share)
        row[f"{part.name}_local"] = _rounded(part.local, 2)
        row[f"{part.name}_total"] = _rounded(part.total, 2)
    return row


def _plan_row(pack: Pack, code: str, of_plan: Discretion) -> PlanDiscretion:
    system = pack.system_by_code.get(code)
    if system is None:
        return PlanDiscretion(code, code, "", of_plan)
    region = pack.region_by_code.get(system.region)
    return PlanDiscretion(code, system.name, region.name if region else "", of_plan)


# (codes, then the ids of the pack and each plan) → (those objects, their report): the national
# and region dashboards ask it of the same plans at every visit (documents and packs are
# immutable, and held here while kept, so an id is not reused by another object)
_reports: dict[tuple, tuple[tuple, DiscretionReport]] = {}


def discretion_report(pack: Pack, plans: Mapping[str, Plan]) -> DiscretionReport:
    """The index of each plan (in order of system code), nationally, and the themes; kept for
    the very pack and plan objects."""
    codes = tuple(sorted(plans))
    held = (pack, *(plans[code] for code in codes))
    key = (codes, *map(id, held))
    kept = _reports.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], held, strict=True)):
        return kept[1]
    report = _report(pack, plans)
    if len(_reports) >= 32:  # England's and the regions', a few versions each
        _reports.clear()
    _reports[key] = (held, report)
    return report


def _report(pack: Pack, plans: Mapping[str, Plan]) -> DiscretionReport:
    rows = [_plan_row(pack, code, discretion(pack, plans[code])) for code in sorted(plans)]
    return DiscretionReport(
        pack,
        tuple(rows),
        national([row.discretion for row in rows]),
        tuple(priorities_by_theme(pack, plans.values())),
    )


@dataclass(frozen=True)
class _Read:
    """What a worker sends back of one plan file: no more than the report needs."""

    system: str
    pack: tuple[str, str]  # id and version
    discretion: Discretion
    priorities: tuple[LocalPriority, ...]


def _read_one(path: Path) -> _Read | list[Problem]:
    try:
        loaded = read_plan(path)
    except InputError as exc:
        return exc.problems
    plan, pack = loaded.plan, loaded.pack
    return _Read(
        plan.system,
        (pack.id, pack.meta.version),
        discretion(pack, plan),
        tuple(plan.local_priorities),
    )


def discretion_of_files(paths: Sequence[Path]) -> DiscretionReport:
    """The report over plan files; InputError listing every problem of every bad file. Reading
    the YAML is nearly all the work, so with many files it is shared among forked workers."""
    workers = min(os.cpu_count() or 1, len(paths) // PARALLEL_FROM)  # plans per core
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        load_pack()  # loaded once here, the workers inherit it
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_read_one, paths, chunksize=-(-len(paths) // workers)))
    else:
        results = [_read_one(path) for path in paths]
    problems = [p for result in results if isinstance(result, list) for p in result]
    read: dict[str, _Read] = {}
    for path, result in zip(paths, results, strict=True):
        if isinstance(result, list):
            continue
        first = next(iter(read.values()), result)
        if result.pack != first.pack:
            message = f"written for {' '.join(result.pack)}, not {' '.join(first.pack)}"
            problems.append(Problem(str(path), None, "pack_version", message))
        elif result.system in read:
            problems.append(
                Problem(str(path), None, "system", f"a second plan for {result.system}")
            )
        else:
            read[result.system] = result
    if problems:
        raise InputError(problems)
    pack = load_pack(next(iter(read.values())).pack[0])
    rows = [_plan_row(pack, code, read[code].discretion) for code in sorted(read)]
    themes = themes_of(pack, ((code, read[code].priorities) for code in sorted(read)))
    return DiscretionReport(
        pack, tuple(rows), national([row.discretion for row in rows]), tuple(themes)
    )


def part_label(name: str) -> str:
    return PART_NAMES[name]


def render_text(report: DiscretionReport) -> str:
    """Per plan and nationally: the index and each part's locally chosen share."""
    share = present.percent
    head = ["System", "Index", *(PART_NAMES[p] for p in PARTS)]
    lines = ["Local discretion index (0 = wholly prescribed, 1 = wholly local)", ""]
    table = [head]
    for row in report.plans:
        d = row.discretion
        table.append(
            [f"{row.system} {row.name}", _index(d.index), *(share(d.part(p).share) for p in PARTS)]
        )
    n = report.national
    table.append(
        ["National (ratio of sums)", _index(n.index)] + [share(part.share) for part in n.parts]
    )
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for row_cells in table:
        lines.append(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row_cells)
            ).rstrip()
        )
    spread = n.quantiles()
    if spread:
        low, q1, median, q3, high = (_index(v) for v in spread)
        lines += [
            "",
            f"Across the {n.plans} plans: lowest {low}, lower quartile {q1}, median {median}, "
            f"upper quartile {q3}, highest {high}.",
        ]
    lines += ["", "Local priorities by theme", ""]
    for theme in report.themes:
        lines.append(
            f"  {theme.name}: {theme.priorities} priorities in {theme.systems} systems, "
            f"{theme.metrics} metrics"
        )
    return "\n".join(lines) + "\n"


def _index(value: float | None) -> str:
    return present.MISSING if value is None else f"{value:.3f}"


# --- what the web pages show -----------------------------------------------------------------


@dataclass(frozen=True)
class PartRow:
    """A part as a table row: its name, locally chosen and total (counts, or £m for money),
    and the local share."""

    name: str
    local: str
    total: str
    share: str


@dataclass(frozen=True)
class DiscretionView:
    index: str
    parts: tuple[PartRow, ...]
    spread: tuple[tuple[str, str], ...] = ()  # across plans: (lowest, quartiles, highest)
    themes: tuple[ThemeRow, ...] = ()
    plans: int = 1


SPREAD = ("Lowest", "Lower quartile", "Median", "Upper quartile", "Highest")


def _part_rows(parts: Sequence[Part]) -> tuple[PartRow, ...]:
    def amount(part: Part, value: float) -> str:
        return present.money(value) if part.name == "money" else present.count(value)

    return tuple(
        PartRow(
            PART_NAMES[part.name],
            amount(part, part.local),
            amount(part, part.total),
            present.percent(part.share),
        )
        for part in parts
    )


def plan_view(pack: Pack, plan: Plan) -> DiscretionView:
    """One plan's index and its parts (the plan overview page)."""
    result = discretion(pack, plan)
    return DiscretionView(_index(result.index), _part_rows(result.parts))


def national_view(pack: Pack, plans: Mapping[str, Plan]) -> DiscretionView:
    """The plans together: the national index and parts, the spread of the plans' indices and
    the local priorities by theme (the national dashboard)."""
    report = discretion_report(pack, plans)
    spread = report.national.quantiles()
    return DiscretionView(
        _index(report.national.index),
        _part_rows(report.national.parts),
        tuple(zip(SPREAD, (_index(v) for v in spread), strict=True)) if spread else (),
        report.themes,
        report.national.plans,
    )


@dataclass(frozen=True)
class SystemIndex:
    """One system's row of a region's table: its index and each part's local share."""

    system: str
    name: str
    index: str
    shares: tuple[str, ...]  # in the order of PARTS


@dataclass(frozen=True)
class AreaDiscretion:
    """An area's plans (a region's): the area's index and parts as the ratio of the sums over
    its plans, the spread of their indices, and each system's index and parts."""

    total: DiscretionView
    systems: tuple[SystemIndex, ...]
    part_names: tuple[str, ...] = tuple(PART_NAMES[p] for p in PARTS)


def area_view(pack: Pack, plans: Mapping[str, Plan]) -> AreaDiscretion:
    """The region dashboard's table: each of the area's plans, by system name, then the area."""
    report = discretion_report(pack, plans)
    spread = report.national.quantiles()
    total = DiscretionView(
        _index(report.national.index),
        _part_rows(report.national.parts),
        tuple(zip(SPREAD, (_index(v) for v in spread), strict=True)) if spread else (),
        report.themes,
        report.national.plans,
    )
    rows = sorted(report.plans, key=lambda row: (row.name, row.system))
    return AreaDiscretion(
        total,
        tuple(
            SystemIndex(
                row.system,
                row.name,
                _index(row.discretion.index),
                tuple(present.percent(row.discretion.part(p).share) for p in PARTS),
            )
            for row in rows
        ),
    )
