"""The generated references match the code: every command and every check kind documented, and
the committed files exactly what `scripts/gen_docs.py` writes today."""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path

import pytest

from ltpif.assurance.docs import parameter_docs
from ltpif.assurance.registry import REGISTRY
from ltpif.cli.main import build_parser
from ltpif.cli.reference import commands

REPO = Path(__file__).resolve().parents[2]
CLI_MD = REPO / "docs" / "reference" / "cli.md"


@pytest.fixture(scope="module")
def rendered() -> dict[Path, str]:
    return runpy.run_path(str(REPO / "scripts" / "gen_docs.py"))["render"]()


def test_the_committed_references_are_current(rendered):
    assert set(rendered) == {
        CLI_MD,
        REPO / "docs" / "reference" / "check-kinds.md",
        REPO / "docs" / "reference" / "plan.schema.json",
        REPO / "docs" / "reference" / "operational-plan.schema.json",
    }
    for path, text in rendered.items():
        committed = path.read_text(encoding="utf-8") if path.is_file() else ""
        assert committed == text, f"{path.name} is stale: run `make docs` and commit it"


def test_every_command_has_help_and_a_section_in_the_reference():
    listed = CLI_MD.read_text(encoding="utf-8")
    found = list(commands(build_parser()))
    assert len(found) > 20  # the walk reaches sub-commands, not only the top level
    for command in found:
        assert command.help, f"`{command.name}` has no help"
        assert f"## `{command.name}`\n" in listed, f"`{command.name}` is missing from cli.md"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_check_kind_says_what_it_finds_and_what_each_parameter_means(name):
    kind = REGISTRY[name]
    assert kind.doc, f"check kind {name} has no docstring"
    fields = {f.name for f in dataclasses.fields(kind.params) if f.init}
    assert set(parameter_docs(kind.params)) == fields, (
        f"{kind.params.__name__}'s docstring must give each parameter as '`name`: meaning'"
    )


def test_parameter_docs_read_continued_lines_and_stop_at_a_blank_one():
    class Params:
        """`scope`: which commitments,
        continued here
        `when`: a date

        Not a parameter."""

    expected = {"scope": "which commitments, continued here", "when": "a date"}
    assert parameter_docs(Params) == expected
