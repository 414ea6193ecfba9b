"""Targeted funding awards as the roll-ups take them (`ltpif.rollup.funding.Award`)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet

from ltpif.rollup.funding import Award, money
from ltpif.web.compiled import compiled
from ltpif.web.funding.models import Application


def awards(systems: Iterable[str] | None = None) -> list[Award]:
    """Every award (in full or in part), or those of `systems`: the amounts applied for by
    year and the total awarded."""
    return [
        Award(
            system,
            line,
            {year: money(Decimal(value)) for year, value in amounts.items()},
            money(awarded or 0),
        )
        for system, line, amounts, awarded in _awarded(None if systems is None else tuple(systems))
    ]


@compiled  # each roll-up page asks it after every save
def _awarded(systems: tuple[str, ...] | None) -> QuerySet:
    rows = Application.objects.filter(status__in=[Application.FULL, Application.PART])
    if systems is not None:
        rows = rows.filter(system_id__in=systems)
    found = rows.order_by("system_id", "line", "id")
    return found.values_list("system_id", "line", "amounts", "awarded")
