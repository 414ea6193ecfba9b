"""Real NHS figures: the A&E file by system and nationally, and the 2020 break in RTT waits."""

from __future__ import annotations

import csv
from collections import defaultdict

import duckdb
import pytest

from ltpif.monitoring.charts import spc_chart
from ltpif.monitoring.definitions import target_for
from ltpif.monitoring.pipelines import ae
from ltpif.monitoring.pipelines.load import load_files
from ltpif.monitoring.spc import SpcSettings
from tests.monitoring_support import AE_FILE, IBIS_ON_DUCKDB, RTT_SERIES, MemoryStore

pytestmark = IBIS_ON_DUCKDB


@pytest.fixture(scope="module")
def ae_result(lookups, orgs, pack, duckdb_backend):
    return ae.read(duckdb_backend, lookups / AE_FILE, orgs, pack.year_calendar)


def by_key(result, level, metric):
    return {
        (a.org_code, a.period): a for a in result.actuals if a.level == level and a.metric == metric
    }


def test_national_figures_are_the_files_own_sums(ae_result, lookups):
    sums = duckdb.sql(
        f"SELECT strftime(period, '%Y-%m') AS month, sum(attendances), sum(breaches), "
        f"sum(admissions) FROM read_csv('{lookups / AE_FILE}') GROUP BY month"
    ).fetchall()
    attendances = by_key(ae_result, "national", "ae-attendances")
    four_hours = by_key(ae_result, "national", "ae-4-hour-performance")
    admissions = by_key(ae_result, "national", "emergency-admissions")
    assert len(sums) == 36 == len(attendances)
    for month, total, breaches, admitted in sums:
        assert attendances[("E92000001", month)].value == total
        assert admissions[("E92000001", month)].value == admitted
        share = four_hours[("E92000001", month)]
        assert (share.numerator, share.denominator) == (total - breaches, total)
    assert sum(a.value for a in attendances.values()) == 72_019_402  # the file's grand total


def test_systems_and_unmapped_providers_add_up_to_the_nation(ae_result):
    systems = by_key(ae_result, "system", "ae-attendances")
    assert len({code for code, _ in systems}) == 42
    unmapped = sum(u.amount for u in ae_result.unmapped)
    assert sum(a.value for a in systems.values()) + unmapped == 72_019_402
    lost = {u.provider for u in ae_result.unmapped}
    assert "Y02147" in lost  # a walk-in centre
    assert "RQ6" not in lost  # closed in 2019: its successor REM's system, Cheshire and Merseyside


def test_at_least_99_percent_of_nhs_trust_attendances_map_to_a_2019_system(ae_result, orgs):
    """Every trust of the trust files, open or closed, through its successors (2016-19)."""
    trust_rows = [u for u in ae_result.unmapped if u.provider in orgs.trusts]
    systems = by_key(ae_result, "system", "ae-attendances")
    mapped_trusts = sum(a.value for a in systems.values())  # systems hold trusts' rows alone
    assert sum(u.amount for u in trust_rows) <= 0.01 * mapped_trusts


def test_unmapped_codes_by_category(orgs):
    assert [
        orgs.unmapped_category(code)
        for code in ("RQF", "NT101", "NLO01", "Y02147", "M85813", "R9Z", "", "RQ6X!")
    ] == ["nhs-trust", "independent-sector", "independent-sector", "other", "other",
          "unknown", "unknown", "unknown"]  # fmt: skip


def test_birmingham_has_no_step_at_the_rr1_rrk_merger(ae_result, lookups):
    """Heart of England (RR1) merged into University Hospitals Birmingham (RRK) in 2018; the
    A&E file reports RR1 to June 2018, RRK alone from July. RR1's months belong to RRK's
    system, Birmingham and Solihull (QHL), so July is no jump: by hand, RR1 + RRK were
    24,112 + 10,035 = 34,147 in June and RRK 36,223 in July."""
    with (lookups / "nhsd_ods_etr_trusts_with_region_stp_2022.csv").open() as handle:
        trusts = {
            r["org_code"]
            for r in csv.DictReader(handle)
            if r["high_level_health_geography_stp"] == "QHL"
        } | {"RR1"}
    expected: dict[str, float] = defaultdict(float)
    with (lookups / AE_FILE).open() as handle:
        for row in csv.DictReader(handle):
            if row["org_code"] in trusts:
                expected[row["period"][:7]] += float(row["attendances"])
    found = by_key(ae_result, "system", "ae-attendances")
    series = {month: found[("E54000017", month)].value for month in sorted(expected)}
    assert series == dict(expected)
    assert series["2018-07"] / series["2018-06"] == pytest.approx(1, abs=0.1)


