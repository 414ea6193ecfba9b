"""Checks that the plan says what the framework asks it to say."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, register
from ltpif.framework.typed import OneOf, record
from ltpif.plans.document import NARRATIVE_FIELDS

# What each narrative field is about, and the plan section it belongs to.
ABOUT = {
    "builds_on_strategies": (
        "how the plan builds on the joint health and wellbeing strategy",
        "local-need",
    ),
    "inequalities": ("how the plan reduces health inequalities", "local-need"),
    "prevention": ("how the plan prevents ill health", "service-changes"),
    "innovation": ("how the plan drives local innovation", "service-changes"),
    "demand": ("how integration and prevention reduce the growth in demand", "efficiency"),
    "variation": ("how unjustified variation is reduced", "efficiency"),
    "capital": ("how capital and existing assets are used", "financial-balance"),
}


@register("required-section", NoParams)
def required_section(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """Every required plan section has narrative."""
    for section in ctx.pack.sections.section:
        if not ctx.plan.narrative.sections.get(section.id, "").strip():
            where = ("narrative", "sections", section.id)
            yield Issue(where, f"The “{section.title}” section is empty.", section=section.id)


@record
class NarrativeParams:
    """`field`: the plan narrative's field that must be written"""

    field: Annotated[str, OneOf(NARRATIVE_FIELDS)]


@register("required-narrative", NarrativeParams)
def required_narrative(ctx: CheckContext, params: NarrativeParams) -> Iterable[Issue]:
    """The plan explains a named topic."""
    if not getattr(ctx.plan.narrative, params.field).strip():
        about, section = ABOUT[params.field]
        yield Issue(("narrative", params.field), f"The plan does not say {about}.", section=section)


@register("workforce-plan", NoParams)
def workforce_plan(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """A workforce plan: WTE by staff group for every year."""
    if not ctx.plan.workforce:
        message = "No workforce plan: give whole-time equivalents by staff group for every year."
        yield Issue(("workforce",), message, section="infrastructure")
    for index, group in enumerate(ctx.plan.workforce):
        missing = [year for year in ctx.years if year not in group.wte]
        if missing:
            message = f"{group.staff_group}: no WTE for {', '.join(missing)}."
            yield Issue(("workforce", index, "wte"), message, section="infrastructure")


@register("digital-strategy", NoParams)
def digital_strategy(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """A digital strategy with at least one item."""
    if not ctx.plan.digital:
        message = "No digital strategy: list the digital investments and when they land."
        yield Issue(("digital",), message, section="infrastructure")
