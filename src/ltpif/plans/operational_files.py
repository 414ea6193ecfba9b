"""Operational plan files: read (YAML, every problem located by file:line and field) and write."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ltpif.framework.numbers import BadNumber, parse_number
from ltpif.framework.pack import Pack
from ltpif.framework.problems import quoted
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.framework.typed import to_plain
from ltpif.plans.files import Dumper, plan_file_text, read_document
from ltpif.plans.operational import OperationalPlan, month_problems, phasing_of
from ltpif.plans.yaml_source import YamlDocument

#: the first key of an operational plan file, which tells it from a strategy delivery plan
MARKER = "ltpif_operational_plan"
_MARKED = re.compile(rf"^{MARKER}\s*:", re.MULTILINE)


@dataclass(frozen=True)
class LoadedOperationalPlan:
    operational: OperationalPlan
    pack: Pack
    file: str
    source: YamlDocument

    def line_of(self, path: KeyPath) -> int | None:
        return self.source.line_of(path)


def is_operational(text: str) -> bool:
    return bool(_MARKED.search(text))


def _validate(op: OperationalPlan, pack: Pack, report: Callable[[KeyPath, str], None]) -> None:
    if op.pack_version != pack.meta.version:
        message = f"written for {op.pack} {op.pack_version}; this is {pack.meta.version}"
        report(("pack_version",), message)
    if op.system not in pack.system_by_code:
        report(("system",), f"unknown system code {quoted(op.system)}")
    if op.year not in pack.plan_years[1:]:
        report(
            ("year",), f"{quoted(op.year)} is not a plan year ({', '.join(pack.plan_years[1:])})"
        )
        return
    months = pack.year_calendar.months(op.year)
    seen: set[str] = set()
    for index, phased in enumerate(op.metrics):
        metric = pack.metric_by_id.get(phased.metric)
        if metric is None:
            report(("metrics", index, "metric"), f"unknown metric {quoted(phased.metric)}")
            continue
        if phased.metric in seen:
            report(("metrics", index, "metric"), f"{phased.metric} is phased twice")
        seen.add(phased.metric)
        if phased.phasing != phasing_of(metric.rollup):
            expected = phasing_of(metric.rollup)
            report(("metrics", index, "phasing"), f"{phased.metric} is phased as a {expected}")
        for problem in month_problems(phased, months):
            report(("metrics", index, "months"), problem)
        for month, value in phased.months.items():
            try:
                parse_number(value, unit=metric.unit, plain=True)
            except BadNumber as exc:
                report(("metrics", index, "months", month), str(exc))


def read_operational_text(text: str, file: str) -> LoadedOperationalPlan:
    """An operational plan checked against its pack, or InputError listing every problem.
    Months that do not add up are not a problem here: assurance finds them."""
    op, pack, source = read_document(text, file, OperationalPlan, _validate)
    return LoadedOperationalPlan(op, pack, file, source)


def read_operational_file(path: Path, text: str | None = None) -> LoadedOperationalPlan:
    return read_operational_text(plan_file_text(path) if text is None else text, str(path))


def operational_yaml(op: OperationalPlan) -> str:
    return yaml.dump(to_plain(op), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
