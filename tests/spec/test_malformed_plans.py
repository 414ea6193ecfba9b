"""Spec: each kind of malformed plan → its problem at file:line and field path, exit 2."""

from __future__ import annotations

import pytest

from ltpif.framework.problems import InputError
from ltpif.plans.files import read_plan_text
from tests.packs import line_of

TOO_LARGE = "is too large: enter a number within ±1,000,000,000,000,000"

PLAN = """\
ltpif_plan: 1
pack: ltpif-2019
pack_version: "2019.1"
system: E54000007
narrative:
  sections:
    local-need: Our population is young and diverse.
commitments:
  - commitment: adult-crisis-teams
    clinical_lead:
      name: Dr Ada Okafor
    trajectories:
      - metric: adult-crisis-24-7-coverage
        numerator: {2019/20: 5, 2020/21: 10}
        denominator: {2019/20: 10, 2020/21: 10}
  - commitment: planned-care-surgery
    trajectories:
      - metric: elective-surgery-spells
        values: {2018/19: 100, 2019/20: 110}
finance:
  organisations:
    - code: RX1
      name: Example Hospitals NHS Trust
      kind: provider
      years:
        2019/20: {income: 100, expenditure: 99}
"""


def _problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as caught:
        read_plan_text(text, "plan.yaml")
    assert all(p.file == "plan.yaml" for p in caught.value.problems)
    return [(p.line, p.key, p.message) for p in caught.value.problems]


def test_the_example_plan_reads():
    loaded = read_plan_text(PLAN, "plan.yaml")
    assert loaded.plan.system == "E54000007"
    assert loaded.line_of(("commitments", 1, "trajectories", 0, "values", "2019/20")) == 19


@pytest.mark.parametrize(
    ("old", "new", "needle", "key", "message"),
    [
        (
            "numerator: {2019/20: 5,",
            "numerator: {2019/20: five,",
            "numerator: {2019/20: five",
            "commitments[0].trajectories[0].numerator.2019/20",
            "'five' is not a number",
        ),
        (
            "commitment: planned-care-surgery",
            "commitment: planned-care-surgeries",
            "planned-care-surgeries",
            "commitments[1].commitment",
            "unknown commitment 'planned-care-surgeries' in ltpif-2019",
        ),
        (
            "metric: elective-surgery-spells",
            "metric: rtt-waiting-list",
            "metric: rtt-waiting-list",
            "commitments[1].trajectories[0].metric",
            "unknown metric 'rtt-waiting-list' for planned-care-surgery "
            "(its metrics: elective-surgery-spells)",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2025/26: 110}",
            "2025/26",
            "commitments[1].trajectories[0].values.2025/26",
            "2025/26 is outside the pack's years (2018/19–2023/24)",
        ),
        (
            "system: E54000007",
            "system: E54000999",
            "system:",
            "system",
            "unknown system code 'E54000999'",
        ),
        (
            'pack_version: "2019.1"',
            'pack_version: "2020.1"',
            "pack_version",
            "pack_version",
            "written for ltpif-2019 2020.1; this is 2019.1",
        ),
        (
            "denominator: {2019/20: 10,",
            "denominator: {2019/20: 0,",
            "denominator: {2019/20: 0",
            "commitments[0].trajectories[0].denominator.2019/20",
            "a denominator of zero: the ratio is undefined",
        ),
        (
            "    local-need: Our population is young and diverse.",
            "    local-need: Our population is young and diverse.\n    local-need: Again.",
            "local-need: Again.",
            "narrative.sections.local-need",
            "duplicate key 'local-need' (first on line 7)",
        ),
        (
            "kind: provider",
            "kind: hospital",
            "kind: hospital",
            "finance.organisations[0].kind",
            "must be one of 'commissioner', 'provider'",
        ),
        (
            "    clinical_lead:\n      name: Dr Ada Okafor\n",
            "    clinical_lead:\n      name: Dr Ada Okafor\n      phone: 123\n",
            "phone:",
            "commitments[0].clinical_lead.phone",
            "unknown key",
        ),
        (
            "pack: ltpif-2019",
            "pack: ltpif-2031",
            "pack: ltpif-2031",
            "pack",
            "unknown framework pack 'ltpif-2031'",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2019/20: 1e999}",
            "1e999",
            "commitments[1].trajectories[0].values.2019/20",
            f"'1e999' {TOO_LARGE}",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            f"values: {{2018/19: 100, 2019/20: {'9' * 5000}}}",
            "9999",
            "commitments[1].trajectories[0].values.2019/20",
            f"'{'9' * 79}…' {TOO_LARGE}",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2019/20: .nan}",
            ".nan",
            "commitments[1].trajectories[0].values.2019/20",
            "'.nan' is not a number",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2019/20: NaN}",
            "NaN",
            "commitments[1].trajectories[0].values.2019/20",
            "'NaN' is not a number",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2019/20: -.inf}",
            "-.inf",
            "commitments[1].trajectories[0].values.2019/20",
            "'-.inf' is infinite: enter a finite number",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2019/20: 1١0}",
            "1١0",
            "commitments[1].trajectories[0].values.2019/20",
            "'1١0' has digits other than 0 to 9: type it with the digits 0 to 9",
        ),
        (
            "values: {2018/19: 100, 2019/20: 110}",
            "values: {2018/19: 100, 2019/20: -5}",
            "-5",
            "commitments[1].trajectories[0].values.2019/20",
            "-5 is negative: a count cannot be below 0",
        ),
        (
            "numerator: {2019/20: 5,",
            "numerator: {2019/20: 15,",
            "numerator: {2019/20: 15",
            "commitments[0].trajectories[0].numerator.2019/20",
            "the numerator (15) is more than the denominator (10): a proportion cannot be above "
            "100%",
        ),
        (
            "2019/20: {income: 100, expenditure: 99}",
            "2019/20: {income: 100, expenditure: 1e999}",
            "1e999",
            "finance.organisations[0].years.2019/20.expenditure",
            f"'1e999' {TOO_LARGE}",
        ),
    ],
    ids=[
        "wrong-type",
        "unknown-commitment",
        "unknown-metric",
        "period-outside-pack",
        "unknown-system",
        "other-pack-version",
        "zero-denominator",
        "duplicate-key",
        "not-an-allowed-value",
        "unknown-key",
        "unknown-pack",
        "overflow",
        "5000-digit-number",
        "yaml-nan",
        "nan",
        "infinity",
        "arabic-indic-digit",
        "negative-count",
        "proportion-above-100%",
        "overflow-in-finance",
    ],
)
def test_one_defect_one_located_problem(old, new, needle, key, message):
    assert old in PLAN
    text = PLAN.replace(old, new, 1)
    assert _problems(text) == [(line_of(text, needle), key, message)]


