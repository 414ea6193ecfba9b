"""The strategy delivery plan as a document: what a system writes, in the shape it is stored.

Money is in £ million, workforce in whole-time equivalents, proportions from 0 to 1. Values
by year are keyed by financial year ("2019/20"); the baseline year is the pack's (2018/19).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field, fields
from typing import Annotated, Literal

from ltpif.framework.schema import FinancialYear, Id, Polarity, Unit
from ltpif.framework.typed import Pattern, Range, record

ByYear = dict[FinancialYear, float]
Text = Annotated[str, Pattern(r"[\s\S]*\S[\s\S]*", "text that is not blank")]
PLAN_FORMAT = 1


@record
class ClinicalLead:
    name: Text
    role: str = ""


@record
class Trajectory:
    """A metric's planned value per year; ratio metrics give numerator and denominator."""

    metric: Id
    values: ByYear = field(default_factory=dict)
    numerator: ByYear = field(default_factory=dict)
    denominator: ByYear = field(default_factory=dict)


@record
class PlanMilestone:
    date: dt.date
    description: Text
    # the pack milestone this one plans for; none for a milestone the system chose itself
    milestone: Id | None = None
    # what shows the milestone was reached (a document, a decision, a link); due once it is past
    evidence: str = ""


@record
class CommitmentPlan:
    commitment: Id
    clinical_lead: ClinicalLead | None = None
    narrative: str = ""
    # Why the plan departs from the national pace: the framework's local discretion.
    local_justification: str = ""
    # a local commitment phased this many years later than the national dates (its latitude
    # says how many it may be), or not taken up in this plan period
    later_by_years: Annotated[int, Range(ge=0, le=10)] = 0
    omitted: bool = False
    trajectories: list[Trajectory] = field(default_factory=list)
    milestones: list[PlanMilestone] = field(default_factory=list)


@record
class LocalMetric:
    """A measure of a local priority, with its own target and planned values by year."""

    id: Id
    name: Text
    unit: Unit | None = None  # required: validation says so, with the place
    polarity: Polarity = "higher_is_better"
    target: float | None = None
    by: FinancialYear | None = None
    trajectory: ByYear = field(default_factory=dict)


@record
class LocalPriority:
    """A commitment the system chose itself, from a local strategy (a joint health and
    wellbeing strategy, say), filed under one of the pack's themes."""

    id: Id
    title: Text
    rationale: str = ""
    strategy: str = ""  # the local strategy it comes from
    theme: Id | None = None
    clinical_lead: ClinicalLead | None = None
    metrics: list[LocalMetric] = field(default_factory=list)
    milestones: list[PlanMilestone] = field(default_factory=list)


@record
class Narrative:
    sections: dict[Id, str] = field(default_factory=dict)
    builds_on_strategies: str = ""
    inequalities: str = ""
    prevention: str = ""
    innovation: str = ""
    demand: str = ""
    variation: str = ""
    capital: str = ""


# the narrative's free-text fields beside its `sections`
NARRATIVE_FIELDS = tuple(f.name for f in fields(Narrative) if f.name != "sections")


Money = Annotated[float, Range(ge=0)]


@record
class FinanceYear:
    income: Money
    expenditure: Money
    cash_releasing_efficiency: Money | None = None
    admin_costs: Money | None = None
    mental_health_spend: Money | None = None
    primary_community_spend: Money | None = None
    capital: Money | None = None

    @property
    def surplus(self) -> float:
        return self.income - self.expenditure


@record
class OrganisationFinance:
    code: Text
    name: Text
    kind: Literal["commissioner", "provider"]
    years: dict[FinancialYear, FinanceYear]


@record
class Finance:
    organisations: list[OrganisationFinance] = field(default_factory=list)


@record
class StaffGroup:
    staff_group: Text
    wte: dict[FinancialYear, Annotated[float, Range(ge=0)]]
    # the group's pay bill (£ million) by year; left out when not given, so a plan written
    # before pay costs existed keeps its hash
    pay_cost: dict[FinancialYear, Money] | None = None


@record
class DigitalItem:
    item: Text
    description: str = ""
    by: FinancialYear | None = None


@record
class EstatesScheme:
    scheme: Text
    description: str = ""
    capital: Money | None = None
    by: FinancialYear | None = None


