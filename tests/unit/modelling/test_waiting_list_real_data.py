"""The stock-and-flow projection on NHS England's published national RTT series (2016–2023)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ltpif.modelling.waiting_list import project_waiting_list

FLOWS = "hf_rtt_national_monthly_2016-04_to_2023-08.csv"
PUBLISHED = "nhse_rtt_national_timeseries_2007-04_to_2023-08.csv"
LIST = "incomplete_rtt_pathways__total_waiting_mil_with_estimates_for_missing_data"


@pytest.fixture(scope="module")
def months(shared_dir: Path) -> list[dict[str, str]]:
    with (shared_dir / "data" / FLOWS).open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def published(shared_dir: Path) -> dict[str, float]:
    """NHS England's published waiting list (with its estimates for missing trusts) by month."""
    with (shared_dir / "data" / PUBLISHED).open(newline="") as handle:
        return {row["month"]: float(row[LIST]) for row in csv.DictReader(handle) if row[LIST]}


def _column(months: list[dict[str, str]], name: str) -> list[float]:
    return [float(month[name]) for month in months]


def test_the_flows_reproduce_the_published_list_month_by_month(months, published) -> None:
    """April 2016 to August 2023, 89 months, chained from March 2016's list: the projection
    is within a millionth of a patient of NHS England's list every month (measured: 5e-9, the
    rounding of floating point). The file's other removals are the month's residual, so this
    proves the accounting (and the file's months against the published series), not a
    forecast: the next test is the forecast."""
    sizes = project_waiting_list(
        float(months[0]["waiting_list_last_val"]),
        _column(months, "new_referrals"),
        _column(months, "completed_total"),
        _column(months, "other_reasons"),
    )
    assert len(sizes) == 89
    for month, size in zip(months, sizes, strict=True):
        assert size == pytest.approx(published[month["month_year"][:7]], abs=1e-6)


def test_a_fixed_share_of_other_removals_forecasts_the_list_within_four_percent(months) -> None:
    """Other removals (validation, patients who go elsewhere) estimated as their share of
    referrals in 2016/17 (17.0%), then the list projected from March 2017 to February 2020 on
    the published referrals and completions alone: 35 months, every one within 4% of the
    published list (measured: at most 3.5%, in February 2020)."""
    first_year, rest = months[:12], months[12:47]
    assert rest[-1]["month_year"] == "2020-02-01"  # before the pandemic broke the pattern
    share = sum(_column(first_year, "other_reasons")) / sum(_column(first_year, "new_referrals"))
    assert share == pytest.approx(0.170, abs=0.001)
    referrals = _column(rest, "new_referrals")
    sizes = project_waiting_list(
        float(first_year[-1]["waiting_list"]),
        referrals,
        _column(rest, "completed_total"),
        [share * referred for referred in referrals],
    )
    errors = [
        abs(size - actual) / actual
        for size, actual in zip(sizes, _column(rest, "waiting_list"), strict=True)
    ]
    assert max(errors) < 0.04
