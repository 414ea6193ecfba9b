"""The presenter: how every value, state and colour reads, on pages, in CLI tables and in CSV.

Numbers, money, percentages and missing values are the domain's wording (`assurance.wording`,
which findings use too), re-exported here so a front end needs one import; the states a page
shows as a tag (RAG, severity, ambition status, a funnel plot's flagged systems) each have one
colour and one text alternative here, beside the SPC icons' Making Data Count labels.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.assurance.wording import (
    MISSING,
    amount,
    day,
    exact,
    money,
    money_to_thousand,
    percent,
    quantity,
    target,
)
from ltpif.framework.fairshare import BASES
from ltpif.framework.pack import Pack
from ltpif.monitoring.icons import ASSURANCE_LABELS, VARIATION_LABELS
from ltpif.plans.workflow import Status

__all__ = [
    "ASSURANCE_LABELS",
    "MISSING",
    "VARIATION_LABELS",
    "amount",
    "exact",
    "money",
    "money_to_thousand",
    "percent",
    "quantity",
    "target",
]


@dataclass(frozen=True)
class Tag:
    """A state as an NHS tag: its words (also the text alternative to the colour)."""

    text: str
    colour: str  # an NHS tag modifier: red, yellow, green, blue, grey, orange

    @property
    def css(self) -> str:
        return f"nhsuk-tag nhsuk-tag--{self.colour}"


RAG = {"red": Tag("RED", "red"), "amber": Tag("AMBER", "yellow"), "green": Tag("GREEN", "green")}
SEVERITY = {
    "error": Tag("ERROR", "red"),
    "query": Tag("QUERY", "yellow"),
    "info": Tag("INFO", "blue"),
}
AMBITION_STATUS = {"reached": "green", "short": "red"}  # anything else (not due, no data): yellow
FUNNEL_DIRECTIONS = {  # a system outside the funnel's limits, by its direction
    "improvement": Tag("Better than expected", "blue"),
    "concern": Tag("Worse than expected", "orange"),
    "neither": Tag("Outside the limits (a neutral metric)", "purple"),
}
NO_VARIATION = "No variation icon: too few points"
ASSURANCE_LETTERS = {"pass": "P", "fail": "F", "hit-and-miss": "?"}


def rag_tag(rag: str) -> Tag:
    return RAG[rag]


def severity_tag(severity: str) -> Tag:
    return SEVERITY[severity]


def ambition_tag(status: str) -> Tag:
    return Tag(status, AMBITION_STATUS.get(status, "yellow"))


def funnel_tag(flag: str, direction: str | None) -> Tag | None:
    """A system outside the funnel's limits: its direction's words and colour, and the limits
    ("Worse than expected: below 99.8%"); None within them."""
    if direction is None:
        return None
    heading = FUNNEL_DIRECTIONS[direction]
    return Tag(f"{heading.text}: {flag.replace('-', ' ')}%", heading.colour)


def funnel_limits(chart: Mapping) -> str:
    """How a funnel plot's limits were drawn: the method and, when used, the overdispersion."""
    phi = chart["overdispersion_phi"]
    method = chart["method"].replace("-", " ")
    if chart.get("overdispersion") == "additive":
        plain = len(chart.get("unadjusted_outside_95", []))
        return (
            f"limits adjusted for overdispersion by additive random effects (Spiegelhalter 2005, "
            f"as NHS-R's FunnelPlotR: φ = {phi:.1f}, τ = {math.sqrt(chart['tau2']):.4f} on the "
            f"arcsine square-root scale); {method} limits without the adjustment would put "
            f"{plain} system{'' if plain == 1 else 's'} outside the 95% limits"
        )
    widened = f", widened for overdispersion (φ = {phi:.1f})" if phi != 1 else ""
    return f"{method} limits{widened}"


def status_word(status: str | Status) -> str:
    return Status(status).label


# The statuses in which the system lead can still submit the plan (draft, then final).
SUBMITTABLE = frozenset({Status.DRAFTING, Status.CHANGES_REQUESTED})


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def plan_verdict(status: str | Status, errors: int, queries: int, explained: int = 0) -> str:
    """Assurance's verdict in words that fit the plan's status: "ready to submit" only while
    the system can still submit it; after, what assurance finds, without the advice. Queries
    whose answers the region accepted (`explained`) no longer count, and are said so."""
    return _verdict(Status(status), errors, queries) + (
        f" {_counted(explained, 'query', 'queries')} explained." if explained else ""
    )


def _verdict(status: Status, errors: int, queries: int) -> str:
    if status in SUBMITTABLE:
        if errors:
            return f"Not ready to submit: {_counted(errors, 'error', 'errors')} must be fixed."
        if queries:
            explain = _counted(queries, "query", "queries")
            return f"Ready to submit, with {explain} to explain in the plan."
        return "Ready to submit."
    if errors:
        return f"{_counted(errors, 'error', 'errors')} found by assurance."
    if queries:
        return f"No errors; {_counted(queries, 'query', 'queries')} open."
    return "No errors or queries."


def lead_task(status: str | Status, errors: int, queries: int) -> str:
    """What the system lead has to do next with a plan they can submit."""
    which = "final plan" if Status(status) == Status.CHANGES_REQUESTED else "draft plan"
    if errors:
        return f"Fix the {_counted(errors, 'error', 'errors')}, then submit the {which}."
    if queries:
        explain = _counted(queries, "query", "queries")
        return f"Explain the {explain} in the plan, then submit the {which}."
    return f"Submit the {which}: assurance found no errors."