@record
class EngagementEvent:
    date: dt.date
    partner: Id  # an organisation type of the pack
    partner_name: Text
    kind: Id  # e.g. dedicated-discussion, workshop, public-event
    summary: str = ""


@record
class SignOff:
    partner: Id
    name: Text
    status: Literal["signed", "concerns", "pending"]
    date: dt.date | None = None
    concerns: str = ""
    # the plan version given for, and the SHA-256 of that plan with its sign-offs left out
    # (plans.signoffs); None on a sign-off recorded before versions were signed
    version: int | None = None
    plan_sha256: str | None = None
    # the code of the organisation that signed (the partner who may close its concerns)
    organisation: str | None = None
    # concerns the partner resolved or withdrew, with their note
    concerns_closed: Literal["resolved", "withdrawn"] | None = None
    closing_note: str | None = None


@record
class FootprintChange:
    date: dt.date
    description: Text


@record
class Footprint:
    ccgs: list[str] = field(default_factory=list)
    local_authorities: list[str] = field(default_factory=list)
    change_request: FootprintChange | None = None


@record
class LandscapeChange:
    kind: Literal["merger", "new-structure", "shared-decision-making", "other"]
    description: Text
    organisations: list[str] = field(default_factory=list)


@record
class QueryAnswer:
    """The planner's explanation of a query finding (the finding's rule and JSON pointer): part
    of the plan, so it is frozen with each version; the region accepts or rejects it."""

    rule: Id
    pointer: str
    explanation: Text


@record
class StrategyLink:
    """A plan commitment or local priority (exactly one) built on a priority of a health and
    wellbeing board's joint health and wellbeing strategy: the board's local authority code
    and the priority's id, as the board's partner recorded them (plans.strategy)."""

    authority: Text
    priority: Id
    commitment: Id | None = None
    local_priority: Id | None = None

    @property
    def builds(self) -> str:
        """The commitment or local priority that builds on the strategy's priority."""
        return self.commitment or self.local_priority or ""


@record
class CharacteristicAssessment:
    """The system's level on one characteristic of a mature ICS, each year, with the evidence
    for each year (a rise from one year to the next needs it)."""

    characteristic: Id
    levels: dict[FinancialYear, Id] = field(default_factory=dict)
    evidence: dict[FinancialYear, str] = field(default_factory=dict)


@record
class Maturity:
    """The ICS maturity self-assessment. `characteristics` (per characteristic of a mature ICS)
    is the assessment; a plan written before it gives only `self_assessment` (one level a
    year) and `evidence`, which stand for every characteristic (plans.maturity)."""

    self_assessment: dict[FinancialYear, Id] = field(default_factory=dict)
    evidence: str = ""
    characteristics: list[CharacteristicAssessment] = field(default_factory=list)


@record
class Plan:
    ltpif_plan: Literal[1]
    pack: Id
    pack_version: str
    system: str
    title: str = ""
    # the senior clinician leading the plan as a whole; left out when not named
    clinical_lead: ClinicalLead | None = None
    narrative: Narrative = field(default_factory=Narrative)
    commitments: list[CommitmentPlan] = field(default_factory=list)
    local_priorities: list[LocalPriority] = field(default_factory=list)
    finance: Finance = field(default_factory=Finance)
    workforce: list[StaffGroup] = field(default_factory=list)
    digital: list[DigitalItem] = field(default_factory=list)
    estates: list[EstatesScheme] = field(default_factory=list)
    engagement: list[EngagementEvent] = field(default_factory=list)
    sign_offs: list[SignOff] = field(default_factory=list)
    footprint: Footprint = field(default_factory=Footprint)
    landscape_changes: list[LandscapeChange] = field(default_factory=list)
    maturity: Maturity = field(default_factory=Maturity)
    # left out when there are none, so a plan written before answers existed keeps its hash
    query_answers: list[QueryAnswer] | None = None
    # what builds on each board's joint health and wellbeing strategy; left out when none
    strategy_links: list[StrategyLink] | None = None

    def answer_to(self, rule: str, pointer: str) -> QueryAnswer | None:
        return next(
            (a for a in self.query_answers or [] if (a.rule, a.pointer) == (rule, pointer)), None
        )

    def commitment_plan(self, commitment_id: str) -> tuple[int, CommitmentPlan] | None:
        for index, entry in enumerate(self.commitments):
            if entry.commitment == commitment_id:
                return index, entry
        return None
