"""Spec: ICS maturity across England, and the freedoms a level earns (issue 16 items 1 and 2).

Levels are written per year as one level for every characteristic, then the exceptions; the
expected levels were worked out by hand from the rule "a system is as mature as its least
mature characteristic, the region's moderated level counting where it has moderated".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ltpif.assurance.engine import run_rules
from ltpif.demo import DEMO_TODAY
from ltpif.demo.plans import build_plan
from ltpif.framework.loader import load_pack
from ltpif.framework.problems import key_path
from ltpif.plans.document import CharacteristicAssessment, Maturity
from ltpif.plans.maturity import (
    characteristic_levels,
    counted_level,
    devolves_budgets,
    system_levels,
    validate_maturity,
    waived_review_areas,
    waived_rules,
)
from ltpif.rollup.maturity import SystemInput, now_year, rollup_maturity

PACK = load_pack()
CHARACTERISTICS = [c.id for c in PACK.maturity.characteristic]
FIRST = CHARACTERISTICS[0]
AUTUMN_2019 = dt.date(2019, 10, 1)  # plan year 2019/20; maturing is due in 2020/21


def levels(by_year: dict[str, str], **exceptions: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every characteristic at `by_year`, but the named ones (underscores for dashes)."""
    out = {c: dict(by_year) for c in CHARACTERISTICS}
    for name, years in exceptions.items():
        out[name.replace("_", "-")].update(years)
    return out


def every(year: str, level: str) -> dict[tuple[str, str], str]:
    return {(c, year): level for c in CHARACTERISTICS}


ON_TIME = {"2019/20": "developing", "2020/21": "maturing"}
LATE = {"2019/20": "emerging", "2020/21": "developing", "2021/22": "maturing"}

# (self-assessed, moderations) → (now, now moderated, planned, planned moderated, reaches)
CASES = {
    "on time, not moderated": (
        levels(ON_TIME),
        {},
        ("developing", False, "maturing", False, True),
    ),
    "one characteristic behind: the system is as mature as it": (
        levels(ON_TIME, coherent_footprint={"2020/21": "developing"}),
        {},
        ("developing", False, "developing", False, False),
    ),
    "the region moderates one characteristic down": (
        levels(ON_TIME),
        {(FIRST, "2020/21"): "developing"},
        ("developing", False, "developing", False, False),
    ),
    "the region moderates every characteristic up": (
        levels(LATE),
        every("2020/21", "maturing"),
        ("emerging", False, "maturing", True, True),
    ),
    "the region agrees every characteristic now": (
        levels(ON_TIME),
        every("2019/20", "developing"),
        ("developing", True, "maturing", False, True),
    ),
    "thriving is mature": (
        levels({"2019/20": "maturing", "2020/21": "thriving"}),
        {},
        ("maturing", False, "thriving", False, True),
    ),
    "no level for the due year": (
        levels({"2019/20": "developing"}),
        {},
        ("developing", False, None, False, False),
    ),
    "one characteristic not assessed in the due year": (
        {**levels(ON_TIME), FIRST: {"2019/20": "developing"}},
        {},
        ("developing", False, None, False, False),
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_system_level_now_and_planned(name):
    self_assessed, moderations, expected = CASES[name]
    system = SystemInput("E54000001", "A", "North", self_assessed, moderations)
    (row,) = rollup_maturity(PACK, [system], AUTUMN_2019).systems
    assert (row.now, row.now_moderated, row.planned, row.planned_moderated, row.reaches) == (
        expected
    )


def test_regions_count_mature_systems_and_name_those_not_reaching():
    systems = [
        SystemInput("E54000001", "Alpha", "North", levels(ON_TIME), {}),
        SystemInput("E54000002", "Beta", "North", levels(LATE), {}),
        SystemInput("E54000003", "Gamma", "South", levels({"2019/20": "maturing"}), {}),
        SystemInput("E54000004", "Delta", "North", levels({"2019/20": "thriving"}), {}),
    ]
    rollup = rollup_maturity(PACK, systems, AUTUMN_2019)
    by_region = {r.region: r for r in rollup.regions}
    # North: Alpha developing→maturing, Beta emerging→developing, Delta thriving→(none)
    assert by_region["North"].systems == 3
    assert by_region["North"].mature_now == 1  # Delta
    assert by_region["North"].mature_planned == 1  # Alpha
    assert by_region["North"].not_reaching == ("Beta", "Delta")
    # South: Gamma maturing now, nothing planned for 2020/21
    assert (by_region["South"].mature_now, by_region["South"].mature_planned) == (1, 0)
    assert [s.name for s in rollup.not_reaching] == ["Beta", "Delta", "Gamma"]
    assert (rollup.now_year, rollup.due_year, rollup.mature_level) == (
        "2019/20",
        "2020/21",
        "maturing",
    )


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2019, 3, 31), "2018/19"),
        (dt.date(2019, 4, 1), "2019/20"),
        (dt.date(2010, 1, 1), "2018/19"),  # before the plan period: its first year
        (dt.date(2030, 6, 1), "2023/24"),  # after it: its last
    ],
)
def test_now_is_todays_plan_year_held_to_the_period(today, year):
    assert now_year(PACK, today) == year


# Freedoms, level → what changes. Only a level the region has moderated earns them.
FEWER_REQUESTS = frozenset({"local-trajectories-complete", "sections-substantial"})
FEWER_JUDGEMENTS = frozenset({"local-need", "engagement"})
FREEDOMS = [
    (None, frozenset(), frozenset()),
    ("emerging", frozenset(), frozenset()),
    ("developing", frozenset(), frozenset()),
    ("maturing", FEWER_REQUESTS, FEWER_JUDGEMENTS),
    ("thriving", FEWER_REQUESTS, FEWER_JUDGEMENTS),
]


