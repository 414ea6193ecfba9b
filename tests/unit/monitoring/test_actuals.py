"""The long format's reference reading: every problem at its line, and organisations added up."""

from __future__ import annotations

import pytest

from ltpif.monitoring.actuals import Actual, read_long
from ltpif.monitoring.periods import parse_period

HEADER = ["organisation_code", "metric", "period", "value", "numerator", "denominator"]


def read(context, *rows, header=HEADER):
    return read_long("a.csv", [(i + 2, row) for i, row in enumerate(rows)], header, context)


@pytest.mark.parametrize(
    ("line", "key", "message"),
    [
        ("XXX,rtt-waiting-list,2019-04,1,,", "organisation_code", "unknown organisation code"),
        ("E54000007,waits,2019-04,1,,", "metric", "unknown metric 'waits'"),
        ("E54000007,rtt-waiting-list,April,1,,", "period", "not a period: 'April'"),
        ("E54000007,rtt-waiting-list,2019-04,n/a,,", "value", "'n/a' is not a number"),
        ("E54000007,rtt-waiting-list,2019-04,nan,,", "value", "'nan' is not a number"),
        ("E54000007,rtt-waiting-list,2019-04,1e999,,", "value", "'1e999' is too large"),
        ("E54000007,rtt-waiting-list,2019-04,Infinity,,", "value", "'Infinity' is infinite"),
        ("E54000007,rtt-waiting-list,2019-04,١٢,,", "value", "'١٢' has digits other than"),
        ("E54000007,rtt-waiting-list,2019-04,75%,,", "value", "'75%' has a % sign"),
        ("E54000007,rtt-waiting-list,2019-04,-5,,", "value", "'-5' is negative: a count"),
        ("E54000007,rtt-within-18-weeks,2019-04,95,,", "value", "'95' looks like a percentage"),
        ("E54000007,rtt-within-18-weeks,2019-04,-0.1,,", "value", "not a percentage from 0%"),
        ("E54000007,rtt-within-18-weeks,2019-04,,-1,5", "numerator", "'-1' is negative"),
        ("E54000007,rtt-within-18-weeks,2019-04,,1,nan", "denominator", "'nan' is not a number"),
        ("E54000007,rtt-waiting-list,2019-04,,,", "value", "no value"),
        ("E54000007,rtt-within-18-weeks,2019-04,,5,", "denominator", "go together"),
        ("E54000007,rtt-within-18-weeks,2019-04,,5,0", "denominator", "is zero"),
        (",rtt-waiting-list,2019-04,1,,", "organisation_code", "is blank"),
        ("E54000007,rtt-waiting-list,2019-04,1,", "", "has 5 fields"),
    ],
)
def test_each_bad_row_is_reported_at_its_line(long_context, line, key, message):
    good = ["E54000008", "rtt-waiting-list", "2019-04", "5", "", ""]
    actuals, problems = read(long_context, good, line.split(","))
    assert actuals == []
    assert [(p.line, p.key) for p in problems] == [(3, key)]
    assert message in problems[0].message


def test_duplicates_name_the_first_line(long_context):
    row = ["E54000007", "rtt-waiting-list", "2019-04", "1", "", ""]
    _, problems = read(long_context, row, row)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (3, "the same organisation, metric, period and quintile as line 2")
    ]


def test_every_problem_at_once(long_context):
    _, problems = read(
        long_context,
        ["XXX", "rtt-waiting-list", "2019-04", "1", "", ""],
        ["E54000007", "waits", "2019-04", "x", "", ""],
    )
    assert [(p.line, p.key) for p in problems] == [
        (2, "organisation_code"),
        (3, "value"),
        (3, "metric"),
    ]


def test_trusts_and_ccgs_add_up_to_their_system(long_context):
    actuals, problems = read(
        long_context,
        ["R0A", "emergency-admissions", "2019-04", "50", "", ""],  # trust in E54000007
        ["RW6", "emergency-admissions", "2019-04", "70", "", ""],  # trust in E54000007
        ["R0A", "ae-4-hour-performance", "2019-04", "", "80", "100"],
        ["RW6", "ae-4-hour-performance", "2019-04", "", "180", "200"],
        ["E92000001", "rtt-waiting-list", "2019/20 Q1", "4400000", "", ""],
    )
    assert problems == []
    assert actuals == [
        Actual("national", "E92000001", "rtt-waiting-list", "2019/20 Q1", 4_400_000),
        Actual("system", "E54000007", "ae-4-hour-performance", "2019-04", 260 / 300, 260, 300),
        Actual("system", "E54000007", "emergency-admissions", "2019-04", 120),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["E54000007", "emergency-admissions", "2019-04", "50", "", ""],
             ["R0A", "emergency-admissions", "2019-04", "70", "", ""]],
            "its own figure and others that add up to it",
        ),
        (
            [["R0A", "ae-4-hour-performance", "2019-04", "0.8", "", ""],
             ["RW6", "ae-4-hour-performance", "2019-04", "0.9", "", ""]],
            "needs numerator and denominator on every row",
        ),
        (
            [["E54000049", "emergency-admissions", "2019-04", "50", "", ""],
             ["E54000050", "emergency-admissions", "2019-04", "70", "", ""]],
            "its own figure",  # one system under its 2019 and its 2020 code
        ),
    ],
)  # fmt: skip
def test_rows_that_cannot_be_added_up(long_context, rows, message):
    actuals, problems = read(long_context, *rows)
    assert actuals == []
    assert [p.line for p in problems] == [2]
    assert message in problems[0].message and "lines 2, 3" in problems[0].message


def test_quintiles_are_kept_apart(long_context):
    header = [*HEADER, "deprivation_quintile"]
    rows = [
        ["E54000007", "rtt-waiting-list", "2019-04", str(10 * q), "", "", str(q)] for q in (1, 5)
    ]
    actuals, problems = read(
        long_context,
        *rows,
        ["E54000007", "rtt-waiting-list", "2019-04", "9", "", "", "6"],
        header=header,
    )
    assert [p.message for p in problems] == ["must be 1 (most deprived) to 5 (least), not '6'"]
    actuals, problems = read(long_context, *rows, header=header)
    assert [(a.quintile, a.value) for a in actuals] == [(1, 10), (5, 50)]


@pytest.mark.parametrize(
    ("text", "name", "cadence"),
    [
        ("2019-04", "2019-04", "month"),
        ("2019-04-01", "2019-04", "month"),
        ("RTT-April-2019", "2019-04", "month"),
        ("RTT-APRIL-2019", "2019-04", "month"),
        ("2019/20 Q3", "2019/20 Q3", "quarter"),
        ("2019/20", "2019/20", "year"),
    ],
)
def test_period_names(pack, text, name, cadence):
    period = parse_period(text, pack.year_calendar)
    assert (period.name, period.cadence) == (name, cadence)


def test_a_quarter_starts_in_its_first_month(pack):
    assert parse_period("2019/20 Q3", pack.year_calendar).start.isoformat() == "2019-10-01"


@pytest.mark.parametrize(
    "text", ["2019-13", "2019-04-02", "2019/21", "2019/20 Q5", "RTT-Smarch-2019"]
)
def test_not_periods(pack, text):
    with pytest.raises(ValueError, match="not a period"):
        parse_period(text, pack.year_calendar)
