"""Official files as published: each loader reproduces its file's own totals, worked out here
with the csv module and openpyxl alone; a file that contradicts itself is refused."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from ltpif.framework.problems import InputError
from ltpif.monitoring.pipelines import ae, published
from ltpif.monitoring.pipelines import rtt as rtt_pipeline
from ltpif.monitoring.pipelines.load import load_files
from tests.monitoring_support import IBIS_ON_DUCKDB, RTT_SERIES, MemoryStore

pytestmark = IBIS_ON_DUCKDB
ENGLAND = "E92000001"
RTT_EXTRACT = "nhse_rtt_full_extract_2026-04_subset_provider_parent_QHL.csv"
AE_2019 = "derived_nhse_ae_attendances_trust_monthly_2019-04_to_2019-12.csv"
AE_PROVIDER_DIR = "nhse_ae_monthly_provider_csv_2024-06_to_2025-06"
RTT_WORKBOOK = "nhse_rtt_overview_timeseries_raw_hf_copy.xlsx"


def national(result, metric):
    return {a.period: a for a in result.actuals if a.level == "national" and a.metric == metric}


def system_sum(result, metric):
    return sum(a.value for a in result.actuals if a.level == "system" and a.metric == metric)


def dict_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


# RTT full extract (April 2026, Birmingham and Solihull's providers)


@pytest.fixture(scope="module")
def extract(lookups, orgs, catalogue, pack, duckdb_backend):
    path = lookups / RTT_EXTRACT
    return path, rtt_pipeline.read(duckdb_backend, path, orgs, catalogue.rtt, pack.year_calendar)


def test_the_rtt_extract_reproduces_its_all_functions_rows(extract):
    """The file's own totals are its C_999 rows; ltpif sums the treatment functions."""
    path, result = extract
    incomplete = [r for r in dict_rows(path) if r["RTT Part Type"] == "Part_2"]
    stated = sum(
        float(r["Total All"]) for r in incomplete if r["Treatment Function Code"] == "C_999"
    )
    bands = [c for c in incomplete[0] if c.startswith("Gt ")]
    by_function = [r for r in incomplete if r["Treatment Function Code"] != "C_999"]

    def total(columns):
        return sum(float(r[c] or 0) for r in by_function for c in columns)

    assert stated == total(["Total All"]) == 150_327
    waiting = national(result, "rtt-waiting-list")
    assert list(waiting) == ["2026-04"] and waiting["2026-04"].value == stated
    over_52 = [c for c in bands if int(c.split()[1]) >= 52]
    assert national(result, "rtt-52-week-waiters")["2026-04"].value == total(over_52)
    within = [c for c in bands if c.split()[2] == "To" and int(c.split()[3]) <= 18]
    share = national(result, "rtt-within-18-weeks")["2026-04"]
    # Total (known clock starts) is blank on incomplete pathways: the bands are the known waits
    assert {r["Total"] for r in by_function} == {""}
    assert (share.numerator, share.denominator) == (total(within), total(bands))
    unmapped = sum(u.amount for u in result.unmapped)
    assert system_sum(result, "rtt-waiting-list") + unmapped == stated
    assert result.rows == 4_938


# A&E April-December 2019 (the first actuals of the plan period)


@pytest.fixture(scope="module")
def ae_2019(lookups, orgs, pack, duckdb_backend):
    return ae.read(duckdb_backend, lookups / AE_2019, orgs, pack.year_calendar)


def test_the_2019_20_ae_file_reproduces_its_monthly_sums(ae_2019, lookups):
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in dict_rows(lookups / AE_2019):
        for i, column in enumerate(("attendances", "breaches", "admissions")):
            sums[row["period"][:7]][i] += float(row[column])
    attendances = national(ae_2019, "ae-attendances")
    admissions = national(ae_2019, "emergency-admissions")
    four_hours = national(ae_2019, "ae-4-hour-performance")
    assert sorted(sums) == sorted(attendances) == [f"2019-{m:02d}" for m in range(4, 13)]
    for month, (seen, over, admitted) in sums.items():
        assert attendances[month].value == seen
        assert admissions[month].value == admitted
        assert (four_hours[month].numerator, four_hours[month].denominator) == (seen - over, seen)
    unmapped = sum(u.amount for u in ae_2019.unmapped)
    assert system_sum(ae_2019, "ae-attendances") + unmapped == sum(s[0] for s in sums.values())


# NHS England's monthly A&E provider CSVs (June 2024 to June 2025), each with a TOTAL row


@pytest.fixture(scope="module")
def provider_files(lookups, orgs, pack):
    paths = sorted((lookups / AE_PROVIDER_DIR).glob("*.csv"))
    return published.read_each(
        paths, lambda path: published.read_ae_provider(path, orgs, pack.year_calendar)
    )


def stated_total(path: Path, prefix: str) -> float:
    """The file's TOTAL row summed over the columns whose names start with `prefix`."""
    (total,) = [r for r in dict_rows(path) if r["Period"].strip().upper() == "TOTAL"]
    return sum(float(v) for c, v in total.items() if c and c.startswith(prefix))


