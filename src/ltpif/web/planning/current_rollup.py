"""The roll-up of every plan's working copy, as the web pages show it (kept by `ltpif.app.rollup`
until any plan changes)."""

from __future__ import annotations

from ltpif.app import rollup
from ltpif.app.rollup import Current
from ltpif.web.organisations.rounds import current_pack
from ltpif.web.planning.plan_source import ReadOnce

__all__ = ["Current", "current"]


def current() -> Current:
    return rollup.current(ReadOnce(current_pack()))
