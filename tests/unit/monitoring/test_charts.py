"""Chart data for the web: SPC, funnel, summary matrix, inequalities and their CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from ltpif.interchange.monitoring_svg import COLOURS, funnel_svg
from ltpif.monitoring.actuals import Actual
from ltpif.monitoring.charts import chart_csv, funnel_chart, spc_chart
from ltpif.monitoring.definitions import target_for
from ltpif.monitoring.inequalities import breakdown
from ltpif.monitoring.summary import summary_matrix

MONTHS = [f"{2019 + (m + 3) // 12}-{(m + 3) % 12 + 1:02d}" for m in range(24)]  # 2019-04 …


def series(metric, values, code="E54000007", **extra):
    return [
        Actual("system", code, metric, p, v, **extra) for p, v in zip(MONTHS, values, strict=False)
    ]


def test_spc_chart_has_points_limits_icons_and_trajectory(pack, catalogue):
    metric = catalogue.metrics["rtt-waiting-list"]
    values = [1000 - 5 * i for i in range(12)]  # falling every month: a trend, improving
    chart = spc_chart(
        list(reversed(series(metric.id, values))),  # any order in, period order out
        metric,
        pack.year_calendar,
        place="Greater Manchester",
        target=970,  # limits 972.5 ± 2.66 × 5 = 959.2 … 985.8
        plan_by_year={"2018/19": 1000, "2019/20": 880},
    )
    assert [p["period"] for p in chart["points"]] == MONTHS[:12]
    assert chart["variation"] == "improvement-low"
    assert chart["assurance"] == "hit-and-miss"
    assert chart["points"][0]["trajectory"] == pytest.approx(990)  # 1000 − 120 / 12
    assert chart["points"][-1]["trajectory"] == pytest.approx(880)
    assert chart["trajectory"]["periods"] == 12
    assert chart["points"][0]["rules"] == ["beyond-limit", "trend", "two-of-three"]
    assert chart["notes"] == ["12 points: limits from fewer than 15 are provisional"]


def test_spc_chart_refuses_mixed_cadences(pack, catalogue):
    mixed = [*series("rtt-waiting-list", [1, 2]), Actual("system", "X", "m", "2019/20 Q3", 3)]
    with pytest.raises(ValueError, match="mixes"):
        spc_chart(mixed, catalogue.metrics["rtt-waiting-list"], pack.year_calendar)


def test_csv_of_any_chart_has_one_row_per_point(pack, catalogue):
    chart = spc_chart(
        series("rtt-waiting-list", [5, 6, 7, 6, 5]),
        catalogue.metrics["rtt-waiting-list"],
        pack.year_calendar,
    )
    rows = list(csv.DictReader(io.StringIO(chart_csv(chart))))
    assert [r["period"] for r in rows] == MONTHS[:5]
    assert rows[0]["moving_range"] == "" and rows[1]["moving_range"] == "1.0"


def test_funnel_chart_of_systems(catalogue, pack):
    metric = catalogue.metrics["ae-4-hour-performance"]
    found = [
        Actual("system", code, metric.id, "2019-04", n / d, n, d)
        for code, n, d in (
            ("E54000005", 900, 1000),
            ("E54000006", 700, 1000),
            ("E54000007", 800, 1000),
        )
    ]
    chart = funnel_chart(
        found,
        metric,
        "2019-04",
        names={"E54000005": "West Yorkshire"},
        method="normal-approximation",
    )
    assert chart["centre"] == pytest.approx(0.8)
    assert chart["outside_99_8"] == ["E54000005", "E54000006"]  # 0.8 ± 3.09 × 0.0126
    # higher is better: 0.9 above the limits is an improvement, 0.7 below them a concern
    assert chart["flagged"] == {
        "improvement": ["E54000005"],
        "concern": ["E54000006"],
        "neither": [],
    }
    rows = list(csv.DictReader(io.StringIO(chart_csv(chart))))
    assert [r["direction"] for r in rows] == ["improvement", "concern", ""]
    assert chart["points"][0]["name"] == "West Yorkshire"
    assert len(chart["curve"]) == 60
    with pytest.raises(ValueError, match="not a proportion"):
        funnel_chart(found, catalogue.metrics["rtt-waiting-list"], "2019-04")


def _funnel_of(metric):
    found = [
        Actual("system", code, metric.id, "2019-04", n / 1000, n, 1000)
        for code, n in (("E54000005", 900), ("E54000006", 700), ("E54000007", 800))
    ]
    return funnel_chart(found, metric, "2019-04", method="normal-approximation")


@pytest.mark.parametrize(
    ("polarity", "fills", "legend"),
    [
        ("higher_is_better", ["improvement", "concern", "common"], "Improvement"),
        ("lower_is_better", ["concern", "improvement", "common"], "Concern"),
        ("neutral", ["neither", "neither", "common"], "Neither"),
    ],
)
def test_the_funnel_svg_colours_flagged_systems_by_direction(catalogue, polarity, fills, legend):
    metric = replace(catalogue.metrics["ae-4-hour-performance"], polarity=polarity)
    svg = funnel_svg(_funnel_of(metric))
    for code, fill in zip(("E54000005", "E54000006", "E54000007"), fills, strict=True):
        assert f'fill="{COLOURS[fill]}" data-org="{code}"' in svg
    assert f">{legend}</text>" in svg
    assert (">Improvement</text>" in svg) is (polarity != "neutral")


def test_summary_matrix_of_icons(pack, catalogue):
    actuals = series("rtt-waiting-list", [100] * 11 + [200]) + series(
        "ae-4-hour-performance", [0.9, 0.91] * 6
    )
    chart = summary_matrix(
        actuals,
        catalogue.metrics,
        pack.year_calendar,
        systems=[("E54000007", "Greater Manchester"), ("E54000008", "Cheshire and Merseyside")],
        targets={"ae-4-hour-performance": 0.95},
    )
    assert [m["id"] for m in chart["metrics"]] == ["ae-4-hour-performance", "rtt-waiting-list"]
    cells = chart["rows"][0]["cells"]
    assert cells["rtt-waiting-list"]["variation"] == "concern-high"
    assert cells["ae-4-hour-performance"]["assurance"] == "fail"
    assert chart["rows"][1]["cells"] == {"ae-4-hour-performance": None, "rtt-waiting-list": None}
    assert len(list(csv.DictReader(io.StringIO(chart_csv(chart))))) == 2


def test_summary_cells_kept_are_charted_again_only_when_their_plan_changes(pack, catalogue):
    actuals = series("rtt-waiting-list", [100] * 11 + [200])
    systems = [("E54000007", "Greater Manchester")]

    def matrix(plan: dict, kept: dict | None = None) -> dict:
        plans = {("E54000007", "rtt-waiting-list"): plan}
        args = (actuals, catalogue.metrics, pack.year_calendar)
        return summary_matrix(*args, systems=systems, plans=plans, kept=kept)

    kept: dict = {}
    low, high = {"2019/20": 50.0}, {"2019/20": 500.0}
    assert matrix(low, kept) == matrix(low)
    charted = kept[("E54000007", "rtt-waiting-list")][1]
    assert matrix(low, kept)["rows"][0]["cells"]["rtt-waiting-list"] is charted  # reused
    assert matrix(high, kept) == matrix(high)  # a new trajectory: charted again
    assert matrix(high)["rows"][0]["cells"] != matrix(low)["rows"][0]["cells"]


def test_inequality_gap_is_oriented_so_positive_is_worse_for_the_most_deprived(pack, catalogue):
    metric = catalogue.metrics["rtt-within-18-weeks"]  # higher is better
    rows = [
        Actual("system", "E54000007", metric.id, month, value, quintile=q)
        for i, month in enumerate(MONTHS[:4])
        for q, value in ((1, 0.70 + 0.01 * i), (3, 0.75), (5, 0.80))
    ]
    chart = breakdown(rows, metric, pack.year_calendar, place="E54000007")
    assert [round(g["gap"], 2) for g in chart["gap"]] == [0.10, 0.09, 0.08, 0.07]
    assert chart["gap_chart"]["metric"]["polarity"] == "lower_is_better"
    assert len(chart["points"]) == 12


@pytest.mark.parametrize(
    ("metric", "level", "target"),
    [
        ("rtt-52-week-waiters", "system", 0),  # the pack's every-system ambition of zero
        ("rtt-52-week-waiters", "national", 0),  # zero everywhere is zero nationally
        ("ae-4-hour-performance", "system", 0.95),  # the monitoring standard
        ("emergency-admissions", "system", None),
    ],
)
def test_targets_come_from_data(pack, catalogue, metric, level, target):
    assert target_for(pack, catalogue.metrics[metric], level) == target


@pytest.mark.parametrize(
    ("made_up", "sources", "whole", "note"),
    [
        (set(), ["published"] * 3, "none", None),
        ({"2019-05"}, ["published", "synthetic", "published"], "some", " (1 of 3 points)"),
        ({"2019-04", "2019-05", "2019-06"}, ["synthetic"] * 3, "all", ""),
    ],
)
def test_synthetic_points_are_labelled(made_up, sources, whole, note):
    from ltpif.monitoring.charts import SYNTHETIC_NOTE, label_sources

    chart = {"points": [{"period": p} for p in ("2019-04", "2019-05", "2019-06")]}
    labelled = label_sources(chart, made_up)
    assert [p["source"] for p in labelled["points"]] == sources
    assert labelled["synthetic"] == whole
    assert labelled.get("synthetic_note") == (None if note is None else SYNTHETIC_NOTE + note)
