"""The one number parser: each input → its value, or the one message for its problem."""

from __future__ import annotations

import math
import typing

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ltpif.framework import schema
from ltpif.framework.numbers import (
    LARGEST,
    SHOWN,
    UNIT_RANGES,
    BadNumber,
    csv_number,
    is_blank,
    parse_number,
    shown,
)

TOO_LARGE = "is too large: enter a number within ±1,000,000,000,000,000"
SEPARATORS = (
    "has a thousands separator in the wrong place: write 1,250 or 1250, with a point for decimals"
)
OTHER_DIGITS = "has digits other than 0 to 9: type it with the digits 0 to 9"

# (what is given, its unit, the number read) — typed notation, as a person types it
ACCEPTED = [
    ("1250", None, 1250.0),
    (" 1250 ", None, 1250.0),
    ("1,250", None, 1250.0),
    ("1,250,000.5", None, 1_250_000.5),
    ("-1,250", None, -1250.0),
    ("12.5", None, 12.5),
    (".5", None, 0.5),
    ("5.", None, 5.0),
    ("+3", None, 3.0),
    ("1e3", None, 1000.0),
    ("1_000", None, 1000.0),
    ("-0", None, 0.0),
    ("1e15", None, 1e15),
    ("-1e15", None, -1e15),
    ("75%", None, 0.75),
    ("75%", "proportion", 0.75),
    ("75 %", "proportion", 0.75),
    ("0.75", "proportion", 0.75),
    ("100%", "proportion", 1.0),
    ("0%", "proportion", 0.0),
    ("1", "proportion", 1.0),
    ("0", "count", 0.0),
    ("12,000", "count", 12000.0),
    ("3.5", "wte", 3.5),
    ("-3.5", "gbp_m", -3.5),  # money may fall below a baseline
    ("1", "flag", 1.0),
    ("0", "flag", 0.0),
    (12, "count", 12.0),
    (0.75, "proportion", 0.75),
    (-2.5, "gbp_m", -2.5),
    (10**15, None, 1e15),
]


def _id(value: object) -> str:
    return shown(value)[:30]  # str() of a 5,000-digit number is refused


@pytest.mark.parametrize(("raw", "unit", "value"), ACCEPTED, ids=_id)
def test_a_number_is_read(raw, unit, value):
    read = parse_number(raw, unit=unit)
    assert read == value and type(read) is float


