"""bench_web.py's look into the database, run with the server's environment:

- `accounts`: a signed-in session for every lead, one `role username:place:session` a line
  (system leads whose plan may be submitted as `ready_to_submit`);
- `check RECORD`: the database against what the Locust users were told (locust_ltpif.py's
  record): prints the counts and one `lost update:` line per problem.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ltpif.web.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from ltpif.web.planning.models import AuditEvent, Membership, Plan  # noqa: E402
from ltpif.web.planning.queries import assurance  # noqa: E402

COMMITMENT, METRIC, YEAR = "adult-crisis-teams", "adult-crisis-24-7-coverage", "2018/19"
ROLES = ("system_lead", "regional_lead", "national", "observer")


# the backend login() names: the one that checks passwords (axes only counts failures)
SIGNS_IN = next(b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes."))


def session_of(user) -> str:
    """What django.contrib.auth.login stores, without hashing the password 20 times at once."""
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = SIGNS_IN
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def accounts() -> None:
    plans = {plan.system_id: plan for plan in Plan.objects.all()}
    for m in Membership.objects.select_related("user").order_by("user__username"):
        if m.role not in ROLES:
            continue
        role = m.role
        if m.system_id and assurance(plans[m.system_id]).readiness.ready:
            role = "ready_to_submit"
        print(role, f"{m.user.username}:{m.system_id or m.region_id}:{session_of(m.user)}")


def token(trajectories: list[dict] | None) -> int | None:
    """The first year's numerator, where each save writes a token of its own."""
    found = [t for t in trajectories or [] if t["metric"] == METRIC]
    return int(found[0]["numerator"][YEAR]) if found else None


def check_plan(code: str, done: list[dict], refused: set[int]) -> list[str]:
    plan = Plan.objects.get(system_id=code)
    problems = []
    made = [s["made"] for s in done]
    if len(set(made)) != len(made):
        problems.append("two saves succeeded making the same version")
    events = AuditEvent.objects.filter(plan=plan, action="update_trajectories").order_by("id")
    audited = [token(e.after) for e in events]
    missing = {s["token"] for s in done} - set(audited)
    if missing or len(audited) != len(done):
        problems.append(f"{len(done)} saves succeeded, {len(audited)} audited, missing {missing}")
    if refused & set(audited):
        problems.append(f"saves refused as conflicts were written: {refused & set(audited)}")
    commitment = next(c for c in plan.working["commitments"] if c["commitment"] == COMMITMENT)
    last = max(done, key=lambda s: s["made"])
    held = (plan.lock_version, token(commitment["trajectories"]))
    if held != (last["made"], last["token"]) or audited[-1] != last["token"]:
        problems.append(f"holds (version, token) {held}, the last success was {last}")
    return [f"{code}: {problem}" for problem in problems]


def check(record_path: str) -> None:
    with open(record_path) as file:
        record = json.load(file)
    saves, refused = defaultdict(list), defaultdict(set)
    for save in record["saves"]:
        saves[save["plan"]].append(save)
    for conflict in record["conflicts"]:
        refused[conflict["plan"]].add(conflict["token"])
    lost = [
        p for code, done in sorted(saves.items()) for p in check_plan(code, done, refused[code])
    ]
    submitted = Plan.objects.filter(system_id__in=record["submits"], status="draft_submitted")
    lost += [
        f"{code}: submitted, but not in the database"
        for code in set(record["submits"]) - {p.system_id for p in submitted}
    ]
    print(
        f"saves: {len(record['saves'])} succeeded on {len(saves)} plans,"
        f" {len(record['conflicts'])} refused as conflicts; submits: {len(record['submits'])}"
    )
    for problem in lost:
        print(f"  lost update: {problem}")
    print(f"lost updates: {len(lost) or 'none'}")


if __name__ == "__main__":
    if sys.argv[1] == "accounts":
        accounts()
    else:
        check(sys.argv[2])
