"""Checks shared by the pipelines: a file's format from its header, and its periods."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ltpif.framework.periods import Calendar
from ltpif.framework.problems import Problem
from ltpif.monitoring import actuals, ae, ae_provider, rtt, rtt_national
from ltpif.monitoring.periods import parse_period

SIGNATURES = {
    "long": set(actuals.REQUIRED),
    "rtt-full-extract": {rtt.PERIOD, rtt.PROVIDER, rtt.COMMISSIONER, rtt.PART},
    "ae-monthly": set(ae.COLUMNS),
    "ae-provider-csv": {ae_provider.PERIOD, ae_provider.PROVIDER, *ae_provider.COUNTS[:2]},
    "rtt-national-series": {rtt_national.MONTH, f"{rtt_national.SECTION}__total_waiting_mil"},
}


def guess_format(header: Sequence[str]) -> str | None:
    return next((name for name, needs in SIGNATURES.items() if needs <= set(header)), None)


def wrong_format(
    path: Path, header: Sequence[str], expected: str, messages: Iterable[str]
) -> list[Problem]:
    """The header's problems, and which format the file looks like if not the one given."""
    problems = [Problem(path.name, 1, "", message) for message in messages]
    guess = guess_format(header)
    if guess and guess != expected:
        problems.append(
            Problem(
                path.name,
                1,
                "",
                f"this looks like a {guess} file, not {expected}: try --format {guess}",
            )
        )
    return problems


def period_names(
    texts: Iterable[str], calendar: Calendar, cadences: Iterable[str] | None = None
) -> dict[str, str] | None:
    """Each period text → its period's name; None if any is not a period of `cadences`."""
    names = {}
    for text in texts:
        try:
            period = parse_period(text, calendar)
        except ValueError:
            return None
        if cadences is not None and period.cadence not in cadences:
            return None
        names[text] = period.name
    return names
