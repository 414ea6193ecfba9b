"""The pages bench_web.py loads ask the database a fixed handful of questions, whatever the
number of plans, systems or actuals (42 plans here): a question asked per plan, per region or
per row (an "N+1") fails here before it shows in the benchmark's figures. And what a server
keeps between requests is computed once: a plan's checks run once for the two stages a save
judges.

Each page is read just after a save of another plan (the worst case: the roll-up, the
monitoring summary and the dashboards read that plan again). The limits are the queries
counted in the views, written out in each row, with no margin (today each page asks exactly
that many): a new query is a decision to make here. Every signed-in page asks COMMON first.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection

from ltpif.web.planning import queries
from ltpif.web.planning.models import Membership, Plan
from tests.web.conftest import client_for, user_of

# the session, and the user with their footing (views/footing.py: the user's membership, the
# current round, the unread count, asked with the user)
COMMON = 2
COMMITMENT, METRIC = "adult-crisis-teams", "adult-crisis-24-7-coverage"
CHART = "ae-4-hour-performance"

# (page, who, url, the page's own queries beyond COMMON)
PAGES = [
    # plan (in the round COMMON's header asks for), moderations (maturity level) with the
    # footprint's boards (one question, for the checks and the coverage: the authorities;
    # their strategy items too when there are any, here none: planning/system_inputs.py),
    # extensions, whether there is a review and an ICS first-line assurance (one query: the
    # tabs shown once there is); the query decisions are asked only of a plan that answers a
    # query (here none)
    ("plan", "system_lead", "/plans/{system}/", 4),
    # plan, moderations with the boards, extensions, whether there is a review and an assurance
    ("commitment", "system_lead", f"/plans/{{system}}/commitments/{COMMITMENT}/", 4),
    # system, loads' fingerprint (the chart drawn is kept while it is unchanged: its series
    # and other metrics not read; CHART is not the pack's, so no plan has its trajectory)
    ("SPC chart", "system_lead", f"/monitoring/spc/{CHART}/{{system}}/", 2),
    # system, the system's working copy, its agreed operational plan, loads' fingerprint
    (
        "SPC chart of a planned metric",
        "system_lead",
        "/monitoring/spc/emergency-admissions/{system}/",
        4,
    ),
    # loads' fingerprint (the chart drawn is kept while it is unchanged)
    ("England's SPC chart", "national", f"/monitoring/spc/{CHART}/national/", 1),
    # systems with their regions, the loads' fingerprint with their count and how many are
    # synthetic (one aggregate: was two), the working copies' versions (the page's stamp,
    # and the plans read again after the save: the saved copy is parsed already, this process
    # saved it; another's is read from what that left: see below)
    ("monitoring summary", "national", "/monitoring/", 3),
    # region, plans (with each one's latest extension and submission ids: the extensions and
    # submissions themselves are read again only when those change, not after a save)
    ("region dashboard", "regional_lead", "/regions/{region}/", 2),
    # region, the working copies' versions (the roll-up's fingerprint and what it reads
    # again after the save: the saved copy is parsed already, this process saved it; another's
    # is read from what that left), the targeted funding awards of the region's systems (the money
    # beside the fair shares; its systems as the roll-up counts them, the pack's, not asked),
    # the approved footprint changes (the region totals by the footprint of each year)
    ("region roll-up", "regional_lead", "/rollup/regions/{region}/", 4),
    # plans (with each one's latest extension and submission ids, as the region's), regions
    ("national dashboard", "national", "/national/", 2),
    # the working copies' versions (the roll-up's fingerprint, and what it reads again after
    # the save), the funding awards, the approved footprint changes
    ("roll-up", "national", "/rollup/", 3),
    # plans, moderations
    ("national maturity", "national", "/maturity/", 2),
    # envelopes, their lines, applications
    ("national funding", "national", "/funding/", 3),
    # the email choice, the newest notifications, their count
    ("notifications", "system_lead", "/notifications/", 3),
]


def _form(html: str) -> dict:
    fields = dict(re.findall(rf'name="({METRIC}__(?:num|den)__[0-9/]+)"[^>]*value="([^"]*)"', html))
    fields["lock_version"] = re.search(r'name="lock_version" value="(\d+)"', html).group(1)
    return fields


def _save(member: Membership, token: int) -> None:
    """A trajectory save, as a lead makes it on the commitment page (bench_web's write)."""
    client = client_for(member)
    page = f"/plans/{member.system_id}/commitments/{COMMITMENT}/"
    form = {**_form(client.get(page).content.decode()), f"{METRIC}__num__2018/19": str(token)}
    answer = client.post(page + "trajectories/", form, headers={"HX-Request": "true"})
    assert answer.status_code == 200


@pytest.mark.parametrize(("name", "role", "url", "own"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_asks_a_fixed_handful_of_questions(
    world, django_assert_max_num_queries, name, role, url, own
):
    member = user_of(role)
    client = client_for(member)
    place = url.format(system=member.system_id, region=member.region_id)
    assert client.get(place).status_code == 200  # what is kept per process is kept
    _save(user_of("system_lead", 1), 100001)  # another plan changes
    with django_assert_max_num_queries(COMMON + own):
        assert client.get(place).status_code == 200


# the pages that read every plan's working copy
EVERY_PLAN = {"monitoring summary", "region roll-up", "roll-up", "national maturity"}


@pytest.mark.parametrize(
    ("name", "role", "url", "own"),
    [p for p in PAGES if p[0] in EVERY_PLAN],
    ids=sorted(EVERY_PLAN, key=[p[0] for p in PAGES].index),
)
def test_a_page_reads_a_plan_another_worker_saved_from_what_it_left(
    world, django_assert_max_num_queries, name, role, url, own
):
    member = user_of(role)
    client = client_for(member)
    place = url.format(system=member.system_id, region=member.region_id)
    assert client.get(place).status_code == 200
    saver = user_of("system_lead", 1)
    _save(saver, 100001)
    # as another worker would be: the saved version not parsed here, but left in the shared cache
    queries._parsed.pop(Plan.objects.get(system_id=saver.system_id).pk)
    with django_assert_max_num_queries(COMMON + own):  # the working copy is not fetched
        assert client.get(place).status_code == 200


@pytest.fixture
def check_runs(monkeypatch) -> list:
    """Each run of a plan's checks from here on (the arguments it ran with)."""
    runs: list = []
    real = queries.rule_issues
    monkeypatch.setattr(
        queries, "rule_issues", lambda *args, **kw: runs.append(args) or real(*args, **kw)
    )
    return runs


def _commitment_form(token: str):
    """The system lead's client, the commitment page's address and its form with `token`."""
    member = user_of("system_lead")
    client = client_for(member)
    page = f"/plans/{member.system_id}/commitments/{COMMITMENT}/"
    form = {**_form(client.get(page).content.decode()), f"{METRIC}__num__2018/19": token}
    return client, page, form


def test_a_save_asks_a_fixed_handful_of_questions(world, django_assert_max_num_queries):
    client, page, form = _commitment_form("100002")
    # COMMON (the unread count asked with the actor, though the answer is a partial, without
    # the header; the plan is found in the round it told), then: the plan, the moderations with
    # the footprint's boards (what the checks run with: the maturity level, the boards'
    # strategies; one question, for the save's checks and the partial's; the writer's
    # memberships too, read once for the access policy), the update and the audit event (one
    # statement on PostgreSQL: audited_update.py); the test database's savepoint and its
    # release around them. The plan is not read back (the save
    # was made against the version read: the row is that read with what the save wrote). The
    # partial asks nothing more (its system is the one read with the plan: a save cannot
    # change it; the deadline is the page header's)
    writes = 1 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(COMMON + 2 + writes + 2):
        answer = client.post(page + "trajectories/", form, headers={"HX-Request": "true"})
    assert answer.status_code == 200


def test_a_save_and_its_page_run_the_plans_checks_once(world, check_runs):
    runs = check_runs
    client, page, form = _commitment_form("100003")
    runs.clear()
    answer = client.post(page + "trajectories/", form, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    # the new version judged for the final plan (the dashboards' summary) and, on the page
    # the save answers with, for the next stage: one run of the checks for both
    assert len(runs) == 1


def test_a_save_against_a_version_saved_since_is_refused_before_the_checks_run(world, check_runs):
    runs = check_runs
    client, page, form = _commitment_form("100004")
    first = client.post(page + "trajectories/", form, headers={"HX-Request": "true"})
    assert first.status_code == 200
    runs.clear()
    stale = {**form, f"{METRIC}__num__2018/19": "100005"}  # the version the first save replaced
    answer = client.post(page + "trajectories/", stale, headers={"HX-Request": "true"})
    assert answer.status_code == 409 and "100004" in answer.content.decode()  # theirs, shown
    assert runs == []  # refused as the plan was read, not after judging it


def test_a_save_refused_as_the_plan_was_read_does_not_read_the_plan_again(
    world, django_assert_max_num_queries
):
    client, page, form = _commitment_form("100006")
    assert client.post(page + "trajectories/", form, headers={"HX-Request": "true"}).status_code
    stale = {**form, f"{METRIC}__num__2018/19": "100007"}
    # COMMON, then: the plan (read at the version saved since: no need to read it again), the
    # moderations with the footprint's boards (its page's checks), its last audit event with
    # its author (who saved it since, and when)
    with django_assert_max_num_queries(COMMON + 3):
        answer = client.post(page + "trajectories/", stale, headers={"HX-Request": "true"})
    assert answer.status_code == 409


def _trajectory(doc):
    """The document's trajectory of METRIC in COMMITMENT (the one the form edits)."""
    [trajectory] = [
        t for t in doc.commitment_plan(COMMITMENT)[1].trajectories if t.metric == METRIC
    ]
    return trajectory


def test_a_save_overtaken_after_the_plan_was_read_shows_what_was_saved_meanwhile(
    world, monkeypatch
):
    """Another save lands between this save reading the plan and writing it: refused, and the
    page shows their value (the plan read again), not the version this save read."""
    from ltpif.web.planning import actions

    client, page, form = _commitment_form("100010")
    member = user_of("system_lead")
    judged = actions.readiness_fields

    def overtaken(plan, doc):
        monkeypatch.setattr(actions, "readiness_fields", judged)  # they save once
        theirs = Plan.objects.get(pk=plan.pk)
        trajectory = _trajectory(queries.document(theirs))
        numerator = {**trajectory.numerator, "2018/19": 100011.0}
        actions.update_trajectories(
            plan=theirs,
            commitment=COMMITMENT,
            trajectories=[
                {
                    "metric": METRIC,
                    "numerator": numerator,
                    "denominator": dict(trajectory.denominator),
                }
            ],
            lock_version=theirs.lock_version,
            by=member.user,
        )
        return judged(plan, doc)

    monkeypatch.setattr(actions, "readiness_fields", overtaken)
    answer = client.post(page + "trajectories/", form, headers={"HX-Request": "true"})
    body = answer.content.decode()
    assert answer.status_code == 409
    assert "theirs 100011, yours 100010" in body
    # the form carries the version saved meanwhile: saving again means "use mine"
    mine = {**form, "lock_version": _form(body)["lock_version"]}
    again = client.post(page + "trajectories/", mine, headers={"HX-Request": "true"})
    assert again.status_code == 200
    saved = queries.document(Plan.objects.get(system_id=member.system_id))
    assert _trajectory(saved).numerator["2018/19"] == 100010


def test_a_submission_asks_a_fixed_handful_of_questions(world, django_assert_max_num_queries):
    member = next(
        m
        for m in Membership.objects.filter(role="system_lead").order_by("pk")
        if queries.assurance(Plan.objects.get(system_id=m.system_id)).readiness.ready
    )
    client = client_for(member)
    url = f"/plans/{member.system_id}/actions/submit_draft/"
    late = (
        {"late_reason": "Agreed with the region"}
        if "late_reason" in client.get(url).content.decode()
        else {}
    )
    # COMMON, the plan, the moderations with the boards (the checks' inputs), the extensions
    # (is it late?); then in its transaction (the test database's savepoint and its release):
    # the plan locked with its last version's number (its working copy not fetched: it is the
    # version read), the version, its values (~250: on SQLite two INSERTs, of at most 999
    # parameters each; on PostgreSQL one COPY, not counted), the plan's status with its audit
    # event (one statement on PostgreSQL: audited_update.py), the region's leads to tell with
    # their email choices (the system is the one read with the plan), the notification. The
    # plan is not read back (it is the row locked with what was written); the confirmation
    # page is not drawn (the submission redirects)
    writes = 5 if connection.vendor == "postgresql" else 8
    with django_assert_max_num_queries(COMMON + 3 + 2 + writes):
        answer = client.post(url, late)
    assert answer.status_code == 302
