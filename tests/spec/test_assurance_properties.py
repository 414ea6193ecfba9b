"""Properties of assurance on a compliant plan (Hypothesis).

- Edits that no rule is about (wording, names, order, extra detail) leave it compliant.
- Removing any one required part gives exactly the finding for that part.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from ltpif.assurance.engine import run_rules
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.plans.document import ClinicalLead, Plan, StaffGroup

PACK = load_pack()
COMPLIANT = build_plan(PACK, PACK.geography.system[7])


def _params(rule: str) -> dict:
    return next(r.params for r in PACK.rules.rule if r.id == rule)


# What the pack calls a placeholder, and a section's least length: text that is neither stays
# irrelevant to assurance.
PLACEHOLDERS = {p.lower() for p in _params("no-placeholders")["placeholders"]}
MIN_LENGTH = _params("sections-substantial")["min_length"]


def _not_placeholder(text: str) -> bool:
    return text.strip().lower() not in PLACEHOLDERS


CHARACTERS = st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"])
TEXT = st.text(CHARACTERS, min_size=1).filter(str.strip).filter(_not_placeholder)
# a section: a run of letters and digits as long as the pack asks, then anything
SECTION = st.builds(
    str.__add__,
    st.text(st.characters(categories=["L", "N"]), min_size=MIN_LENGTH, max_size=MIN_LENGTH + 20),
    st.text(CHARACTERS),
)


def _findings(plan: Plan) -> set[tuple[str, str, str]]:
    return {(f.rule, f.severity, f.pointer) for f in run_rules(PACK, plan, today=DEMO_TODAY)}


def test_the_starting_plan_is_compliant():
    assert _findings(COMPLIANT) == set()


@st.composite
def irrelevant_edits(draw) -> Plan:
    plan = COMPLIANT
    narrative = plan.narrative
    section = draw(st.sampled_from(sorted(narrative.sections)))
    plan = dataclasses.replace(
        plan,
        title=draw(st.text()),
        narrative=dataclasses.replace(
            narrative,
            sections={**narrative.sections, section: draw(SECTION)},
            prevention=draw(TEXT),
        ),
        engagement=draw(st.permutations(plan.engagement)),
        sign_offs=draw(st.permutations(plan.sign_offs)),
        commitments=draw(st.permutations(plan.commitments)),
    )
    index = draw(st.integers(0, len(plan.commitments) - 1))
    entry = plan.commitments[index]
    if entry.clinical_lead is not None:
        lead = ClinicalLead(name=draw(TEXT), role=draw(st.text()))
        entries = list(plan.commitments)
        narrative = draw(st.text().filter(_not_placeholder))
        entries[index] = dataclasses.replace(entry, clinical_lead=lead, narrative=narrative)
        plan = dataclasses.replace(plan, commitments=entries)
    # a staff group growing as the whole workforce does: workforce-supports-activity compares
    # activity with the workforce's growth, which this leaves as it was
    share = draw(st.floats(0, 2))
    extra = StaffGroup(
        staff_group=draw(TEXT),
        wte={
            year: share * sum(group.wte[year] for group in plan.workforce)
            for year in PACK.plan_years
        },
    )
    if draw(st.booleans()):
        plan = dataclasses.replace(plan, workforce=[*plan.workforce, extra])
    return plan


@settings(max_examples=40, deadline=None)
@given(irrelevant_edits())
def test_irrelevant_edits_keep_a_plan_compliant(plan):
    assert _findings(plan) == set()


SECTIONS = [section.id for section in PACK.sections.section]
CLINICAL = [c.id for c in PACK.commitments if c.clinical_implications]
PARTNERS = {
    partner: rule.id
    for rule in PACK.rules.rule
    if rule.check == "signed-off-by"
    for partner in rule.params["partners"]
}


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(SECTIONS))
def test_removing_a_section_gives_exactly_its_finding(section):
    sections = {k: v for k, v in COMPLIANT.narrative.sections.items() if k != section}
    plan = dataclasses.replace(
        COMPLIANT, narrative=dataclasses.replace(COMPLIANT.narrative, sections=sections)
    )
    assert _findings(plan) == {("sections-complete", "error", f"/narrative/sections/{section}")}


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(CLINICAL))
def test_removing_a_clinical_lead_gives_exactly_its_finding(commitment):
    index, entry = COMPLIANT.commitment_plan(commitment)
    entries = list(COMPLIANT.commitments)
    entries[index] = dataclasses.replace(entry, clinical_lead=None)
    findings = _findings(dataclasses.replace(COMPLIANT, commitments=entries))
    pointer = f"/commitments/{index}/clinical_lead"
    expected = {("clinical-leads-named", "error", pointer)}
    if commitment == "learning-disability-autism":
        expected.add(("ld-autism-senior-officer", "error", pointer))
    assert findings == expected


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(sorted(PARTNERS)))
def test_removing_a_sign_off_gives_exactly_its_finding(partner):
    sign_offs = [s for s in COMPLIANT.sign_offs if s.partner != partner]
    findings = _findings(dataclasses.replace(COMPLIANT, sign_offs=sign_offs))
    assert findings == {(PARTNERS[partner], "error", "/sign_offs")}
