import pytest

from ltpif.plans.yaml_source import read_yaml


def test_lines_of_values_in_maps_and_lists():
    document = read_yaml("a: 1\nb:\n  - x: 1\n  - y: [1, 2]\nc:\n  d: e\n")
    assert document.problems == []
    assert document.data == {"a": 1, "b": [{"x": 1}, {"y": [1, 2]}], "c": {"d": "e"}}
    assert document.line_of(("a",)) == 1
    assert document.line_of(("b", 1, "y")) == 4
    assert document.line_of(("c", "d")) == 6
    assert document.line_of(("c", "d", "deeper")) == 6


def test_duplicate_keys_are_problems_not_silently_the_last():
    document = read_yaml("a: 1\nb:\n  x: 1\n  x: 2\n")
    assert document.problems == [(("b", "x"), 4, "duplicate key 'x' (first on line 3)")]


def test_bad_yaml_names_its_line():
    document = read_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert document.data is None
    [(path, line, message)] = document.problems
    assert path == ()
    assert line == 3
    assert message.startswith("not valid YAML")


def test_an_empty_file():
    assert read_yaml("").problems == [((), 1, "the file is empty")]


def _laughs(levels: int) -> str:
    """Each anchor a list of nine aliases of the one before: 9**levels values in a few lines."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + f"\nlast: *a{levels - 1}\n"


def test_an_alias_bomb_is_refused_at_the_line_that_passes_the_limit():
    document = read_yaml(_laughs(9))  # 9**9 ≈ 387 million values in 550 bytes
    assert document.data is None
    # 9**7 + 9**8 (lines 7 and 8) passes a million values on the first alias of line 7
    assert document.problems == [
        (
            (),
            7,
            "the file stands for more than 1,000,000 values (with its aliases expanded): "
            "far more than a plan holds",
        )
    ]


def test_a_few_aliases_are_still_read():
    document = read_yaml(_laughs(3))  # 9 + 81 + 729 values and the aliases' lists
    assert document.problems == []
    assert document.data["last"] == [[["lol"] * 9] * 9] * 9


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: " + "[" * 990 + "]" * 990, 1),
        ("a:\n  b: " + "{c: " * 999 + "1" + "}" * 999, 2),
    ],
)
def test_deep_nesting_is_a_problem_at_its_line_not_a_recursion_error(text, line):
    document = read_yaml(text)
    assert document.problems == [
        ((), line, "nested more than 50 levels deep: far deeper than a plan")
    ]


def test_nesting_up_to_the_limit_is_read():
    document = read_yaml("a: " + "[" * 49 + "1" + "]" * 49)  # the key's map, then 49 lists
    assert document.problems == []
