"""Run as a script (by test_concurrent_submits.py): a fresh SQLite data folder, the demo
plans and users, then every compliant system's lead submits its draft from two threads at
once. Prints one JSON line: for each system, the two answers' status codes and how many
versions its plan then has."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ltpif.web.boot import configure, migrate
from tests.web.race import post_at_once


def main(data_dir: Path) -> None:
    configure(data_dir)
    migrate()
    from ltpif.demo.plans import demo_assignments, demo_plans
    from ltpif.framework.loader import load_pack
    from ltpif.web.planning.models import Membership, PlanVersion
    from ltpif.web.planning.setup import create_demo_users, load_geography, load_plan

    pack = load_pack()
    compliant = sorted(code for code, failings in demo_assignments(pack).items() if not failings)
    load_geography(pack)
    for system, _, doc in demo_plans(pack):
        if system.code in compliant:
            load_plan(pack, doc)
    create_demo_users(pack, "concurrent-submits")
    answers: dict[str, dict] = {}
    for code in compliant:
        user = Membership.objects.get(role="system_lead", system_id=code).user
        statuses = post_at_once([(user, f"/plans/{code}/actions/submit_draft/", {})] * 2)
        versions = PlanVersion.objects.filter(plan__system_id=code).count()
        answers[code] = {"statuses": statuses, "versions": versions}
    print(json.dumps(answers))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
