"""The built-in pack loads, is complete, and answers the lookups the rest of ltpif needs."""

import datetime as dt

import pytest

from ltpif.framework.loader import check_pack, load_pack, resolve_pack_dir


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def test_the_built_in_pack_is_valid_with_its_citations(seeds_dir):
    result = check_pack(resolve_pack_dir(), seeds_dir)
    assert result.problems == []
    assert result.pack is not None


def test_plan_period_and_years(pack):
    assert pack.plan_years == ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    assert pack.window == (dt.date(2018, 4, 1), dt.date(2024, 3, 31))


def test_seven_regions_and_forty_two_systems(pack):
    assert len(pack.geography.region) == 7
    assert len(pack.geography.system) == 42
    assert {s.region for s in pack.geography.system} == set(pack.region_by_code)


def test_code_history_maps_later_codes_to_the_2019_system(pack):
    cumbria = pack.system_by_code["E54000049"]
    assert pack.system_by_code["E54000050"] is cumbria
    assert (
        sum(1 for s in pack.geography.system if any(c.code != s.code for c in s.code_history)) == 5
    )


def test_the_ten_principles_each_tested_by_known_rules(pack):
    principles = pack.principles.principle
    assert sorted(p.number for p in principles) == list(range(1, 11))
    for principle in principles:
        assert principle.evidence
        assert set(principle.evidence) <= {r.id for r in pack.rules.rule}


def test_the_six_required_sections(pack):
    assert [s.id for s in pack.sections.section] == [
        "local-need",
        "service-changes",
        "infrastructure",
        "efficiency",
        "engagement",
        "financial-balance",
    ]


def test_five_financial_tests_with_the_productivity_parameters(pack):
    tests = sorted(pack.finance.financial_test, key=lambda t: t.number)
    assert [t.number for t in tests] == [1, 2, 3, 4, 5]
    productivity = tests[1]
    assert productivity.parameters["min_growth"] == pytest.approx(0.011)
    assert productivity.parameters["deficit_extra"] == pytest.approx(0.005)


@pytest.mark.parametrize(
    ("metric", "value", "by", "scope"),
    [
        ("pcn-additional-roles-wte", 20000, "2023/24", "national_total"),
        ("adult-crisis-24-7-coverage", 1.0, "2020/21", "every_system"),
        ("outpatient-visits-avoided", 30_000_000, "2023/24", "national_total"),
        ("cyp-mh-access", 345_000, "2023/24", "national_total"),
        ("ld-health-check-coverage", 0.75, "2023/24", "every_system"),
        ("rtt-52-week-waiters", 0, "2019/20", "every_system"),
    ],
)
def test_headline_ambitions(pack, metric, value, by, scope):
    matching = [a for a in pack.ambitions if a.metric == metric and a.scope == scope]
    assert matching, f"no {scope} ambition on {metric}"
    assert any(a.value == pytest.approx(value) and str(a.by) == by for a in matching)


@pytest.mark.parametrize(
    ("deadline_date", "words"),
    [
        (dt.date(2019, 7, 31), "footprint"),
        (dt.date(2019, 9, 27), "draft"),
        (dt.date(2019, 11, 15), "final"),
        (dt.date(2020, 3, 31), "operational"),
    ],
)
def test_planning_calendar(pack, deadline_date, words):
    assert any(
        d.date == deadline_date and words in (d.id + d.name).lower() for d in pack.calendar.deadline
    )


def test_maturity_matrix(pack):
    levels = sorted(pack.maturity.level, key=lambda level: level.rank)
    assert [level.id for level in levels] == ["emerging", "developing", "maturing", "thriving"]
    assert pack.maturity.mature_by == dt.date(2021, 4, 1)


def test_money_is_recorded_in_millions(pack):
    amounts = {a.value for a in pack.ambitions if pack.metric_by_id[a.metric].unit == "gbp_m"}
    assert {2300, 4500, 400, 700, 290} <= amounts


def test_every_ratio_metric_names_its_parts(pack):
    for metric in pack.metric_by_id.values():
        if metric.rollup == "ratio_of_sums":
            assert metric.numerator and metric.denominator, metric.id
