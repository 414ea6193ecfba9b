"""Run as a script (by test_concurrent_awards.py): a fresh SQLite data folder, two systems of
one region with their leads and the region's lead, then round after round two applications
(each for £6m) decided at the same moment from two threads — the regional lead and the
national team — against a £10m envelope. Prints one JSON line: for each round, the two answers'
status codes, the envelope's awarded total and how many applications were awarded."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from ltpif.web.boot import configure, migrate
from tests.web.race import post_at_once

LINE = "smoking-cessation-funding"
ROUNDS = 8


def main(data_dir: Path) -> None:
    configure(data_dir)
    migrate()
    from ltpif.demo.plans import demo_plans
    from ltpif.framework.loader import load_pack
    from ltpif.web.funding.models import Application, Envelope
    from ltpif.web.planning.models import Membership
    from ltpif.web.planning.setup import create_demo_users, load_geography, load_plan

    pack = load_pack()
    load_geography(pack)
    region = pack.geography.system[0].region
    systems = [s.code for s in pack.geography.system if s.region == region][:2]
    for system, _, doc in demo_plans(pack):
        if system.code in systems:
            load_plan(pack, doc)
    create_demo_users(pack, "concurrent-awards")
    deciders = [
        Membership.objects.filter(role="regional_lead", region__code=region).first().user,
        Membership.objects.filter(role="national").first().user,
    ]
    lead = Membership.objects.filter(role="system_lead", system_id=systems[0]).first().user
    answers = []
    for _ in range(ROUNDS):
        Envelope.objects.update_or_create(
            line=LINE, defaults={"amount": Decimal(10), "awarded": Decimal(0)}
        )
        applications = [
            Application.objects.create(
                system_id=code,
                line=LINE,
                applicant="system",
                amounts={"2020/21": "6"},
                requested=Decimal(6),
                purpose="Racing for the last of an envelope.",
                applied_by=lead,
            )
            for code in systems
        ]
        statuses = post_at_once(
            [
                (user, f"/funding/applications/{application.pk}/", {"award": "6"})
                for user, application in zip(deciders, applications, strict=True)
            ]
        )
        envelope = Envelope.objects.get(line=LINE)
        awarded = Application.objects.filter(
            pk__in=[a.pk for a in applications], status="full"
        ).count()
        answers.append({"statuses": statuses, "awarded": str(envelope.awarded), "awards": awarded})
    print(json.dumps(answers))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
