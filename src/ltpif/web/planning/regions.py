"""The regions as the region's and England's pages find them after every save."""

from __future__ import annotations

from django.db.models import QuerySet

from ltpif.web.compiled import compiled
from ltpif.web.planning.models import Region

_COLUMNS = tuple(field.attname for field in Region._meta.concrete_fields)


def region_of(code: str) -> Region | None:
    """The region of this code; None if there is none."""
    found = _region(code)
    return Region.from_db(Region.objects.db, _COLUMNS, found[0]) if found else None


@compiled
def _region(code: str) -> QuerySet:
    return Region.objects.filter(code=code).values_list(*_COLUMNS)[:1]


@compiled
def by_name() -> QuerySet:
    """Every region's code and name, by name."""
    return Region.objects.order_by("name").values_list("code", "name")
