"""Checks that the plan says what the framework asks it to say."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import field
from typing import Annotated, NamedTuple

from ltpif.assurance.findings import Issue
from ltpif.assurance.registry import CheckContext, NoParams, register
from ltpif.framework import schema as s
from ltpif.framework.schema import Id
from ltpif.framework.typed import OneOf, Range, record
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


@register("required-section", NoParams, reads=("narrative",))
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


@register("required-narrative", NarrativeParams, reads=("narrative",))
def required_narrative(ctx: CheckContext, params: NarrativeParams) -> Iterable[Issue]:
    """The plan explains a named topic."""
    if not getattr(ctx.plan.narrative, params.field).strip():
        about, section = ABOUT[params.field]
        yield Issue(("narrative", params.field), f"The plan does not say {about}.", section=section)


@record
class SubstanceParams:
    """`placeholders`: texts that stand in for an answer (".", "TBC"), matched trimmed and in any
    case; a field that says only one of them is found
    `min_length`: the fewest characters, trimmed, a section's narrative may have; a shorter
    one is found (0: no floor)
    `sections`: the plan sections `min_length` applies to, by id (none listed: every section)
    """

    placeholders: list[str] = field(default_factory=list)
    min_length: Annotated[int, Range(ge=0)] = 0
    sections: list[Id] = field(default_factory=list)


class Written(NamedTuple):
    """One free-text field of a plan, named as a finding would name it."""

    path: tuple[str | int, ...]
    label: str
    text: str
    section: str | None = None
    commitment: str | None = None


def _written(ctx: CheckContext, commitment: s.Commitment | None) -> Iterator[Written]:
    """The free-text fields of the commitment's entry, or with None, of the rest of the plan."""
    if commitment is not None:
        found = ctx.commitment_plan(commitment.id)
        if found is None:
            return
        index, entry = found
        for name, what in (("narrative", "narrative"), ("local_justification", "justification")):
            label = f"The {what} for “{commitment.title}”"
            text = getattr(entry, name)
            where = ("commitments", index, name)
            yield Written(where, label, text, commitment.sections[0], commitment.id)
        return
    narrative = ctx.plan.narrative
    for section in ctx.pack.sections.section:
        text = narrative.sections.get(section.id, "")
        label = f"The “{section.title}” section"
        yield Written(("narrative", "sections", section.id), label, text, section.id)
    for name in NARRATIVE_FIELDS:
        about, section_id = ABOUT[name]
        label = f"What the plan says of {about}"
        yield Written(("narrative", name), label, getattr(narrative, name), section_id)
    yield Written(("maturity", "evidence"), "The maturity evidence", ctx.plan.maturity.evidence)


@register(
    "narrative-substance", SubstanceParams, reads=("maturity", "narrative"), each_commitment=True
)
def narrative_substance(
    ctx: CheckContext, params: SubstanceParams, commitment: s.Commitment | None
) -> Iterable[Issue]:
    """The plan's written fields say something: none is only a placeholder, and each section
    is at least as long as the pack asks. Empty fields are left to the checks that require them."""
    placeholders = {p.strip().casefold() for p in params.placeholders}
    for written in _written(ctx, commitment) if placeholders else ():  # none: no text is one
        text = written.text.strip()
        if text and text.casefold() in placeholders:
            message = f"{written.label} says only “{text}”: a placeholder, not an answer."
            yield Issue(
                written.path, message, commitment=written.commitment, section=written.section
            )
    if commitment is not None:
        return
    least = params.min_length
    for section in ctx.pack.sections.section:
        if params.sections and section.id not in params.sections:
            continue
        text = ctx.plan.narrative.sections.get(section.id, "").strip()
        if text and len(text) < least:
            message = (
                f"The “{section.title}” section has {len(text)} characters; "
                f"the pack asks for at least {least}."
            )
            yield Issue(("narrative", "sections", section.id), message, section=section.id)


@register("workforce-plan", NoParams, reads=("workforce",))
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


@register("digital-strategy", NoParams, reads=("digital",))
def digital_strategy(ctx: CheckContext, params: NoParams) -> Iterable[Issue]:
    """A digital strategy with at least one item."""
    if not ctx.plan.digital:
        message = "No digital strategy: list the digital investments and when they land."
        yield Issue(("digital",), message, section="infrastructure")
