"""`ltpif assure` on hostile plan files: each refused at its line, quickly, writing nothing."""

from __future__ import annotations

import pytest

from ltpif.plans.files import plan_yaml
from tests.hostile.harness import run_cli, snapshot
from tests.workbooks import demo_plan

PLAN = plan_yaml(demo_plan())


def _plan(**replace: str) -> str:
    """The demo plan's YAML, with top-level lines replaced: {"system": "*a9"}."""
    lines = PLAN.splitlines()
    for key, value in replace.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    return "\n".join(lines) + "\n"


def _laughs() -> str:
    """About 500 bytes standing for 9**10 values; the plan's system is the last alias."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n" + _plan(system="*a9")


CASES = {
    # name: (file bytes, text expected in stderr, beside the file's name)
    # a5 stands for ~600,000 values: the first alias of it on line 7 passes a million
    "alias-bomb": (_laughs().encode(), ":7: the file stands for more than 1,000,000 values"),
    "deep-lists": (
        _plan(title="[" * 990 + "]" * 990).encode(),
        ":5: nested more than 50 levels deep",
    ),
    "deep-maps": (
        _plan(title="{a: " * 600 + "1" + "}" * 600).encode(),
        ":5: nested more than 50 levels deep",
    ),
    "5000-digit-system": (
        _plan(system="9" * 5000).encode(),
        ":4: system: unknown system code '" + "9" * 79 + "…'",
    ),
    "utf16": (_plan().encode("utf-16"), ": not UTF-8 text"),
    "latin1": (_plan(title="Café strategy").encode("latin-1"), ": not UTF-8 text"),
    "nul-byte": (_plan(title="a\x00b").encode(), ": not valid YAML"),
    "empty": (b"", ":1: the file is empty"),
    "not-a-mapping": (b"- just\n- a list\n", ":1: expected a table"),
    "two-documents": (
        _plan().encode() + b"---\n" + _plan().encode(),
        ": a plan file holds one YAML document",
    ),
    "oversize": (b"# " + b"x" * 5_000_001 + b"\n", ": larger than the 5 MB a plan may be"),
    "python-tag": (
        _plan(title="!!python/object/apply:os.system ['echo hacked']").encode(),
        ":5: title: expected text, got ['echo hacked']",  # a tag is no instruction
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_plan_file_is_refused(tmp_path, name):
    data, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    before = snapshot(tmp_path)
    run = run_cli("assure", path, cwd=tmp_path)
    run.assert_refused(f"{path}{expected}")
    assert snapshot(tmp_path) == before
    assert run.out == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".nan", "'.nan' is not a number"),
        (".inf", "'.inf' is infinite: enter a finite number"),
        ("1e999", "'1e999' is too large: enter a number within ±1,000,000,000,000,000"),
        ("9" * 5000, f"'{'9' * 79}…' is too large"),
        ("-5", "-5 is negative: a count cannot be below 0"),
    ],
    ids=["nan", "infinity", "overflow", "5000-digits", "negative-count"],
)
def test_a_bad_number_is_refused_at_its_line(tmp_path, value, message):
    lines = PLAN.splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == "numerator:") + 1
    year = lines[at].split(":")[0]  # the first year of a ratio's numerator: a count
    lines[at] = f"{year}: {value}"
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\n")
    run = run_cli("assure", path, cwd=tmp_path)
    run.assert_refused(f"{path}:{at + 1}: ", message)
    assert "9" * 100 not in run.err
