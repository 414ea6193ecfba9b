"""Demo strategy delivery plans: one plausible plan for each of the pack's systems.

About half the plans comply with everything the pack's rules ask; the others carry one or two
deliberate failings (FAILINGS) for assurance and the web demo to find. Everything is derived
from the pack and from hashes of the system codes, so every build gives the same plans.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from ltpif.demo import DEMO_TODAY
from ltpif.demo.figures import (
    build_finance,
    build_workforce,
    due_index,
    pick,
    unit,
    with_pay_costs,
)
from ltpif.demo.trajectories import LD_CHECKS, build_trajectories
from ltpif.framework import schema as s
from ltpif.framework.pack import Pack
from ltpif.plans.document import (
    ClinicalLead,
    CommitmentPlan,
    DigitalItem,
    EngagementEvent,
    EstatesScheme,
    Footprint,
    FootprintChange,
    LandscapeChange,
    LocalMetric,
    LocalPriority,
    Maturity,
    Narrative,
    Plan,
    PlanMilestone,
    SignOff,
    Trajectory,
)
from ltpif.plans.files import write_plan

FAILINGS = {
    "no-clinical-lead": "a commitment with clinical implications has no clinical lead",
    "low-productivity": "a provider's cash-releasing efficiency is below the minimum in 2020/21",
    "no-hwb-discussion": "the health and wellbeing board had a briefing paper, not a discussion",
    "crisis-coverage-short": "24/7 adult crisis coverage falls short of the ambition in 2020/21",
    "deficit-2021-22": "the commissioner overspends in 2021/22, putting the system in deficit",
    "waiting-list-rises": "the RTT waiting list is higher in 2023/24 than in 2018/19",
    "surgery-dips": "planned surgery falls in 2020/21",
    "missing-section": "one required plan section has no narrative",
    "la-concerns": "the local authority signed the plan off with concerns",
    "late-footprint-change": "a footprint change was requested after the notice deadline",
    "ld-checks-justified": "learning disability health checks miss the ambition, with a reason",
    "not-mature-by-2021": "the system reaches the mature ICS level only in 2022/23",
    "mh-investment-short": "mental health spending grows slower than income in 2022/23",
    "long-waits": "patients still wait over 52 weeks in 2019/20",
    "list-outruns-capacity": "completed pathways stay flat while the waiting list falls",
    "long-waits-unclearable": "too few referrals for a list that long to clear 52-week waits",
    "staff-shrink": "every staff group shrinks 3% a year while planned surgery grows",
    "admin-savings-short": "providers' administration costs fall by half their fair share",
    "savings-overclaimed": "the plan claims more administration savings than its costs show",
    "local-pace-justified": "the digital red book is phased a year later, with a reason",
    "omission-justified": "air quality work is left out of this plan period, with a reason",
    # beyond one a failing system: carried as the second failing of the last failing systems
    "no-plan-lead": "no senior clinician is named to lead the plan as a whole",
    "workforce-unfunded": "the pay bill grows 3% a year faster than the system's spending",
}
LATER_COMMITMENT, LATER_JUSTIFICATION = (
    "digital-red-book",
    "The {a} child health record moves to the regional shared care record first; the digital "
    "red book follows a year after the national date, once that record is live.",
)
OMITTED_COMMITMENT, OMISSION_JUSTIFICATION = (
    "air-pollution",
    "Air quality in {a} and {b} is led by the councils' clean air strategies, which the NHS "
    "partners support; the system takes no separate commitment up in this plan period.",
)
MILESTONE_EVIDENCE = "Reported to the {system} partnership board, with the minutes published."
# The system's own priorities: (theme, title, rationale, strategy, metric name, unit,
# polarity, baseline per 100,000 registered people, multiple of the baseline at the end).
LOCAL_PRIORITIES = (
    ("housing-independence", "Homes that keep people well",
     "Cold, damp homes drive winter admissions in {a}.", "the {a} joint health and wellbeing "
     "strategy", "Homes improved through the warm homes scheme", "count", "higher_is_better",
     30.0, 3.0),
    ("mental-health", "Suicide prevention in {b}",
     "Suicide rates in {b} are above the national average.", "the {b} suicide prevention "
     "plan", "People supported by the bereavement service", "count", "higher_is_better",
     12.0, 2.0),
    ("children-young-people", "Healthy weight in childhood",
     "One child in four in {a} leaves primary school overweight.", "the {a} joint strategic "
     "needs assessment", "Children in a family weight programme", "count", "higher_is_better",
     20.0, 2.5),
    ("health-inequalities", "Employment for people with long-term conditions",
     "Worklessness in {b} follows long-term illness.", "the {b} health and wellbeing strategy",
     "People helped into work", "count", "higher_is_better", 8.0, 2.0),
    ("prevention-wellbeing", "Falls prevention",
     "Falls are the first cause of emergency admission of older people in {a}.", "the {a} "
     "ageing well strategy", "Emergency admissions after a fall", "count", "lower_is_better",
     220.0, 0.85),
)  # fmt: skip
PAIRED_SYSTEMS = 3  # how many failing systems carry a second failing
SECOND_FAILING_OFFSET = 7  # the second failing is this far along FAILINGS from the first

FIRST_NAMES = (
    "Amira", "Ben", "Catherine", "Deepak", "Eleanor", "Femi", "Grace", "Hamid", "Isobel",
    "James", "Kavita", "Liam", "Mei", "Nathan", "Olivia", "Priya", "Rhys", "Sarah", "Tomasz",
    "Uma", "Victoria", "William", "Yusuf", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Ahmed", "Bennett", "Chowdhury", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Roberts", "Singh",
    "Taylor", "Walsh", "Wright", "Young", "Zielinski",
)  # fmt: skip
CLINICAL_ROLES = (  # (role, title before the name)
    ("Clinical Director", "Dr "), ("Medical Director", "Dr "), ("Chief Nurse", ""),
    ("Clinical Lead", "Dr "), ("Associate Medical Director", "Dr "),
    ("Director of Nursing and Quality", ""), ("Chief Allied Health Professional", ""),
)  # fmt: skip
SENIOR_OFFICER_ROLE = "Senior Responsible Officer"
# How a commitment or section is delivered; {system}, {a} and {b} are filled in.
HOW = (
    "A programme board of clinicians, managers and partners leads the work and reports each "
    "quarter to the {system} partnership board.",
    "Delivery runs through the place partnerships of {a} and {b}, with primary care networks "
    "as the unit of delivery.",
    "We will build on what {a} has already tested, spreading it across the system in the first "
    "two years.",
    "Trajectories are agreed with each provider and monitored monthly, with action where they "
    "slip.",
    "People who use services co-designed the approach through the {system} citizens' panel.",
)
EVIDENCE = (
    "evidenced by the partnership board's terms of reference and its first year's decisions.",
    "shown in the population health management work across {a} and {b}.",
    "set out in the system financial framework agreed by every NHS organisation.",
    "demonstrated by two years of delivering the operational plan within the control total.",
)
NARRATIVES = {
    "builds_on_strategies": "The plan builds on the joint health and wellbeing strategies of {a} "
    "and {b} and on their joint strategic needs assessments.",
    "inequalities": "Life expectancy differs by up to ten years between neighbourhoods of {a}; "
    "each place targets its most deprived fifth first.",
    "prevention": "With the directors of public health, {system} expands smoking cessation, "
    "weight management and alcohol care teams.",
    "innovation": "{system} works with its academic health science network to adopt proven "
    "innovations and to grow research participation.",
    "demand": "Integrated neighbourhood teams and anticipatory care slow the growth in "
    "emergency admissions across {a} and {b}.",
    "variation": "Shared dashboards compare practices and providers, and clinical networks "
    "reduce unjustified variation across {system}.",
    "capital": "Capital goes first to community diagnostics and digital infrastructure; "
    "surplus estate in {b} is released.",
}
LD_JUSTIFICATION = (
    "Validating GP registers in {a} added many people to the learning disability register in "
    "2019; their health checks are phased in, reaching the national level a year after the plan."
)
LA_CONCERNS = (
    "The council supports the plan's aims but is concerned that social care funding for "
    "discharge and reablement has not been agreed."
)
# Digital items: (item, description, index of the plan year it is done by).
DIGITAL = (
    ("Digital strategy and investment plan", "A five-year digital strategy for {system}.", 1),
    ("Shared care record", "One shared care record across {a} and {b}.", 3),
    ("Electronic prescribing", "Electronic prescribing and medicines administration.", 4),
    ("Remote monitoring", "Monitoring at home for people with long-term conditions.", -1),
)
# Estates schemes: (scheme, capital in £ per need-weighted head, index of the year done by).
ESTATES = (
    ("{a} community diagnostic hub", 9.0, 3),
    ("{b} integrated care centre", 14.0, 4),
    ("{a} mental health inpatient reprovision", 22.0, 5),
)
# Engagement beyond what the rules ask: (partner type, kind, summary).
EXTRA_ENGAGEMENT = (
    ("voluntary-sector-partner", "public-event", "Open event on the draft priorities."),
    ("primary-care-network", "workshop", "Clinical directors shaped the primary care plan."),
)
SKIPPED_MILESTONES = frozenset({"footprint-change-notified"})  # only if the footprint changes


def places(system: s.System) -> tuple[str, str]:
    """Two place names within the system, for CCGs, councils and boards."""
    parts = [p.strip().removeprefix("the ") for p in re.split(r",| and ", system.name)]
    parts = [p.removeprefix("The ") for p in parts if len(p) >= 4]  # not "Mid" of "Mid Essex"
    if len(parts) >= 2:
        return parts[0], parts[1]
    core = parts[0] if parts else system.name
    compass = [word for word in ("Central", "East", "West", "North") if word not in core]
    return core, f"{core} {pick(compass, system.code, 'place')}"


def demo_assignments(pack: Pack) -> dict[str, tuple[str, ...]]:
    """System code → the failings its demo plan carries; about half the systems carry none."""
    order = sorted(pack.geography.system, key=lambda x: unit("demo failings", x.code))
    compliant, failing = order[: len(order) // 2], order[len(order) // 2 :]
    # one failing a failing system; the failings beyond those are second failings
    names, extra = list(FAILINGS)[: len(failing)], list(FAILINGS)[len(failing) :]
    if len(failing) < PAIRED_SYSTEMS + len(extra):
        raise ValueError(f"{len(order)} systems are too few to show {len(FAILINGS)} failings")
    assigned: dict[str, tuple[str, ...]] = {x.code: () for x in compliant}
    for index, system in enumerate(failing):
        first = names[index % len(names)]
        second = names[(index + SECOND_FAILING_OFFSET) % len(names)]
        assigned[system.code] = (first, second) if index < PAIRED_SYSTEMS else (first,)
        # the last failing systems carry the extra failings as their second
        if 0 <= index - (len(failing) - len(extra)) < len(extra):
            assigned[system.code] = (first, extra[index - (len(failing) - len(extra))])
    return dict(sorted(assigned.items()))


def _plan_lead(system: s.System, where: tuple[str, str]) -> ClinicalLead:
    """The senior clinician leading the plan as a whole."""
    return ClinicalLead(
        name="Dr " + _person(system.code, "plan lead"), role=f"Medical director, {where[0]}"
    )


def _fill(text: str, system: s.System, where: tuple[str, str]) -> str:
    return text.format(system=system.name, a=where[0], b=where[1])


def _person(*parts: str) -> str:
    return f"{pick(FIRST_NAMES, *parts, 'first')} {pick(LAST_NAMES, *parts, 'last')}"


def _weeks_ahead(*parts: str) -> dt.timedelta:
    return dt.timedelta(weeks=int(9 * unit(*parts)))


def _senior_officer_commitments(pack: Pack) -> set[str]:
    """Commitments a rule asks a named lead for, whether or not they are clinical."""
    named = set()
    for rule in pack.rules.rule:
        if rule.check == "named-lead" and rule.params.get("scope") == "commitments":
            commitments = rule.params.get("commitments", [])
            named.update(commitments if isinstance(commitments, list) else [])
    return named


def _commitments(
    pack: Pack,
    system: s.System,
    where: tuple[str, str],
    trajectories: dict[str, Trajectory],
    failings: Sequence[str],
) -> list[CommitmentPlan]:
    officers = _senior_officer_commitments(pack)
    clinical = [c.id for c in pack.commitments if c.clinical_implications]
    leaderless = None
    if "no-clinical-lead" in failings:
        leaderless = pick([c for c in clinical if c not in officers], system.code, "no lead")
    calendar = pack.year_calendar
    first_day = calendar.first_day(pack.meta.plan_period.first)
    entries = []
    for commitment in pack.commitments:
        justification = ""
        if "ld-checks-justified" in failings and any(m.id == LD_CHECKS for m in commitment.metric):
            justification = _fill(LD_JUSTIFICATION, system, where)
        lead = None
        if commitment.id in officers:
            lead = ClinicalLead(name=_person(system.code, commitment.id), role=SENIOR_OFFICER_ROLE)
        elif commitment.id in clinical and commitment.id != leaderless:
            role, title = pick(CLINICAL_ROLES, system.code, commitment.id)
            lead = ClinicalLead(name=title + _person(system.code, commitment.id), role=role)
        milestones = []
        for m in commitment.milestone:  # planned a few weeks ahead of the national date
            if m.scope != "every_system" or m.id in SKIPPED_MILESTONES:
                continue
            date = max(first_day, calendar.end_of(m.by) - _weeks_ahead(m.id, system.code))
            evidence = _fill(MILESTONE_EVIDENCE, system, where) if date < DEMO_TODAY else ""
            milestones.append(
                PlanMilestone(
                    date=date, description=m.description, milestone=m.id, evidence=evidence
                )
            )
        later, omitted = 0, False
        if commitment.id == LATER_COMMITMENT and "local-pace-justified" in failings:
            later, justification = 1, _fill(LATER_JUSTIFICATION, system, where)
        if commitment.id == OMITTED_COMMITMENT and "omission-justified" in failings:
            omitted, justification = True, _fill(OMISSION_JUSTIFICATION, system, where)
        how = _fill(pick(HOW, system.code, commitment.id), system, where)
        entries.append(
            CommitmentPlan(
                commitment=commitment.id,
                clinical_lead=lead,
                narrative=f"{system.name} commits to this: {commitment.title.lower()}. {how}",
                local_justification=justification,
                later_by_years=later,
                omitted=omitted,
                trajectories=[]
                if omitted
                else [trajectories[m.id] for m in commitment.metric if m.id in trajectories],
                milestones=[] if omitted else milestones,
            )
        )
    return entries


def _local_priorities(pack: Pack, system: s.System, where: tuple[str, str]) -> list[LocalPriority]:
    """One to three of the system's own priorities, each with a measure rising (or falling)
    steadily to its own target by the last plan year, and a milestone within the period."""
    count = 1 + int(3 * unit(system.code, "local priorities"))
    first = int(len(LOCAL_PRIORITIES) * unit(system.code, "first local priority"))
    years = pack.plan_years
    calendar = pack.year_calendar
    per_100k = system.population.registered / 100_000
    priorities = []
    for k in range(count):
        theme, title, why, strategy, name, metric_unit, polarity, base, end = LOCAL_PRIORITIES[
            (first + k) % len(LOCAL_PRIORITIES)
        ]
        start = base * per_100k
        steps = len(years) - 1
        trajectory = {
            year: float(round(start * (1 + (end - 1) * i / steps))) for i, year in enumerate(years)
        }
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        role, honorific = pick(CLINICAL_ROLES, system.code, slug)
        milestone_year = years[2 + k % 2]
        priorities.append(
            LocalPriority(
                id=f"local-{slug}",
                title=_fill(title, system, where),
                rationale=_fill(why, system, where),
                strategy=_fill(strategy, system, where),
                theme=theme,
                clinical_lead=ClinicalLead(name=honorific + _person(system.code, slug), role=role),
                metrics=[
                    LocalMetric(
                        id=f"{slug}-measure",
                        name=name,
                        unit=metric_unit,  # type: ignore[arg-type]
                        polarity=polarity,  # type: ignore[arg-type]
                        target=trajectory[years[-1]],
                        by=years[-1],
                        trajectory=trajectory,
                    )
                ],
                milestones=[
                    PlanMilestone(
                        date=calendar.last_day(milestone_year) - _weeks_ahead(slug, system.code),
                        description="Halfway review with the health and wellbeing board: "
                        f"{_fill(title, system, where)}.",
                    )
                ],
            )
        )
    return priorities


def _narrative(
    pack: Pack, system: s.System, where: tuple[str, str], failings: Sequence[str]
) -> Narrative:
    sections = {
        section.id: f"{system.name}'s plans for {section.title[0].lower()}{section.title[1:]}. "
        + _fill(pick(HOW, system.code, section.id), system, where)
        for section in pack.sections.section
    }
    if "missing-section" in failings:
        sections[pick(list(sections), system.code, "missing section")] = ""
    texts = {field: _fill(text, system, where) for field, text in NARRATIVES.items()}
    return Narrative(sections=sections, **texts)


def _partner_names(where: tuple[str, str], orgs: list[str], community: str | None) -> dict:
    """Partner organisation type → the name of that partner in this system."""
    a, b = where
    return {
        "local-authority": f"{a} Council",
        "health-and-wellbeing-board": f"{a} Health and Wellbeing Board",
        "director-of-public-health": f"Director of Public Health, {a} Council",
        "ccg": orgs[0],
        "trust": orgs[1],
        "community-provider": community or f"{b} Community Health Services",
        "primary-care-provider": f"{a} GP Federation",
        "voluntary-sector-partner": f"{b} Council for Voluntary Service",
        "primary-care-network": f"Primary care networks of {b}",
    }


def _event(date: dt.date, partner: str, name: str, kind: str, summary: str) -> EngagementEvent:
    return EngagementEvent(
        date=date, partner=partner, partner_name=name, kind=kind, summary=summary
    )


def _engagement(
    pack: Pack, system: s.System, names: dict[str, str], failings: Sequence[str]
) -> list[EngagementEvent]:
    draft = pack.deadline_by_id["draft-plan"].date
    events = []
    for rule in pack.rules.rule:
        if rule.check != "engagement-recorded":
            continue
        partner, asked = str(rule.params["partner"]), str(rule.params["kind"])
        if asked == "dedicated-discussion":  # a board meeting in the weeks before the draft
            date = draft - dt.timedelta(days=5 + int(50 * unit(system.code, partner)))
            kind = asked
            if partner == "health-and-wellbeing-board" and "no-hwb-discussion" in failings:
                kind = "briefing-paper"
            summary = "The board discussed the draft plan and its priorities for each place."
        else:
            date = draft - dt.timedelta(days=70 + int(30 * unit(system.code, partner)))
            kind = "workshop" if asked == "any" else asked
            summary = "Joint workshop on prevention priorities and population health needs."
        events.append(_event(date, partner, names[partner], kind, summary))
    for partner, kind, summary in EXTRA_ENGAGEMENT:
        date = draft - dt.timedelta(days=20 + int(60 * unit(system.code, partner)))
        events.append(_event(date, partner, names[partner], kind, summary))
    return sorted(events, key=lambda event: event.date)


def _sign_offs(
    pack: Pack, system: s.System, names: dict[str, str], failings: Sequence[str]
) -> list[SignOff]:
    final = pack.deadline_by_id["final-plan"].date
    partners: dict[str, None] = {}  # in rule order, once each
    for rule in pack.rules.rule:
        if rule.check == "signed-off-by":
            named = rule.params["partners"]
            partners.update(dict.fromkeys(named if isinstance(named, list) else [str(named)]))
    sign_offs = []
    for partner in partners:
        date = final - dt.timedelta(days=1 + int(12 * unit(system.code, partner, "signed")))
        concerned = partner == "local-authority" and "la-concerns" in failings
        sign_offs.append(
            SignOff(
                partner=partner,
                name=names[partner],
                status="concerns" if concerned else "signed",
                date=date,
                concerns=LA_CONCERNS if concerned else "",
            )
        )
    return sign_offs


def _footprint(
    pack: Pack, system: s.System, where: tuple[str, str], failings: Sequence[str]
) -> Footprint:
    rule = next(r for r in pack.rules.rule if r.check == "footprint-change-on-time")
    deadline = pack.deadline_by_id[str(rule.params["deadline"])].date
    description = f"Align the {where[1]} boundary with the local authority's."
    change = None
    if "late-footprint-change" in failings:
        days = 20 + int(40 * unit(system.code, "late change"))
        change = FootprintChange(date=deadline + dt.timedelta(days=days), description=description)
    elif unit(system.code, "footprint change") < 0.15:  # a few change it, in time
        days = 10 + int(30 * unit(system.code, "change in time"))
        change = FootprintChange(date=deadline - dt.timedelta(days=days), description=description)
    return Footprint(
        ccgs=[f"NHS {place} CCG" for place in where],
        local_authorities=[f"{place} Council" for place in where],
        change_request=change,
    )


def _maturity(
    pack: Pack, system: s.System, where: tuple[str, str], failings: Sequence[str]
) -> Maturity:
    """One level a year up to the mature level: by its due year, or two years late."""
    levels = [level.id for level in sorted(pack.maturity.level, key=lambda level: level.rank)]
    mature = levels.index(pack.maturity.mature_level)
    due = due_index(pack, pack.maturity.mature_by)
    late = 2 if "not-mature-by-2021" in failings else 0
    early = 1 if not late and unit(system.code, "maturity") < 0.4 else 0
    thriving = not late and unit(system.code, "thriving") < 0.3  # the top level in the last year
    assessment = {}
    for k, year in enumerate(pack.plan_years):
        index = max(0, min(mature, mature - (due + late - early - k)))
        if thriving and k == len(pack.plan_years) - 1:
            index = len(levels) - 1
        assessment[year] = levels[index]
    evidence = "\n".join(
        f"- {c.text.rstrip('.')}: {_fill(pick(EVIDENCE, system.code, c.id), system, where)}"
        for c in pack.maturity.characteristic
    )
    return Maturity(self_assessment=assessment, evidence=evidence)


def _infrastructure(
    pack: Pack, system: s.System, where: tuple[str, str]
) -> tuple[list[DigitalItem], list[EstatesScheme]]:
    years = pack.plan_years
    digital_count = 3 + int(2 * unit(system.code, "digital"))  # three or four items
    digital = [
        DigitalItem(item=item, description=_fill(text, system, where), by=years[k])
        for item, text, k in DIGITAL[:digital_count]
    ]
    millions = system.population.need_weighted / 1e6
    estates = [
        EstatesScheme(
            scheme=_fill(scheme, system, where),
            description="Funded from the system's capital allocation.",
            capital=round(per_head * millions, 2),
            by=years[k],
        )
        for scheme, per_head, k in ESTATES[: 1 + int(len(ESTATES) * unit(system.code, "estates"))]
    ]
    return digital, estates


def build_plan(pack: Pack, system: s.System, failings: Sequence[str] = ()) -> Plan:
    """A complete plan for `system`, compliant but for the named failings."""
    unknown = sorted(set(failings) - FAILINGS.keys())
    if unknown:
        raise ValueError(f"unknown demo failings: {', '.join(unknown)}")
    where = places(system)
    finance, finance_metrics = build_finance(pack, system, where, failings)
    workforce, workforce_metrics = build_workforce(pack, system, failings)
    workforce = with_pay_costs(pack, workforce, finance, failings)
    trajectories = build_trajectories(pack, system, failings, finance_metrics | workforce_metrics)
    orgs = [org.name for org in finance.organisations]
    community = next((name for name in orgs if "Community" in name), None)
    names = _partner_names(where, orgs, community)
    known = {org.id for org in pack.geography.organisation_type}
    if not known >= names.keys():
        raise ValueError(f"not organisation types of {pack.id}: {sorted(names.keys() - known)}")
    landscape = []
    if unit(system.code, "landscape") < 0.12:  # a few systems
        ccgs = [f"NHS {place} CCG" for place in where]
        description = f"A joint committee of the {len(ccgs)} CCGs takes decisions together."
        landscape.append(
            LandscapeChange(
                kind="shared-decision-making", description=description, organisations=ccgs
            )
        )
    digital, estates = _infrastructure(pack, system, where)
    period = pack.meta.plan_period
    return Plan(
        ltpif_plan=1,
        pack=pack.id,
        pack_version=pack.meta.version,
        system=system.code,
        title=f"{system.name}: five-year strategy delivery plan, {period.first} to {period.last}",
        clinical_lead=None if "no-plan-lead" in failings else _plan_lead(system, where),
        narrative=_narrative(pack, system, where, failings),
        commitments=_commitments(pack, system, where, trajectories, failings),
        local_priorities=_local_priorities(pack, system, where),
        finance=finance,
        workforce=workforce,
        digital=digital,
        estates=estates,
        engagement=_engagement(pack, system, names, failings),
        sign_offs=_sign_offs(pack, system, names, failings),
        footprint=_footprint(pack, system, where, failings),
        landscape_changes=landscape,
        maturity=_maturity(pack, system, where, failings),
    )


def demo_plans(pack: Pack) -> list[tuple[s.System, tuple[str, ...], Plan]]:
    """Every system's demo plan with its failings, in order of system code."""
    assigned = demo_assignments(pack)
    systems = sorted(pack.geography.system, key=lambda x: x.code)
    return [(x, assigned[x.code], build_plan(pack, x, assigned[x.code])) for x in systems]


def write_demo_plans(pack: Pack, out_dir: Path) -> list[Path]:
    """Write `{out_dir}/{system code}.yaml` for every system; the paths, sorted by code."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for system, _failings, plan in demo_plans(pack):
        path = out_dir / f"{system.code}.yaml"
        write_plan(plan, path)
        paths.append(path)
    return paths
