from ltpif.framework.toml_lines import LineMap

DOCUMENT = '''\
id = "x"
[plan_period]
baseline = "2018/19"
source.seed = "a.txt"

[[commitment]]
id = "first"
summary = """
a long
text = not a key
"""
  [[commitment.metric]]
  id = "m1"
  [[commitment.metric]]
  id = "m2"
  source = { seed = "a.txt", quote = "q" }

[[commitment]]
id = "second"
  [[commitment.metric]]
  id = "m3"
'''


def test_lines_of_keys_tables_and_arrays():
    lines = LineMap(DOCUMENT)
    assert lines.line_of(("id",)) == 1
    assert lines.line_of(("plan_period",)) == 2
    assert lines.line_of(("plan_period", "baseline")) == 3
    assert lines.line_of(("plan_period", "source", "seed")) == 4
    assert lines.line_of(("commitment", 0, "id")) == 7
    assert lines.line_of(("commitment", 0, "metric", 1, "id")) == 15
    assert lines.line_of(("commitment", 1, "id")) == 19
    assert lines.line_of(("commitment", 1, "metric", 0, "id")) == 21


def test_nested_paths_fall_back_to_the_nearest_written_parent():
    lines = LineMap(DOCUMENT)
    assert lines.line_of(("commitment", 0, "metric", 1, "source", "quote")) == 16
    assert lines.line_of(("commitment", 1, "metric", 0, "unit")) == 20
    assert lines.line_of(("nowhere",)) is None


def test_text_inside_multiline_strings_is_not_a_key():
    lines = LineMap(DOCUMENT)
    assert lines.line_of(("commitment", 0, "text")) == 6
