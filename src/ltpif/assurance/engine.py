"""Running the pack's rules on a plan: findings, then the summaries a reviewer reads."""

from __future__ import annotations

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
from ltpif.plans.maturity import waived_rules

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
    pack: Pack, plan: Plan, line_of: LineOf | None = None, level: str | None = None
) -> list[Finding]:
    """The findings of every rule on the plan. `level` is the system's moderated ICS maturity
    level (None: not moderated, or not known, as for a plan file): the rules its freedoms
    waive (fewer data requests, pack maturity.toml) are not run."""
    _pack_rules_usable(pack)
    context = CheckContext(pack, plan)
    waived = waived_rules(pack, level)
    findings = []
    for rule in pack.rules.rule:
        if rule.id in waived:
            continue
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
    level: str | None = None,
) -> AssuranceReport:
    return summarise(pack, plan, run_rules(pack, plan, line_of, level), file)
