"""Values quoted in messages: never more than about 80 characters, whatever the value."""

import pytest

from ltpif.framework.problems import quoted


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("E54000005", "'E54000005'"),
        ("x" * 80, "'" + "x" * 80 + "'"),
        ("x" * 81, "'" + "x" * 79 + "…'"),
        ("9" * 5000, "'" + "9" * 79 + "…'"),
        (1.5, "1.5"),
        (None, "None"),
        (int("9" * 100), "9" * 38 + "..." + "9" * 39),
        ([1, 2, 3, 4, 5, 6, 7], "[1, 2, 3, 4, 5, 6, ...]"),
        ([[[1]]], "[[[...]]]"),
    ],
)
def test_quoted(value, shown):
    assert quoted(value) == shown


def test_a_value_standing_for_billions_is_quoted_at_once():
    value = ["lol"] * 9
    for _ in range(9):
        value = [value] * 9  # 9**10 strings, shared: its full repr would take gigabytes
    assert len(quoted(value)) <= 81


def test_an_int_too_long_to_print_is_described():
    assert quoted(10**5000) == "a number too long to show"
