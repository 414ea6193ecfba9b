"""The demo's synthetic actuals: deterministic, every system and month, labelled synthetic,
following the plans' trajectories, with the planted special causes where they were planted."""

from __future__ import annotations

import pytest

from ltpif.demo.actuals import (
    METRICS,
    SOURCE,
    content_hash,
    demo_actuals,
    months,
    special_cause_places,
)
from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.monitoring.charts import spc_chart
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.trajectory import plan_trajectory


@pytest.fixture(scope="module")
def pack():
    return load_pack()


@pytest.fixture(scope="module")
def plans(pack):
    return {system.code: plan for system, _, plan in demo_plans(pack)}


@pytest.fixture(scope="module")
def actuals(pack, plans):
    return demo_actuals(pack, plans, catalogue_for(pack).national_code)


def test_deterministic(pack, plans, actuals):
    again = demo_actuals(pack, plans, catalogue_for(pack).national_code)
    assert again == actuals and content_hash(again) == content_hash(actuals)


def test_every_system_metric_and_month_and_england(pack, actuals):
    periods = months()
    assert periods[0] == "2016-04" and periods[-1] == "2019-08" and len(periods) == 41
    systems = {s.code for s in pack.geography.system}
    assert len(systems) == 42
    keys = {(a.org_code, a.metric, a.period) for a in actuals if a.level == "system"}
    assert keys == {(c, m, p) for c in systems for m in METRICS for p in periods}
    national = [a for a in actuals if a.level == "national"]
    assert len(national) == len(METRICS) * len(periods)
    assert "SYNTHETIC" in SOURCE and "not NHS data" in SOURCE


def test_shares_are_ratios_of_their_counts_and_england_adds_up(pack, actuals):
    by_key = {(a.org_code, a.metric, a.period): a for a in actuals}
    code = pack.geography.system[0].code
    share = by_key[(code, "ae-4-hour-performance", "2018-06")]
    assert share.denominator == by_key[(code, "ae-attendances", "2018-06")].value
    assert share.value == share.numerator / share.denominator
    england = catalogue_for(pack).national_code
    total = sum(
        a.value
        for a in actuals
        if a.level == "system" and (a.metric, a.period) == ("rtt-waiting-list", "2019-08")
    )
    assert by_key[(england, "rtt-waiting-list", "2019-08")].value == pytest.approx(total)


def test_planned_metrics_follow_the_plans_trajectory(pack, plans, actuals):
    """A flow's months add up to about the plan's year (noise only, 2% a month)."""
    for code, plan in plans.items():
        year = plan_trajectory(plan, "emergency-admissions")["2018/19"]
        months_of_year = [
            a.value
            for a in actuals
            if (a.org_code, a.metric) == (code, "emergency-admissions")
            and "2018-04" <= a.period <= "2019-03"  # the baseline year
        ]
        assert len(months_of_year) == 12
        assert sum(months_of_year) / 12 == pytest.approx(year / 12, rel=0.03)


def test_the_planted_special_causes_are_flagged(pack, actuals):
    catalogue = catalogue_for(pack)
    for code, cause in special_cause_places(pack):
        series = [a for a in actuals if (a.org_code, a.metric) == (code, cause.metric)]
        chart = spc_chart(series, catalogue.metrics[cause.metric], pack.year_calendar)
        point = next(p for p in chart["points"] if p["period"] == cause.first)
        assert point["rules"], cause
    shift, lift = special_cause_places(pack)[1:]
    for (code, cause), icon in ((shift, "concern-low"), (lift, "improvement-high")):
        series = [a for a in actuals if (a.org_code, a.metric) == (code, cause.metric)]
        assert (
            spc_chart(series, catalogue.metrics[cause.metric], pack.year_calendar)["variation"]
            == icon
        )