# (what is given, its unit, the message) — worked out by hand from the parser's wordings
REFUSED = [
    # not numbers at all
    ("abc", None, "'abc' is not a number"),
    ("", None, "no number given: enter a number"),
    ("   ", "count", "no number given: enter a number"),
    ("12abc", None, "'12abc' is not a number"),
    ("1.2.3", None, "'1.2.3' is not a number"),
    ("£12", None, "'£12' is not a number"),
    ("1 250", None, "'1 250' is not a number"),
    ("0x10", None, "'0x10' is not a number"),
    (True, None, "True is not a number"),
    (None, None, "None is not a number"),
    ([1, 2], None, "[1, 2] is not a number"),
    # NaN and infinities, as text and as Python (or JSON) numbers
    ("nan", None, "'nan' is not a number"),
    ("NaN", None, "'NaN' is not a number"),
    ("-nan", None, "'-nan' is not a number"),
    (".nan", None, "'.nan' is not a number"),
    (math.nan, None, "nan is not a number"),
    ("inf", None, "'inf' is infinite: enter a finite number"),
    ("-Infinity", None, "'-Infinity' is infinite: enter a finite number"),
    ("+.inf", None, "'+.inf' is infinite: enter a finite number"),
    (math.inf, None, "inf is infinite: enter a finite number"),
    (-math.inf, "gbp_m", "-inf is infinite: enter a finite number"),
    # overflow and numbers beyond ltpif's largest
    ("1e999", None, f"'1e999' {TOO_LARGE}"),
    ("-1e999", None, f"'-1e999' {TOO_LARGE}"),
    ("1e16", None, f"'1e16' {TOO_LARGE}"),
    ("1,000,000,000,000,001", None, f"'1,000,000,000,000,001' {TOO_LARGE}"),
    (1e20, None, f"1e+20 {TOO_LARGE}"),
    (10**16, None, f"10000000000000000 {TOO_LARGE}"),
    ("9" * 5000, None, f"'{'9' * (SHOWN - 1)}…' {TOO_LARGE}"),
    (10**5000, None, f"a 5,001-digit number {TOO_LARGE}"),
    # thousands separators in the wrong place, and a decimal comma
    ("12,5,0", None, f"'12,5,0' {SEPARATORS}"),
    ("1,00", None, f"'1,00' {SEPARATORS}"),
    ("1,5", None, f"'1,5' {SEPARATORS}"),
    ("1250,000", None, f"'1250,000' {SEPARATORS}"),
    ("1,2500", None, f"'1,2500' {SEPARATORS}"),
    (",250", None, f"',250' {SEPARATORS}"),
    ("1,250,", None, f"'1,250,' {SEPARATORS}"),
    # digits of other scripts, which Python's float() takes
    ("١٢٣", None, f"'١٢٣' {OTHER_DIGITS}"),  # Arabic-Indic
    ("１２３", None, f"'１２３' {OTHER_DIGITS}"),  # full-width
    ("12٣", None, f"'12٣' {OTHER_DIGITS}"),
    ("۱۲", None, f"'۱۲' {OTHER_DIGITS}"),  # extended Arabic-Indic (Persian)
    ("२०", None, f"'२०' {OTHER_DIGITS}"),  # Devanagari
    ("²", None, f"'²' {OTHER_DIGITS}"),
    # outside the unit
    ("-5", "count", "'-5' is negative: a count cannot be below 0"),
    (-5, "count", "-5 is negative: a count cannot be below 0"),
    ("-0.5", "wte", "'-0.5' is negative: a number of whole-time equivalents cannot be below 0"),
    ("-1", "days", "'-1' is negative: a number of days cannot be below 0"),
    ("-1", "hours", "'-1' is negative: a number of hours cannot be below 0"),
    ("-1", "weeks", "'-1' is negative: a number of weeks cannot be below 0"),
    ("150%", "proportion", "'150%' is not a percentage from 0% to 100%"),
    ("-5%", "proportion", "'-5%' is not a percentage from 0% to 100%"),
    ("250", "proportion", "'250' is not a percentage from 0% to 100%"),
    (-0.1, "proportion", "-0.1 is not a percentage from 0% to 100%"),
    ("75", "proportion", "'75' looks like a percentage: type 75%"),
    (75, "proportion", "75 looks like a percentage: type 75%"),
    (1.5, "proportion", "1.5 looks like a percentage: type 1.5%"),
    ("75%", "count", "'75%' is a percentage, but this takes a count"),
    ("5%", "gbp_m", "'5%' is a percentage, but this takes an amount in £ million"),
    ("2", "flag", "'2' is not a yes or no: type 1 for yes, 0 for no"),
    (0.5, "flag", "0.5 is not a yes or no: type 1 for yes, 0 for no"),
    ("-1", "flag", "'-1' is not a yes or no: type 1 for yes, 0 for no"),
    # the number's own problem comes before its unit's
    ("nan", "count", "'nan' is not a number"),
    ("-1e999", "count", f"'-1e999' {TOO_LARGE}"),
    ("-12,5,0", "count", f"'-12,5,0' {SEPARATORS}"),
]


@pytest.mark.parametrize(("raw", "unit", "message"), REFUSED, ids=_id)
def test_a_bad_number_is_refused_with_its_message(raw, unit, message):
    with pytest.raises(BadNumber) as refused:
        parse_number(raw, unit=unit)
    assert refused.value.message == message == str(refused.value)


# the plain notation of files: no thousands separators, no % sign
PLAIN_REFUSED = [
    ("1,250", None, "'1,250' has a thousands separator: write it without, like 1250"),
    ("12,5,0", None, "'12,5,0' has a thousands separator: write it without, like 1250"),
    ("75%", "proportion", "'75%' has a % sign: give a proportion as a fraction, like 0.75"),
    ("75", "proportion", "'75' looks like a percentage: give it as a proportion, 0.75"),
    ("1e999", None, f"'1e999' {TOO_LARGE}"),
    ("nan", None, "'nan' is not a number"),
    ("١٢", None, f"'١٢' {OTHER_DIGITS}"),
    ("-5", "count", "'-5' is negative: a count cannot be below 0"),
]


@pytest.mark.parametrize(("raw", "unit", "message"), PLAIN_REFUSED)
def test_the_plain_notation_of_files(raw, unit, message):
    with pytest.raises(BadNumber) as refused:
        parse_number(raw, unit=unit, plain=True)
    assert refused.value.message == message