def test_a_commitment_given_twice():
    entry = PLAN[PLAN.index("  - commitment: planned-care-surgery") : PLAN.index("finance:")]
    text = PLAN.replace("finance:", entry + "finance:", 1)
    problems = _problems(text)
    assert [key for _, key, _ in problems] == [
        "commitments[1].commitment",
        "commitments[2].commitment",
    ]
    assert {message for _, _, message in problems} == {
        "commitment 'planned-care-surgery' is given more than once"
    }


def test_every_problem_is_listed_at_once():
    text = (
        PLAN.replace("system: E54000007", "system: E54000999")
        .replace("2025", "2025")
        .replace("denominator: {2019/20: 10,", "denominator: {2019/20: 0,")
        .replace("commitment: planned-care-surgery", "commitment: nothing-like-it")
    )
    keys = {key for _, key, _ in _problems(text)}
    assert keys == {
        "system",
        "commitments[0].trajectories[0].denominator.2019/20",
        "commitments[1].commitment",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("ltpif_plan: [1\n", "not valid YAML: did not find expected ',' or ']'"),
        ("- just\n- a list\n", "expected a table, got list"),
    ],
)
def test_files_that_are_not_plans(text, message):
    problems = _problems(text)
    assert message in [m for _, _, m in problems]


def test_query_answers_name_a_rule_once_each_at_their_lines():
    text = (
        PLAN
        + """\
query_answers:
  - rule: no-such-rule
    pointer: /narrative/demand
    explanation: An answer to nothing.
  - rule: demand-growth-reduced
    pointer: narrative/demand
    explanation: A pointer without its slash.
  - rule: dph-engaged
    pointer: /engagement
    explanation: The director joined every workshop.
  - rule: dph-engaged
    pointer: /engagement
    explanation: Given twice.
"""
    )
    assert _problems(text) == [
        (
            line_of(text, "  - rule: no-such-rule"),
            "query_answers[0].rule",
            "unknown rule 'no-such-rule'",
        ),
        (
            line_of(text, "    pointer: narrative/demand"),
            "query_answers[1].pointer",
            "a finding's JSON pointer starts with '/'",
        ),
        (
            line_of(text, "    pointer: /engagement"),
            "query_answers[2].pointer",
            "an answer to 'dph-engaged /engagement' is given more than once",
        ),
        (
            text[: text.rindex("    pointer: /engagement")].count("\n") + 1,
            "query_answers[3].pointer",
            "an answer to 'dph-engaged /engagement' is given more than once",
        ),
    ]


