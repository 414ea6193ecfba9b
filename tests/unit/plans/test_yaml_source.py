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
