"""A version's planned values in the long table (planning/long_table.py): COPY on PostgreSQL,
bulk_create on SQLite; either way the rows read back as written, blanks as NULL."""

from __future__ import annotations

from django.db import transaction

from ltpif.web.planning.long_table import write_values
from ltpif.web.planning.models import Plan, PlanValue, PlanVersion

ROWS = [  # (metric, period, value, numerator, denominator), as a plan's trajectories make them
    ("adult-crisis-24-7-coverage", "2019/20", None, 3.0, 4.0),
    ("adult-crisis-24-7-coverage", "2020/21", None, 4.0, None),
    ("ae-4-hour-performance", "2019/20", 0.875, None, None),
    ("mental-health-spend", "2023/24", 1234567.25, None, None),
    ("name-with-tab\tand-backslash\\", "2019/20", -0.5, None, None),  # COPY's escapes
]


def test_the_rows_written_are_the_rows_read(world):
    plan = Plan.objects.first()
    with transaction.atomic():
        version = PlanVersion.objects.create(
            plan=plan, number=99, kind="draft", document={}, sha256="0" * 64
        )
        write_values(version, iter(ROWS))
    found = PlanValue.objects.filter(version=version).order_by("metric", "period")
    assert [(v.metric, v.period, v.value, v.numerator, v.denominator) for v in found] == sorted(
        ROWS
    )


def test_no_rows_writes_nothing(world):
    plan = Plan.objects.first()
    version = PlanVersion.objects.create(
        plan=plan, number=99, kind="draft", document={}, sha256="0" * 64
    )
    write_values(version, iter([]))
    assert not PlanValue.objects.filter(version=version).exists()
