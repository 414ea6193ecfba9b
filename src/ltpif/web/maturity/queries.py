"""Rows → domain: the moderations that count, and every system's maturity for the national
view."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db.models import QuerySet

from ltpif.framework.pack import Pack
from ltpif.plans.maturity import characteristic_levels, counted_level, freedoms_at, level_names
from ltpif.rollup.maturity import SystemInput, now_year
from ltpif.web.compiled import compiled
from ltpif.web.maturity.models import Moderation
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import documents, maturity_level, pack_of


def _latest_first(system_codes: tuple[str, ...] | None) -> QuerySet:
    """The moderations by system, year and characteristic, each one's latest first: the first
    of each (characteristic, year) is the one that counts."""
    rows = Moderation.objects.order_by("system_id", "year", "characteristic", "-at", "-id")
    return rows if system_codes is None else rows.filter(system_id__in=system_codes)


def latest(system_codes: list[str] | None = None) -> dict[str, dict[tuple[str, str], Moderation]]:
    """By system, the latest moderation of each (characteristic, year): the one that counts."""
    found: dict[str, dict[tuple[str, str], Moderation]] = {}
    for row in _latest_first(None if system_codes is None else tuple(system_codes)):
        found.setdefault(row.system_id, {}).setdefault((row.characteristic, row.year), row)
    return found


@compiled  # a system's maturity level and moderation pages ask it, the national page of all
def _levels(system_codes: tuple[str, ...] | None) -> QuerySet:
    return _latest_first(system_codes).values_list("system_id", "characteristic", "year", "level")


def latest_levels(system_codes: list[str] | None = None) -> dict[str, dict[tuple[str, str], str]]:
    """By system, (characteristic, year) → the level of the latest moderation of each, as
    `latest` finds it, without making the rows into objects."""
    rows = _levels(None if system_codes is None else tuple(system_codes))
    return {
        system: levels_from([row[1:] for row in of_system])
        for system, of_system in groupby(rows, key=itemgetter(0))  # ordered by system first
    }


def levels_from(rows: list[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(characteristic, year) → level, from one system's (characteristic, year, level) rows in
    `_latest_first`'s order: the first of each counts."""
    found: dict[tuple[str, str], str] = {}
    for characteristic, year, level in rows:
        found.setdefault((characteristic, year), level)
    return found


def moderated(system_code: str) -> dict[tuple[str, str], str]:
    """(characteristic, year) → the region's level, for one system."""
    return latest_levels([system_code]).get(system_code, {})


def level_now(system_code: str, pack: Pack, today) -> str | None:
    """The moderated level that earns freedoms this plan year (None until the region has
    moderated every characteristic for it: then the region's levels are all that count)."""
    return level_of(moderated(system_code), pack, today)


def level_of(moderations: dict[tuple[str, str], str], pack: Pack, today) -> str | None:
    """`level_now` of a system with these moderations."""
    unassessed: dict[str, dict[str, str]] = {c.id: {} for c in pack.maturity.characteristic}
    return counted_level(pack, unassessed, moderations, now_year(pack, today))


class _Listed(NamedTuple):
    """A plan as the national page lists it (`documents` finds its copy by the version)."""

    pk: int
    system_id: str
    system__name: str
    system__region__name: str
    lock_version: int
    updated_at: dt.datetime


def national_inputs(pack: Pack) -> list[SystemInput]:
    """Every current plan's system, its self-assessed levels and its moderations (plans read
    as plain values: no model objects)."""
    plans = [_Listed(*row) for row in current_plans().values_list(*_Listed._fields)]
    docs = documents(plans)
    moderations = latest_levels()
    return [
        SystemInput(
            code=plan.system_id,
            name=plan.system__name,
            region=plan.system__region__name,
            levels=characteristic_levels(pack, docs[plan.pk]),
            moderations=moderations.get(plan.system_id, {}),
        )
        for plan in plans
    ]


GROWING_ASSURANCE = "growing-assurance-role"  # the pack's freedom that brings the ICS role


def earned(plan: Plan) -> bool:
    """Whether the system's moderated level this plan year earns a growing assurance role
    (its ICS assurance users, and the areas the region no longer judges)."""
    return GROWING_ASSURANCE in freedoms_at(pack_of(plan), maturity_level(plan))


def not_earned_message(plan: Plan) -> str:
    pack = pack_of(plan)
    level = maturity_level(plan)
    freedom = next(f for f in pack.maturity.freedom if f.id == GROWING_ASSURANCE)
    names = level_names(pack)
    now = f"moderated as “{names[level]}”" if level else "not moderated for this plan year"
    return (
        f"{plan.system.name} has not earned a growing assurance role: it is {now}, and the "
        f"role comes from “{names[freedom.earned_from]}”."
    )
