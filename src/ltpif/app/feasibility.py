"""Whether plans can be delivered: each plan's feasibility findings and its waiting list year
by year (as planned, as its flows leave it, the completions it needs), for `ltpif feasibility`."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ltpif.assurance.checks.feasibility import KINDS, ListYear, WaitingListParams, list_years
from ltpif.assurance.engine import run_rules
from ltpif.assurance.findings import Finding
from ltpif.assurance.registry import CheckContext
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError
from ltpif.framework.typed import parse
from ltpif.plans.document import Plan
from ltpif.plans.files import read_plan


@dataclass(frozen=True)
class PlanFeasibility:
    file: str
    system: str
    waiting_list: tuple[ListYear, ...]
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == "error" for finding in self.findings)


def waiting_list(pack: Pack, plan: Plan) -> tuple[ListYear, ...]:
    """The plan's waiting list year by year, by the pack's waiting-list-feasible rule."""
    rule = next((r for r in pack.rules.rule if r.check == "waiting-list-feasible"), None)
    if rule is None:
        return ()
    return tuple(list_years(CheckContext(pack, plan), parse(WaitingListParams, rule.params)))


WAITING_LIST_COLUMNS = (
    "year",
    "planned_list",
    "list_the_flows_leave",
    "completed_pathways_planned",
    "completed_pathways_needed",
)


def waiting_list_csv(years: tuple[ListYear, ...]) -> str:
    """The Feasibility tab's waiting-list table as CSV, one row per year: whole patients and
    pathways (the list the flows leave and the completions needed rounded as the tab rounds
    them), so no float noise; a header alone when the plan has no such years."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(WAITING_LIST_COLUMNS)
    for row in years:
        writer.writerow(
            [
                row.year,
                round(row.planned),
                round(row.projected),
                round(row.completions),
                round(row.completions_needed),
            ]
        )
    return out.getvalue()


def rules_only(pack: Pack, kinds: Collection[str]) -> Pack:
    """The pack with only its rules of `kinds`, so only those run (a plan's other rules, such
    as the sign-offs' hashing of the whole plan, cost time and give no feasibility finding)."""
    kept = [rule for rule in pack.rules.rule if rule.check in kinds]
    return dataclasses.replace(pack, rules=dataclasses.replace(pack.rules, rule=kept))


def feasibility_files(paths: list[Path]) -> list[PlanFeasibility]:
    """One result per plan, in order; InputError listing every problem of every bad file."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(read_plan(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    out = []
    narrowed: dict[int, Pack] = {}
    for plan in loaded:
        pack = narrowed.setdefault(id(plan.pack), rules_only(plan.pack, KINDS))
        findings = run_rules(pack, plan.plan, plan.line_of)
        years = waiting_list(plan.pack, plan.plan)
        out.append(PlanFeasibility(plan.file, plan.plan.system, years, tuple(findings)))
    return out
