"""A compiled question (`web.compiled`) gives what its queryset's rows would be, read afresh
on every call: its SQL is kept, never its answer."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from ltpif.web.compiled import compiled
from ltpif.web.planning.models import Plan
from ltpif.web.planning.queries import plan_for
from tests.web.conftest import user_of


@compiled
def _plans(systems: tuple[str, ...]) -> QuerySet:
    found = Plan.objects.filter(system_id__in=systems).order_by("system_id")
    return found.values_list("system_id", "outstanding", "updated_at", "system__region__name")


def test_its_rows_are_the_querysets_converted_as_the_orm_converts_them(world):
    systems = tuple(Plan.objects.order_by("system_id").values_list("system_id", flat=True)[:3])
    Plan.objects.filter(system_id=systems[0]).update(outstanding=[{"kind": "reason"}])
    expected = list(_plans.__wrapped__(systems))  # the queryset itself
    assert _plans(systems) == expected
    _, outstanding, updated_at, region = _plans(systems)[0]
    assert outstanding == [{"kind": "reason"}] and isinstance(updated_at, dt.datetime)
    assert isinstance(region, str)


def test_each_call_reads_the_rows_afresh(world, django_assert_num_queries):
    systems = tuple(Plan.objects.order_by("system_id").values_list("system_id", flat=True)[:2])
    assert _plans(systems)[0][1] == []
    Plan.objects.filter(system_id=systems[0]).update(outstanding=["changed"])
    with django_assert_num_queries(1):
        assert _plans(systems)[0][1] == ["changed"]
    assert [row[0] for row in _plans(systems[1:])] == [systems[1]]  # other arguments, other SQL


def test_nothing_to_match_asks_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _plans(()) == []


def test_a_plan_is_found_with_its_system_and_region_read_with_it(world, django_assert_num_queries):
    member = user_of("system_lead")
    plan = plan_for(member.system_id)
    expected = Plan.objects.select_related("system__region").get(pk=plan.pk)
    with django_assert_num_queries(0):
        assert (plan.system.name, plan.system.region.name) == (
            expected.system.name,
            expected.system.region.name,
        )
        own = [f.attname for f in Plan._meta.concrete_fields if f.name != "working"]
        assert [getattr(plan, name) for name in own] == [getattr(expected, name) for name in own]
    with django_assert_num_queries(1):  # deferred: read when asked for
        assert plan.working == expected.working