def test_a_systems_figures_are_its_trusts_sums(ae_result, lookups):
    """Greater Manchester (ODS QOP) from the trust file, the successor file and the A&E file,
    by plain Python: its 2022 trusts and the trusts that merged into them."""
    with (lookups / "nhsd_ods_etr_trusts_with_region_stp_2022.csv").open() as handle:
        trusts = {
            r["org_code"]
            for r in csv.DictReader(handle)
            if r["high_level_health_geography_stp"] == "QOP"
        }
    with (lookups / "nhsd_ods_succ_successor_organisations_2026.csv").open() as handle:
        merged = {old for old, new, *_ in csv.reader(handle) if new in trusts}
    assert {"RW3", "RM2"} <= merged  # Central and South Manchester → R0A in 2017
    trusts |= merged
    expected: dict[str, float] = defaultdict(float)
    with (lookups / AE_FILE).open() as handle:
        for row in csv.DictReader(handle):
            if row["org_code"] in trusts:
                expected[row["period"][:7]] += float(row["attendances"])
    found = by_key(ae_result, "system", "ae-attendances")
    assert {month: found[("E54000007", month)].value for month in expected} == dict(expected)


@pytest.fixture(scope="module")
def national_rtt_store(tmp_path_factory, lookups, pack, catalogue, duckdb_backend):
    """The national RTT series, turned into the long format by SQL and loaded."""
    folder = tmp_path_factory.mktemp("rtt-series")
    long_file = folder / "rtt-national.csv"
    duckdb.sql(
        f"""
        COPY (
          SELECT 'E92000001' AS organisation_code, metric, month AS period, value
          FROM (
            SELECT month,
                   incomplete_rtt_pathways__no_gt_52_weeks AS "rtt-52-week-waiters",
                   incomplete_rtt_pathways__total_waiting_mil AS "rtt-waiting-list"
            FROM read_csv('{lookups / RTT_SERIES}', all_varchar = true)
          ) UNPIVOT (value FOR metric IN ("rtt-52-week-waiters", "rtt-waiting-list"))
          WHERE value IS NOT NULL AND value <> ''
        ) TO '{long_file}' (HEADER)
        """
    )
    from ltpif.monitoring.pipelines.load import Loader

    store = MemoryStore()
    load_files([long_file], "long", store, Loader(pack, catalogue, None, duckdb_backend))
    return store


def test_the_2020_break_in_52_week_waits_is_special_cause(national_rtt_store, pack, catalogue):
    metric = catalogue.metrics["rtt-52-week-waiters"]
    series = [
        a
        for a in national_rtt_store.series(metric.id, "E92000001")
        if "2019-04" <= a.period <= "2021-03"
    ]
    # limits from April 2019 to February 2020, before the pandemic, extended over the rest
    target = target_for(pack, metric, "national")  # the pack's: nobody waits over 52 weeks
    chart = spc_chart(
        series, metric, pack.year_calendar, target=target, settings=SpcSettings(baseline=11)
    )
    high = {
        p["period"]
        for p in chart["points"]
        if "beyond-limit" in p["rules"] and p["value"] > p["upper_limit"]
    }
    assert {f"2020-{m:02d}" for m in range(3, 13)} <= high
    march = next(p for p in chart["points"] if p["period"] == "2020-03")
    assert march["value"] == 3097 > chart["segments"][0]["upper_limit"]
    assert chart["variation"] == "concern-high"
    assert (target, chart["assurance"]) == (0, "fail")


def test_the_2020_fall_in_the_waiting_list_shows_without_a_baseline(
    national_rtt_store, pack, catalogue
):
    metric = catalogue.metrics["rtt-waiting-list"]
    series = [
        a
        for a in national_rtt_store.series(metric.id, "E92000001")
        if "2019-04" <= a.period <= "2020-12"
    ]
    chart = spc_chart(series, metric, pack.year_calendar)
    flagged = {p["period"] for p in chart["points"] if p["variation"] != "common-cause"}
    assert {"2020-04", "2020-05", "2020-06"} <= flagged  # the list fell as referrals stopped