@pytest.mark.parametrize(("raw", "value"), [("1_000", 1000.0), ("-1.5e3", -1500.0), (".5", 0.5)])
def test_plain_numbers_are_read(raw, value):
    assert parse_number(raw, plain=True) == value


def test_every_unit_of_the_pack_has_a_range():
    assert set(typing.get_args(schema.Unit)) == set(UNIT_RANGES)


def test_an_unknown_unit_is_a_programming_error_not_bad_input():
    with pytest.raises(ValueError, match="unknown unit 'furlongs'") as raised:
        parse_number("1", unit="furlongs")
    assert not isinstance(raised.value, BadNumber)


def test_messages_quote_at_most_about_80_characters_of_a_value():
    for raw in ("x" * 5000, "9" * 5000, "1" + ",1" * 3000, "١" * 5000):
        with pytest.raises(BadNumber) as refused:
            parse_number(raw)
        assert len(refused.value.message) < SHOWN + 110
    assert shown("x" * 5000) == repr("x" * (SHOWN - 1) + "…")
    assert len(shown(list(range(5000)))) < SHOWN
    assert shown(10**5000) == "a 5,001-digit number"


@pytest.mark.parametrize("raw", [None, "", "  ", "\t\n"])
def test_blanks(raw):
    assert is_blank(raw)


@pytest.mark.parametrize("raw", ["0", 0, 0.0, "x"])
def test_not_blanks(raw):
    assert not is_blank(raw)


def _in_range(unit: str) -> st.SearchStrategy[float]:
    bounds = UNIT_RANGES[unit]
    if bounds.whole:
        return st.sampled_from([0.0, 1.0])
    low = -LARGEST if bounds.low is None else bounds.low
    high = LARGEST if bounds.high is None else bounds.high
    return st.floats(low, high)


@given(st.sampled_from(sorted(UNIT_RANGES)).flatmap(lambda u: st.tuples(st.just(u), _in_range(u))))
@example(("count", 1_234_567.891))
@example(("gbp_m", -LARGEST))
@example(("proportion", 5e-324))
def test_any_finite_number_in_its_units_range_round_trips_through_its_text(case):
    unit, value = case
    for text in (repr(value), f"{value:,}", f" {value!s} "):
        assert parse_number(text, unit=unit) == value
    assert parse_number(repr(value), unit=unit, plain=True) == value
    assert parse_number(value, unit=unit) == value


@given(st.sampled_from(sorted(UNIT_RANGES)), st.floats(allow_nan=True, allow_infinity=True))
def test_a_number_is_taken_exactly_when_its_unit_range_holds_it(unit, value):
    bounds = UNIT_RANGES[unit]
    fits = (
        math.isfinite(value)
        and abs(value) <= LARGEST
        and (bounds.low is None or value >= bounds.low)
        and (bounds.high is None or value <= bounds.high)
        and (not bounds.whole or value.is_integer())
    )
    try:
        parse_number(value, unit=unit)
    except BadNumber:
        assert not fits
    else:
        assert fits


@given(st.text(max_size=30))
def test_any_text_is_read_or_refused_with_a_message(text):
    try:
        value = parse_number(text)
    except BadNumber as refused:
        assert refused.message
    else:
        assert math.isfinite(value) and abs(value) <= LARGEST
        assert all(ch.isascii() for ch in text.strip())


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (312.28000000000003, "312.28"),  # a sum of planned values, as the issue found it
        (0.1 + 0.2, "0.3"),
        (12.0, "12.0"),
        (0.75, "0.75"),
        (-40.199999999999996, "-40.2"),
        (1234567.891, "1234567.891"),
        (1e20, "1e+20"),
        (0.0, "0.0"),
        (4395.91 - 4000, "395.91"),  # a gap: the subtraction moved the noise up
        (1234567890.12, "1234567890.12"),
    ],
)
def test_a_csv_number_drops_the_noise_of_binary_arithmetic(value, cell):
    assert csv_number(value) == cell


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_csv_number_is_the_value_to_twelve_significant_digits(value):
    assert float(csv_number(value)) == pytest.approx(value, rel=1e-11, abs=1e-300)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_a_number_typed_with_few_digits_comes_back_as_typed(typed):
    value = float(typed)
    assert csv_number(value) == repr(value)