def test_a_blank_answer_is_no_answer():
    text = PLAN + "query_answers:\n  - rule: capital-plan\n    pointer: /narrative/capital\n"
    text += '    explanation: "   "\n'
    assert _problems(text) == [
        (
            line_of(text, '    explanation: "   "'),
            "query_answers[0].explanation",
            "must be text that is not blank",
        )
    ]


LOCAL = PLAN.replace(
    "finance:",
    """\
local_priorities:
  - id: local-warm-homes
    title: Warm homes
    strategy: The joint health and wellbeing strategy
    theme: housing-independence
    metrics:
      - id: warm-homes-improved
        name: Homes improved
        unit: count
        target: 300
        by: 2023/24
        trajectory: {2019/20: 100, 2023/24: 300}
finance:""",
    1,
)


@pytest.mark.parametrize(
    ("old", "new", "needle", "key", "message"),
    [
        (
            "id: local-warm-homes",
            "id: adult-crisis-teams",
            "id: adult-crisis-teams",
            "local_priorities[0].id",
            "'adult-crisis-teams' is a commitment of ltpif-2019: "
            "give the local priority an id of its own",
        ),
        (
            "theme: housing-independence",
            "theme: housing",
            "theme: housing",
            "local_priorities[0].theme",
            "unknown theme 'housing' (themes: care-and-support, children-young-people, "
            "health-inequalities, housing-independence, mental-health, prevention-wellbeing, "
            "public-resources)",
        ),
        (
            "        unit: count\n",
            "",
            "- id: warm-homes-improved",
            "local_priorities[0].metrics[0].unit",
            "the metric 'warm-homes-improved' needs a unit",
        ),
        (
            "trajectory: {2019/20: 100,",
            "trajectory: {2019/20: -100,",
            "trajectory: {2019/20: -100",
            "local_priorities[0].metrics[0].trajectory.2019/20",
            "-100 is negative: a count cannot be below 0",
        ),
        (
            "  - commitment: planned-care-surgery\n",
            "  - commitment: planned-care-surgery\n    omitted: true\n",
            "omitted: true",
            "commitments[1].omitted",
            "planned-care-surgery is foundational: it keeps its national standard and date, "
            "so it can be neither phased later nor left out",
        ),
    ],
    ids=["id-of-a-commitment", "unknown-theme", "metric-without-unit", "negative", "foundational"],
)
def test_local_discretion_defects(old, new, needle, key, message):
    assert old in LOCAL
    text = LOCAL.replace(old, new, 1)
    assert _problems(text) == [(line_of(text, needle), key, message)]


def test_the_example_with_a_local_priority_reads():
    assert read_plan_text(LOCAL, "plan.yaml").plan.local_priorities[0].theme == (
        "housing-independence"
    )


def test_a_maturity_assessment_names_each_problem_at_its_line():
    """Issue 16: a characteristic not in the pack, and a rise in level without the year's
    evidence, each at its place in the file; a rise with evidence reads."""
    maturity = """\
maturity:
  characteristics:
    - characteristic: a-nice-logo
      levels: {2019/20: developing}
    - characteristic: coherent-footprint
      levels: {2019/20: developing, 2020/21: maturing}
    - characteristic: delivery-record
      levels: {2019/20: developing, 2020/21: maturing}
      evidence: {2020/21: Met the 4-hour standard all year.}
"""
    text = PLAN + maturity
    assert _problems(text) == [
        (
            line_of(text, "a-nice-logo"),
            "maturity.characteristics[0].characteristic",
            "'a-nice-logo' is not a characteristic of a mature ICS in the pack",
        ),
        (
            line_of(text, "characteristic: coherent-footprint"),
            "maturity.characteristics[1].evidence.2020/21",
            "the level rises in 2020/21: give the evidence for 2020/21",
        ),
    ]
