"""The command-line reference (`docs/reference/cli.md`), written from the argument parser itself
so that it cannot drift from the commands (`scripts/gen_docs.py` writes it; a test compares)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass

WIDTH = 100  # usage lines wrap here, whatever the terminal's width


@dataclass(frozen=True)
class Command:
    name: str  # "ltpif framework check"
    help: str | None  # the one line its parent's list of commands shows
    parser: argparse.ArgumentParser


def commands(parser: argparse.ArgumentParser) -> Iterator[Command]:
    """Every command and sub-command under `parser`, depth first in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                sub = action.choices[choice.dest]
                yield Command(sub.prog, choice.help, sub)
                yield from commands(sub)


def _formatter(parser: argparse.ArgumentParser) -> argparse.HelpFormatter:
    return parser.formatter_class(prog=parser.prog, width=WIDTH)


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = _formatter(parser)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    """Table rows: the argument as typed, its help, its default."""
    formatter = _formatter(parser)
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        invocation = formatter._format_action_invocation(action)
        text = formatter._expand_help(action).replace("|", "\\|") if action.help else "—"
        shown = action.default not in (None, False, argparse.SUPPRESS) and action.option_strings
        default = f"`{action.default}`" if shown else ""
        rows.append(f"| `{invocation}` | {text} | {default} |")
    return rows


def _section(command: Command) -> list[str]:
    lines = [f"## `{command.name}`", "", command.help or "", ""]
    if command.parser.description:
        lines += [command.parser.description, ""]
    lines += ["```text", _usage(command.parser), "```", ""]
    rows = _arguments(command.parser)
    if rows:
        lines += ["| argument | what it is | default |", "| --- | --- | --- |", *rows, ""]
    return lines


def cli_markdown(parser: argparse.ArgumentParser) -> str:
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated from the argument parser by `scripts/gen_docs.py`: do not edit. -->",
        "",
        parser.description or "",
        "",
        "```text",
        _usage(parser),
        "```",
        "",
    ]
    for command in commands(parser):
        lines += _section(command)
    return "\n".join(lines).rstrip() + "\n"