@pytest.mark.parametrize(("level", "rules", "areas"), FREEDOMS)
def test_freedoms_by_level(level, rules, areas):
    assert waived_rules(PACK, level) == rules
    assert waived_review_areas(PACK, level) == areas
    # devolved transformation budgets come with the same level as the other two freedoms
    assert devolves_budgets(PACK, level) is bool(rules)


def test_only_a_fully_moderated_year_counts():
    self_assessed = levels({"2019/20": "maturing"})
    all_but_one = {k: v for k, v in every("2019/20", "maturing").items() if k[0] != FIRST}
    assert counted_level(PACK, self_assessed, all_but_one, "2019/20") is None
    assert counted_level(PACK, self_assessed, every("2019/20", "maturing"), "2019/20") == (
        "maturing"
    )
    moderated_down = {**every("2019/20", "maturing"), (FIRST, "2019/20"): "developing"}
    assert counted_level(PACK, self_assessed, moderated_down, "2019/20") == "developing"


def test_a_plan_without_characteristics_gives_its_level_to_every_one():
    plan = build_plan(PACK, PACK.geography.system[0])
    assert not plan.maturity.characteristics
    read = characteristic_levels(PACK, plan)
    assert set(read) == set(CHARACTERISTICS)
    assert all(by_year == plan.maturity.self_assessment for by_year in read.values())
    assert system_levels(PACK, plan) == plan.maturity.self_assessment


def test_a_plan_with_characteristics_is_as_mature_as_its_lowest():
    plan = build_plan(PACK, PACK.geography.system[0])
    entries = [
        CharacteristicAssessment(
            characteristic=c, levels={"2019/20": "developing", "2020/21": "maturing"}
        )
        for c in CHARACTERISTICS
    ]
    entries[3] = CharacteristicAssessment(
        characteristic=CHARACTERISTICS[3], levels={"2019/20": "emerging"}
    )
    plan = dataclasses.replace(plan, maturity=Maturity(characteristics=entries))
    assert system_levels(PACK, plan) == {"2019/20": "emerging"}


def _problems(entries: list[CharacteristicAssessment]) -> list[tuple[str, str]]:
    plan = build_plan(PACK, PACK.geography.system[0])
    plan = dataclasses.replace(plan, maturity=Maturity(characteristics=entries))
    found: list[tuple[str, str]] = []
    validate_maturity(PACK, plan, lambda path, message: found.append((key_path(path), message)))
    return found


def test_bad_assessments_are_each_named_at_their_place():
    rise = {"2019/20": "developing", "2020/21": "maturing"}
    entries = [
        CharacteristicAssessment(characteristic="no-such-thing", levels={"2019/20": "emerging"}),
        CharacteristicAssessment(characteristic=FIRST, levels=rise),  # no evidence for the rise
        CharacteristicAssessment(
            characteristic=CHARACTERISTICS[1], levels=rise, evidence={"2020/21": "Chair named."}
        ),
        CharacteristicAssessment(characteristic=CHARACTERISTICS[2], levels={"2019/20": "mature"}),
    ]
    assert _problems(entries) == [
        (
            "maturity.characteristics[0].characteristic",
            "'no-such-thing' is not a characteristic of a mature ICS in the pack",
        ),
        (
            "maturity.characteristics[1].evidence.2020/21",
            "the level rises in 2020/21: give the evidence for 2020/21",
        ),
        (
            "maturity.characteristics[3].levels.2019/20",
            "unknown level 'mature' (developing, emerging, maturing, thriving)",
        ),
    ]


# Fewer data requests, applied: a plan that gives no trajectory for a local commitment it takes
# up and writes a short section draws these findings; at a level that earns the freedom the two
# queries are not asked.
LOCAL = "fax-machines"  # a local commitment with a metric, which the demo plans take up
ASKED_ALWAYS = {("no-placeholders", "error", "/narrative/sections/engagement")}
WAIVABLE = {
    ("sections-substantial", "query", "/narrative/sections/engagement"),
    ("local-trajectories-complete", "query", "/commitments/{index}/trajectories"),
}
LEVEL_FINDINGS = [
    (None, ASKED_ALWAYS | WAIVABLE),
    ("emerging", ASKED_ALWAYS | WAIVABLE),
    ("developing", ASKED_ALWAYS | WAIVABLE),
    ("maturing", ASKED_ALWAYS),
    ("thriving", ASKED_ALWAYS),
]


@pytest.mark.parametrize(("level", "expected"), LEVEL_FINDINGS)
def test_assurance_honours_the_moderated_level(level, expected):
    plan = build_plan(PACK, PACK.geography.system[0])
    assert run_rules(PACK, plan, today=DEMO_TODAY) == []  # a compliant demo plan
    index = next(i for i, c in enumerate(plan.commitments) if c.commitment == LOCAL)
    assert PACK.commitment_by_id[LOCAL].kind == "local" and plan.commitments[index].trajectories
    commitments = list(plan.commitments)
    commitments[index] = dataclasses.replace(commitments[index], trajectories=[])
    plan = dataclasses.replace(
        plan,
        commitments=commitments,
        narrative=dataclasses.replace(
            plan.narrative, sections={**plan.narrative.sections, "engagement": "."}
        ),
    )
    found = {
        (f.rule, f.severity, f.pointer)
        for f in run_rules(PACK, plan, today=DEMO_TODAY, level=level)
    }
    assert found == {(r, s, p.format(index=index)) for r, s, p in expected}
