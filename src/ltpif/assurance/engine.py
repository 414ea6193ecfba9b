"""Running the pack's rules on a plan: findings, then the summaries a reviewer reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ltpif.assurance.checks  # noqa: F401  (registers the built-in check kinds)
from ltpif.assurance.findings import Citation, Finding, json_pointer, least_serious
from ltpif.assurance.registry import REGISTRY, CheckContext, check_rules
from ltpif.assurance.report import AssuranceReport, summarise
from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, key_path
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.framework.typed import parse
from ltpif.plans.document import Plan

LineOf = Callable[[KeyPath], int | None]


def _pack_rules_usable(pack: Pack) -> None:
    problems: list[Problem] = []
    check_rules(
        pack,
        lambda file, path, message: problems.append(Problem(file, None, key_path(path), message)),
    )
    if problems:
        raise InputError(problems)


def run_rules(
    pack: Pack, plan: Plan, line_of: LineOf | None = None, today: dt.date | None = None
) -> list[Finding]:
    """Every rule of the pack on the plan. `today` is the planning calendar's (what is past due
    is judged against it): the clock's unless given."""
    _pack_rules_usable(pack)
    context = CheckContext(pack, plan, today or dt.date.today())
    findings = []
    for rule in pack.rules.rule:
        kind = REGISTRY[rule.check]
        params = parse(kind.params, rule.params)
        source = rule.source
        citation = Citation(source.seed, source.quote, source.publication, source.note)
        for issue in kind.run(context, params):
            severity = (
                least_serious(issue.severity, rule.severity) if issue.severity else rule.severity
            )
            findings.append(
                Finding(
                    rule=rule.id,
                    rule_title=rule.title,
                    check=rule.check,
                    severity=severity,
                    pointer=json_pointer(issue.path),
                    message=issue.message,
                    citation=citation,
                    principles=tuple(rule.principles),
                    commitment=issue.commitment,
                    section=issue.section,
                    line=line_of(issue.path) if line_of else None,
                )
            )
    return findings


def assure(
    pack: Pack,
    plan: Plan,
    line_of: LineOf | None = None,
    file: str | None = None,
    today: dt.date | None = None,
) -> AssuranceReport:
    return summarise(pack, plan, run_rules(pack, plan, line_of, today), file)
