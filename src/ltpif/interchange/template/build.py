"""The whole workbook's layout for one plan: every sheet, in order, and the validation lists."""

from __future__ import annotations

from typing import get_args, get_type_hints

from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem
from ltpif.interchange.template import sheets_plan as plan_sheets
from ltpif.interchange.template import sheets_resources as resources
from ltpif.interchange.template.checks import CHECKS, checks_sheet
from ltpif.interchange.template.context import Context
from ltpif.interchange.template.instructions import instructions_sheet
from ltpif.interchange.template.layout import Layout
from ltpif.interchange.template.metadata import metadata_sheet
from ltpif.plans.document import LandscapeChange, OrganisationFinance, Plan, SignOff

PURPOSES = {
    plan_sheets.NARRATIVE: "The plan's title and its text for each required section",
    plan_sheets.COMMITMENTS: "Which commitments the plan takes on, their clinical leads and why",
    plan_sheets.TRAJECTORIES: "Baseline and five years per metric, beside the national ambition",
    plan_sheets.MILESTONES: "Local milestones per commitment (the national ones for reference)",
    resources.FINANCE: "Income, expenditure, efficiency and more per organisation and year",
    resources.WORKFORCE: "Whole-time equivalents per staff group and year",
    resources.INFRASTRUCTURE: "Digital items and estates schemes",
    resources.ENGAGEMENT: "Engagement with partners, and the partners' sign-offs",
    resources.FOOTPRINT: "CCGs, local authorities, a footprint change request, landscape changes",
    resources.MATURITY: "The ICS maturity level expected each year, and the evidence",
    CHECKS: "Live totals, growth and financial tests over your entries",
}


def _literal(record: type, name: str) -> list[str]:
    return list(get_args(get_type_hints(record)[name]))


def choice_lists(pack: Pack, plan: Plan) -> dict[str, list[str]]:
    """The lists input cells choose from. Engagement kinds stay open: any id is allowed."""
    named_kinds = {
        rule.params["kind"]
        for rule in pack.rules.rule
        if rule.check == "engagement-recorded" and isinstance(rule.params.get("kind"), str)
    }
    named_kinds.discard("any")
    return {
        "yes_no": ["Yes", "No"],
        "commitments": [c.id for c in pack.commitments],
        "organisation_kinds": _literal(OrganisationFinance, "kind"),
        "sign_off_statuses": _literal(SignOff, "status"),
        "landscape_kinds": _literal(LandscapeChange, "kind"),
        "partner_types": [t.id for t in pack.geography.organisation_type],
        "engagement_kinds": sorted(named_kinds | {event.kind for event in plan.engagement}),
        "levels": [level.id for level in sorted(pack.maturity.level, key=lambda lv: lv.rank)],
        "years": list(pack.periods.years),
    }


OPEN_LISTS = frozenset({"engagement_kinds"})


def build_layout(pack: Pack, plan: Plan, plan_version: str, plan_hash: str) -> Layout:
    """The layout of `plan`'s workbook; InputError if the plan has what no cell can hold."""
    system = pack.system_by_code.get(plan.system)
    if system is None or plan.pack != pack.id:
        raise InputError([Problem("plan", None, "system", f"not a system of {pack.id}")])
    ctx = Context(pack, plan, system)
    narrative = plan_sheets.narrative_sheet(ctx)
    commitments = plan_sheets.commitments_sheet(ctx)
    trajectories = plan_sheets.trajectories_sheet(ctx)
    milestones = plan_sheets.milestones_sheet(ctx)
    finance, finance_rows = resources.finance_sheet(ctx)
    workforce, workforce_rows = resources.workforce_sheet(ctx)
    data = [
        narrative,
        commitments,
        trajectories,
        milestones,
        finance,
        workforce,
        resources.infrastructure_sheet(ctx),
        resources.engagement_sheet(ctx),
        resources.footprint_sheet(ctx),
        resources.maturity_sheet(ctx),
        checks_sheet(ctx, finance_rows, workforce_rows, trajectories),
    ]
    if ctx.problems:
        raise InputError([Problem("plan", None, path, message) for path, message in ctx.problems])
    lists = choice_lists(pack, plan)
    meta, names = metadata_sheet(plan, plan_version, plan_hash, lists)
    instructions = instructions_sheet(ctx, plan_version, PURPOSES)
    return Layout([instructions, *data, meta], lists, names)
