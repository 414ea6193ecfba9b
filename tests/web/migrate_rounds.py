"""Run as a script (by test_rounds.py): a fresh data folder migrated to just before plans
belonged to rounds, three plans written then (two of the pack version whose round `round open`
had opened, one of an older version), then migrated to the latest. Prints one JSON line: each
plan's system, round, status and working copy, and the rounds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ltpif.web.boot import configure

BEFORE = [
    ("planning", "0002_deadlines_extensions_and_query_decisions"),
    ("organisations", "0001_initial"),
]


def main(data_dir: Path) -> None:
    configure(data_dir)
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    for app, name in BEFORE:
        call_command("migrate", app, name, interactive=False, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    region = old.get_model("planning", "Region").objects.create(code="R1", ods="Y1", name="North")
    systems = [
        old.get_model("planning", "System").objects.create(
            code=f"S{n}", ods=f"Q{n}", name=f"System {n}", region=region
        )
        for n in (1, 2, 3)
    ]
    old.get_model("organisations", "Round").objects.create(
        pack="ltpif-2019", pack_version="2019.1", calendar=[{"id": "draft"}]
    )
    plan = old.get_model("planning", "Plan")
    for system, version, status in (
        (systems[0], "2019.1", "agreed"),
        (systems[1], "2019.1", "drafting"),
        (systems[2], "2018.9", "published"),
    ):
        plan.objects.create(
            system=system,
            pack="ltpif-2019",
            pack_version=version,
            status=status,
            working={"system": system.code, "version": version},
        )
    call_command("migrate", interactive=False, verbosity=0)
    from ltpif.web.organisations.models import Round
    from ltpif.web.planning.models import Plan

    print(
        json.dumps(
            {
                "plans": [
                    [p.system_id, p.round.pack, p.round.pack_version, p.status, p.working]
                    for p in Plan.objects.select_related("round").order_by("system_id")
                ],
                "rounds": [
                    [r.pk, r.pack, r.pack_version, r.calendar] for r in Round.objects.order_by("pk")
                ],
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
