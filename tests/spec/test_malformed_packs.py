"""Spec: each kind of broken pack → its exact problem, with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ltpif.framework import loader
from ltpif.framework.loader import check_pack
from ltpif.framework.toml_lines import LineMap
from tests.packs import copy_pack, line_of

SEED = "002_a3e0e46b49bd395b.txt"
QUOTE = "Each system will set out five-year plans to expand surgery and reduce waiting lists."

# A crafted area file whose lines the tests know; placeholders are swapped per case.
CRAFTED = f'''\
area = "test-area"
title = "Test area"

[[commitment]]
id = "test-commitment"
title = "A test commitment"
kind = "local"
clinical_implications = true
sections = ["SECTION"]
summary = "Used by the malformed-pack tests."
source = {{ seed = "{SEED}", quote = "{QUOTE}" }}

  [[commitment.metric]]
  id = "test-metric"
  name = "Test metric"
  unit = "proportion"
  polarity = "higher_is_better"
  rollup = "ratio_of_sums"
  numerator = "NUMERATOR"
  denominator = "DENOMINATOR"
  source = {{ seed = "{SEED}", quote = "{QUOTE}" }}

  [[commitment.ambition]]
  id = "test-ambition"
  metric = "AMBITION_METRIC"
  value = 0.5
  comparison = "at_least"
  by = BY
  scope = "every_system"
  description = "Half by the date."
  source = {{ seed = "{SEED}", quote = "{QUOTE}" }}
'''

GOOD = {
    "SECTION": "service-changes",
    '"NUMERATOR"': '"people seen"',
    '"DENOMINATOR"': '"people referred"',
    "AMBITION_METRIC": "test-metric",
    "BY": '"2020/21"',
}


def _craft(**changes: str) -> str:
    text = CRAFTED
    for placeholder, value in {**GOOD, **changes}.items():
        text = text.replace(placeholder, value)
    return text


def _check(pack_dir: Path, seeds_dir: Path | None):
    return check_pack(pack_dir, seeds_dir)


@pytest.fixture
def pack_dir(tmp_path):
    return copy_pack(tmp_path)


def _write(pack_dir: Path, text: str, name: str = "commitments-test.toml") -> str:
    (pack_dir / name).write_text(text, encoding="utf-8")
    return text


def test_the_crafted_file_is_valid_as_written(pack_dir, seeds_dir):
    _write(pack_dir, _craft())
    assert _check(pack_dir, seeds_dir).problems == []


@pytest.mark.parametrize(
    ("changes", "needle", "key", "message"),
    [
        (
            {"SECTION": "nonexistent-section"},
            "sections = ",
            "commitment[0].sections[0]",
            "refers to unknown section 'nonexistent-section'",
        ),
        (
            {"AMBITION_METRIC": "no-such-metric"},
            'metric = "no-such-metric"',
            "commitment[0].ambition[0].metric",
            "refers to unknown metric 'no-such-metric'",
        ),
        (
            {'scope = "every_system"': 'scope = "every_system"\nfair_share_metric = "gone"'},
            'fair_share_metric = "gone"',
            "commitment[0].ambition[0].fair_share_metric",
            "refers to unknown metric 'gone'",
        ),
        (
            {'"DENOMINATOR"': '""'},
            "[[commitment.metric]]",
            "commitment[0].metric[0]",
            "a ratio_of_sums metric needs a `numerator` and a `denominator`",
        ),
        (
            {"BY": "2026-01-01"},
            "by = 2026-01-01",
            "commitment[0].ambition[0].by",
            "2026-01-01 is outside the plan period (2018-04-01 to 2024-03-31)",
        ),
        (
            {"BY": '"2025/26"'},
            'by = "2025/26"',
            "commitment[0].ambition[0].by",
            "2025/26 is not a year of the pack (2018/19–2023/24)",
        ),
        (
            {'kind = "local"': 'kind = "local"\ncolour = "red"'},
            "colour = ",
            "commitment[0].colour",
            "unknown key",
        ),
        (
            {'summary = "Used by the malformed-pack tests."': ""},
            "[[commitment]]",
            "commitment[0].summary",
            "missing key",
        ),
        (
            {"value = 0.5": "value = nan"},
            "value = nan",
            "commitment[0].ambition[0].value",
            "nan is not a number",
        ),
        (
            {"value = 0.5": "value = -inf"},
            "value = -inf",
            "commitment[0].ambition[0].value",
            "-inf is infinite: enter a finite number",
        ),
        (
            {"value = 0.5": "value = 1e999"},  # TOML reads it as infinity
            "value = 1e999",
            "commitment[0].ambition[0].value",
            "inf is infinite: enter a finite number",
        ),
        (
            {'kind = "local"': 'kind = "local"\nlatitude = "no-such-latitude"'},
            'latitude = "no-such-latitude"',
            "commitment[0].latitude",
            "refers to unknown latitude 'no-such-latitude'",
        ),
        (
            {'kind = "local"': 'kind = "foundational"\nlatitude = "pace-and-scope"'},
            'latitude = "pace-and-scope"',
            "commitment[0].latitude",
            "a foundational commitment keeps its national standard and date: no latitude",
        ),
    ],
    ids=[
        "dangling-section",
        "dangling-metric",
        "dangling-fair-share-metric",
        "ratio-without-denominator",
        "date-outside-period",
        "year-outside-period",
        "unknown-key",
        "missing-key",
        "nan",
        "infinity",
        "overflow",
        "dangling-latitude",
        "foundational-with-latitude",
    ],
)
def test_one_defect_one_located_problem(pack_dir, seeds_dir, changes, needle, key, message):
    text = _write(pack_dir, _craft(**changes))
    problems = _check(pack_dir, seeds_dir).problems
    assert [(p.file, p.line, p.key, p.message) for p in problems] == [
        ("commitments-test.toml", line_of(text, needle), key, message)
    ]


def test_missing_citation(pack_dir, seeds_dir):
    text = _craft().replace(
        f'source = {{ seed = "{SEED}", quote = "{QUOTE}" }}\n\n  [[commitment.metric]]',
        "\n  [[commitment.metric]]",
    )
    _write(pack_dir, text)
    problems = _check(pack_dir, seeds_dir).problems
    assert [(p.line, p.key, p.message) for p in problems] == [
        (line_of(text, "[[commitment]]"), "commitment[0].source", "missing key")
    ]


def test_citation_without_a_quote(pack_dir, seeds_dir):
    text = _write(pack_dir, _craft().replace(f', quote = "{QUOTE}"', "", 1))
    problems = _check(pack_dir, seeds_dir).problems
    assert [(p.line, p.key, p.message) for p in problems] == [
        (
            line_of(text, "source = "),
            "commitment[0].source",
            "a seed source needs a verbatim `quote`",
        )
    ]


def test_non_verbatim_citation(pack_dir, seeds_dir):
    altered = QUOTE.replace("five-year", "ten-year")
    text = _write(pack_dir, _craft().replace(QUOTE, altered, 1))
    problems = _check(pack_dir, seeds_dir).problems
    assert [(p.line, p.key) for p in problems] == [(line_of(text, altered), "commitment[0].source")]
    assert problems[0].message.startswith(f"quote is not verbatim in {SEED}")


def test_citing_an_unknown_seed(pack_dir, seeds_dir):
    text = _write(pack_dir, _craft().replace(f'seed = "{SEED}"', 'seed = "nope.txt"', 1))
    problems = _check(pack_dir, seeds_dir).problems
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "nope.txt"), "unknown seed 'nope.txt': not listed in pack.toml")
    ]


def test_duplicate_ids_are_reported_at_each_place(pack_dir, seeds_dir):
    text = _craft()
    text = text + text[text.index("[[commitment]]") :]
    _write(pack_dir, text)
    problems = _check(pack_dir, seeds_dir).problems
    found = {(p.line, p.message) for p in problems}
    second = text.index("[[commitment]]", text.index("[[commitment]]") + 1)
    second_line = text[:second].count("\n") + 1
    assert (line_of(text, "[[commitment]]"), "duplicate commitment 'test-commitment'") in found
    assert (second_line, "duplicate commitment 'test-commitment'") in found
    assert {"duplicate metric 'test-metric'", "duplicate ambition 'test-ambition'"} <= {
        p.message for p in problems
    }


def test_bad_toml_names_its_line(pack_dir, seeds_dir):
    text = _craft().replace('title = "A test commitment"', 'title = "A test commitment', 1)
    _write(pack_dir, text)
    problems = _check(pack_dir, seeds_dir).problems
    assert len(problems) == 1
    assert problems[0].file == "commitments-test.toml"
    assert problems[0].line == line_of(text, 'title = "A test commitment')
    assert problems[0].message.startswith("not valid TOML")


def test_every_problem_across_files_is_listed_at_once(pack_dir, seeds_dir):
    _write(pack_dir, _craft(SECTION="nowhere", BY="2030-01-01"))
    _write(pack_dir, "this is = = not toml\n", name="commitments-zz-broken.toml")
    (pack_dir / "calendar.toml").unlink()
    (pack_dir / "notes.toml").write_text("x = 1\n")
    problems = _check(pack_dir, seeds_dir).problems
    messages = {(p.file, p.message.split(":")[0]) for p in problems}
    assert ("calendar.toml", "required file is missing") in messages
    assert ("notes.toml", "not a pack file name") in messages
    assert ("commitments-zz-broken.toml", "not valid TOML") in messages


def test_a_changed_seed_is_detected(pack_dir, seeds_dir, tmp_path):
    copies = tmp_path / "seeds"
    copies.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        (copies / seed.name).write_text(seed.read_text(encoding="utf-8") + "\nedited\n")
    problems = _check(pack_dir, copies).problems
    assert {p.message for p in problems} == {"seed file differs from the one cited"}
    assert {p.file for p in problems} == {"pack.toml"}


def test_without_seeds_the_structure_is_still_checked(pack_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("LTPIF_SHARED", str(tmp_path / "absent"))
    _write(pack_dir, _craft(SECTION="nowhere").replace(QUOTE, "not in any seed"))
    result = check_pack(pack_dir, None)
    assert result.seeds_dir is None
    assert [p.key for p in result.problems] == ["commitment[0].sections[0]"]


DEEP = "nested more than 20 levels deep: far deeper than a pack file"


@pytest.mark.parametrize(
    ("added", "key"),
    [
        ("x = " + "[" * 1000 + "]" * 1000, ""),  # past the parser's own limit (400)
        ("x = " + "[" * 300 + "]" * 300, "x" + "[0]" * 20),  # within it, past ours
        ("x = " + "{a = " * 300 + "1" + "}" * 300, "x" + ".a" * 20),
        ("[" + ".".join(["t"] * 1200) + "]\nb = 1", ""),  # more key parts than the parser takes
        ("[" + ".".join(["t"] * 900) + "]\nb = 1", ".".join(["t"] * 21)),
    ],
)
def test_deep_nesting_is_one_located_problem_not_a_recursion_error(pack_dir, added, key):
    periods = pack_dir / "periods.toml"
    text = periods.read_text()
    periods.write_text(text + added + "\n")
    line = len(text.splitlines()) + 1
    assert [str(p) for p in check_pack(pack_dir).problems] == [
        f"periods.toml:{line}: {key}: {DEEP}" if key else f"periods.toml:{line}: {DEEP}"
    ]


def test_lines_are_scanned_once_per_file_however_many_problems(pack_dir, monkeypatch):
    """Listing problems was quadratic: every problem scanned its whole file for lines."""
    periods = pack_dir / "periods.toml"
    periods.write_text(periods.read_text() + "".join(f"extra_{n} = {n}\n" for n in range(300)))
    scans = []
    monkeypatch.setattr(loader, "LineMap", lambda text: scans.append(text) or LineMap(text))
    problems = check_pack(pack_dir).problems
    assert len(problems) == 300
    assert len(scans) == 1


def test_an_unknown_stage_is_named_at_its_line(pack_dir, seeds_dir):
    rules = pack_dir / "rules.toml"
    text = rules.read_text(encoding="utf-8").replace(
        'stages = ["final"]', 'stages = ["final", "operational-ish"]', 1
    )
    rules.write_text(text, encoding="utf-8")
    problems = _check(pack_dir, seeds_dir).problems
    assert [(p.file, p.line, p.message) for p in problems] == [
        (
            "rules.toml",
            line_of(text, 'stages = ["final", "operational-ish"]'),
            "must be one of 'draft', 'final', 'operational'",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a strategy plan's check kind cannot be judged at the operational stage
        (
            'stages = ["final"]',
            'stages = ["final", "operational"]',
            "'named-lead' judges the strategy delivery plan, not at the operational stage",
        ),
        # an operational plan's check kind is judged only there
        (
            'stages = ["operational"]\nprinciples',
            'stages = ["operational", "final"]\nprinciples',
            "'phasing-adds-up' judges an operational plan: its stages must be [\"operational\"]",
        ),
    ],
)
def test_a_rule_judged_at_the_wrong_stage_is_named_at_its_line(
    pack_dir, seeds_dir, old, new, message
):
    from ltpif.assurance.engine import check_rules

    rules = pack_dir / "rules.toml"
    text = rules.read_text(encoding="utf-8").replace(old, new, 1)
    rules.write_text(text, encoding="utf-8")
    problems = check_pack(pack_dir, seeds_dir, extra=check_rules).problems
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("rules.toml", line_of(text, new.splitlines()[0]), message)
    ]


def test_a_stage_has_one_deadline(pack_dir, seeds_dir):
    calendar = pack_dir / "calendar.toml"
    text = calendar.read_text(encoding="utf-8").replace('stage = "draft"', 'stage = "final"', 1)
    calendar.write_text(text, encoding="utf-8")
    problems = _check(pack_dir, seeds_dir).problems
    assert {(p.file, p.line, p.message) for p in problems} == {
        (
            "calendar.toml",
            line,
            "another deadline is also for the final plan: a stage has one deadline",
        )
        for line in (
            line_of(text, 'stage = "final"'),
            text[: text.rindex('stage = "final"')].count("\n") + 1,
        )
    }