def basis_name(basis: str) -> str:
    return BASES[basis].name


def date(value: dt.date | str | None) -> str:
    """31 July 2019; a date as ISO text too; missing as "—"."""
    if value is None or value == "":
        return MISSING
    return day(dt.date.fromisoformat(value) if isinstance(value, str) else value)


def days_left(days: int | None) -> str:
    """How a deadline stands: "11 days left", "1 day left", "due today", "3 days overdue"."""
    if days is None:
        return MISSING
    if days == 0:
        return "due today"
    n = abs(days)
    return f"{n} day{'s' if n != 1 else ''} {'left' if days > 0 else 'overdue'}"


def count(value: float | None) -> str:
    return MISSING if value is None else f"{value:,.0f}"


def chart_amount(value: float | None, unit: str) -> str:
    """A value as a chart's table shows it: a proportion as a percentage to one decimal, 100
    or more to the unit, less to two decimals; "–" for none. A Python call, not a template
    macro: an SPC chart's table has hundreds of them."""
    if value is None:
        return "–"
    if unit == "proportion":
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


@dataclass(frozen=True)
class Icon:
    """A Making Data Count icon as a lettered badge: its classes, letter, text alternative
    (`title`, the tooltip, when shorter) and the data attribute naming its code, if any."""

    css: str
    letter: str
    text: str
    title: str
    data: tuple[str, str] | None = None


def variation_icon(code: str | None) -> Icon:
    if not code:
        return Icon("ltpif-icon ltpif-icon--none", "–", NO_VARIATION, "Too few points")
    if code == "common-cause":
        kind, letter = "common", "~"
    else:
        kind, letter = code.split("-")[0], "H" if code.endswith("high") else "L"
    label = VARIATION_LABELS[code]
    return Icon(f"ltpif-icon ltpif-icon--{kind}", letter, label, label, ("variation", code))


def assurance_icon(code: str | None, what: str = "target") -> Icon:
    """Assurance against the target, or (`what` "trajectory") the plan's trajectory, outlined."""
    if not code:
        text = f"No {what} to assure against"
        return Icon("ltpif-icon ltpif-icon--none", "–", text, text)
    outline = " ltpif-icon--trajectory" if what == "trajectory" else ""
    text = ASSURANCE_LABELS[code] + (" (plan trajectory)" if what == "trajectory" else "")
    return Icon(
        f"ltpif-icon ltpif-icon--{code}{outline}",
        ASSURANCE_LETTERS[code],
        text,
        text,
        (f"{what}-assurance", code),
    )


# a plan's field names as a planner says them, where the name alone does not
FIELD_WORDS = {
    "clinical_lead": "senior lead",
    "local_justification": "local justification",
    "later_by_years": "years later than the national dates",
    "sign_offs": "sign-offs",
    "local_priorities": "local priorities",
    "landscape_changes": "landscape changes",
    "query_answers": "query answers",
    "self_assessment": "self-assessment",
    "cash_releasing_efficiency": "cash-releasing efficiency",
    "wte": "whole-time equivalents",
}
# the narrative's free-text fields beside its sections, by the titles the plan page gives them
NARRATIVE_TITLES = {
    "builds_on_strategies": "How the plan builds on the joint health and wellbeing strategy",
    "inequalities": "Reducing health inequalities",
    "prevention": "Prevention",
    "innovation": "Local innovation",
    "demand": "Reducing the growth in demand",
    "variation": "Reducing unjustified variation",
    "capital": "Capital and assets",
}
TRAJECTORY_WORDS = {"values": "value", "numerator": "numerator", "denominator": "denominator"}


def change_place(path: tuple, pack: Pack) -> str:
    """Where a change (plans.diff.Change.path) is, in words: "2021/22 planned value for
    Stroke thrombolysis rate" for a trajectory's year, "Stroke: senior lead, name" for a
    commitment's field, "Plan section: Local need" for a section; otherwise the parts in words."""
    parts = [str(p) if isinstance(p, str) else p for p in path]
    if parts[:1] == ["commitments"] and len(parts) >= 2:
        commitment = pack.commitment_by_id.get(str(parts[1]))
        title = commitment.title if commitment else str(parts[1])
        rest = parts[2:]
        if rest[:1] == ["trajectories"] and len(rest) == 4 and rest[2] in TRAJECTORY_WORDS:
            metric = pack.metric_by_id.get(str(rest[1]))
            name = metric.name if metric else str(rest[1])
            return f"{rest[3]} planned {TRAJECTORY_WORDS[str(rest[2])]} for {name}"
        return f"{title}: {_words(rest)}" if rest else title
    if parts[:2] == ["narrative", "sections"] and len(parts) == 3:
        section = {s.id: s.title for s in pack.sections.section}.get(str(parts[2]), parts[2])
        return f"Plan section: {section}"
    if parts[:1] == ["narrative"] and len(parts) == 2 and parts[1] in NARRATIVE_TITLES:
        return f"Plan section: {NARRATIVE_TITLES[parts[1]]}"
    said = _words(parts)
    return said[:1].upper() + said[1:]


def _words(parts: list) -> str:
    out = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"item {part + 1}")
        else:
            out.append(FIELD_WORDS.get(part, part.replace("_", " ")))
    return ", ".join(out)