def test_each_ae_provider_csv_reproduces_its_total_row(provider_files):
    assert len(provider_files) == 13
    months = set()
    for path, result in provider_files.items():
        (month,) = national(result, "ae-attendances")
        months.add(month)
        attendances = stated_total(path, "A&E attendances ")  # the three types, booked and not
        over = stated_total(path, "Attendances over 4hrs ")
        assert national(result, "ae-attendances")[month].value == attendances, path.name
        assert national(result, "emergency-admissions")[month].value == stated_total(
            path, "Emergency admissions via A&E"
        )
        share = national(result, "ae-4-hour-performance")[month]
        assert (share.numerator, share.denominator) == (attendances - over, attendances)
        unmapped = sum(u.amount for u in result.unmapped)
        assert system_sum(result, "ae-attendances") + unmapped == attendances
        # each provider's part (what a footprint change would move) adds up to its system's
        parts = [p for p in result.parts if p.metric == "ae-attendances"]
        assert sum(p.value for p in parts) + unmapped == attendances
        assert len({p.organisation for p in parts}) == len(parts)  # one a provider and month
        assert result.rows == len(dict_rows(path)) - 1  # every row but the total
    assert len(months) == 13


def test_april_2025_by_hand(provider_files):
    """The April 2025 TOTAL row: 1,354,645 + 49,112 + 804,415 type 1, 2 and other
    attendances and 33,654 + 626 + 53,368 booked ones = 2,295,820."""
    (result,) = [r for p, r in provider_files.items() if p.name == "Monthly-AE-April-2025.csv"]
    assert national(result, "ae-attendances")["2025-04"].value == 2_295_820
    assert len({a.org_code for a in result.actuals if a.level == "system"}) == 42


def test_a_total_row_that_disagrees_is_refused_at_its_line(tmp_path, lookups, loader):
    source = lookups / AE_PROVIDER_DIR / "Monthly-AE-April-2025.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    last = len(lines)
    lines[-1] = lines[-1].replace(
        "TOTAL,TOTAL,TOTAL,TOTAL,1354645", "TOTAL,TOTAL,TOTAL,TOTAL,1354646"
    )
    bad = tmp_path / "Monthly-AE-April-2025.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = MemoryStore()
    with pytest.raises(InputError) as caught:
        load_files([bad], "ae-provider-csv", store, loader)
    assert [str(p) for p in caught.value.problems] == [
        f"Monthly-AE-April-2025.csv:{last}: A&E attendances Type 1: the file's total is "
        "1,354,646, its rows add up to 1,354,645"
    ]
    assert store.loads() == []


def test_the_provider_format_is_suggested_for_a_provider_csv(lookups, loader):
    path = lookups / AE_PROVIDER_DIR / "Monthly-AE-May-2025.csv"
    with pytest.raises(InputError) as caught:
        load_files([path], "ae-monthly", MemoryStore(), loader)
    assert "try --format ae-provider-csv" in str(caught.value.problems[-1])


# The national RTT series: the CSV copy and the workbook behind it


@pytest.fixture(scope="module")
def series(lookups, catalogue, pack):
    def read(name):
        return published.read_rtt_series(
            lookups / name, catalogue.rtt, pack.year_calendar, catalogue.national_code
        )

    return read(RTT_SERIES), read(RTT_WORKBOOK)


def test_the_national_rtt_csv_reproduces_its_columns(series, lookups):
    from_csv, _ = series
    rows = {r["month"]: r for r in dict_rows(lookups / RTT_SERIES)}
    waiting = national(from_csv, "rtt-waiting-list")
    section = "incomplete_rtt_pathways__"
    given = {m: r for m, r in rows.items() if r[section + "total_waiting_mil"]}
    assert sorted(waiting) == sorted(given) and len(given) == 193  # from August 2007
    shares = national(from_csv, "rtt-within-18-weeks")
    differ = set()
    for month, row in given.items():
        assert waiting[month].value == float(row[section + "total_waiting_mil"])
        stated = float(row[section + "pct_within_18_weeks"])
        assert shares[month].numerator == float(row[section + "no_within_18_weeks"])
        if shares[month].value != pytest.approx(stated, abs=1e-12):
            differ.add(month)
    # September 2021's stated share (66.499%) is not its own counts' (66.489%): ltpif keeps
    # to the counts, the same as every other month's share
    assert differ == {"2021-09"}
    long_waits = national(from_csv, "rtt-52-week-waiters")
    assert {m: a.value for m, a in long_waits.items()} == {
        m: float(r[section + "no_gt_52_weeks"])
        for m, r in rows.items()
        if r[section + "no_gt_52_weeks"]
    }
    assert waiting["2019-04"].value == 4_297_571 and waiting["2023-08"].value == 7_745_030


def test_the_workbook_gives_what_the_csv_gives(series, lookups):
    from_csv, from_workbook = series
    assert from_workbook.actuals == from_csv.actuals
    book = openpyxl.load_workbook(lookups / RTT_WORKBOOK, read_only=True, data_only=True)
    sheet = book["Full Time Series"]
    # column T: "Total waiting (mil)" of the incomplete pathways, from row 12
    column = [r[0] for r in sheet.iter_rows(min_row=12, min_col=20, max_col=20, values_only=True)]
    book.close()
    assert sum(v for v in column if isinstance(v, int | float)) == sum(
        a.value for a in from_workbook.actuals if a.metric == "rtt-waiting-list"
    )


def test_a_bad_cell_in_the_series_is_named_by_its_cell(tmp_path, lookups, catalogue, pack):
    copy = tmp_path / RTT_WORKBOOK
    shutil.copy(lookups / RTT_WORKBOOK, copy)
    book = openpyxl.load_workbook(copy)
    book["Full Time Series"]["T150"] = "about 4m"
    book["Full Time Series"]["C151"] = "soon"
    book.save(copy)
    with pytest.raises(InputError) as caught:
        published.read_rtt_series(copy, catalogue.rtt, pack.year_calendar, catalogue.national_code)
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (150, "Full Time Series!T150"),
        (151, "Full Time Series!C151"),
    ]
    assert "not a number: 'about 4m'" in caught.value.problems[0].message
