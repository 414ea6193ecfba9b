"""Test helpers for requests to the web app: a scene (a system lead, their regional lead, the
national team, a finished publication run) and every page by its URL name. A test module
imports the two fixtures, `hostile_world_fixture` and `scene_fixture`, to use `scene`."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from ltpif.web.funding.models import Application
from ltpif.web.landscape.models import FootprintNotice, LandscapeChange
from ltpif.web.organisations.models import Footprint, Organisation, Round
from ltpif.web.organisations.rounds import current_round
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.people.models import Invitation, Person
from ltpif.web.planning.models import Membership, Plan, Review, System
from ltpif.web.publishing.models import PublicationRun
from ltpif.web.uploads.models import ActualsUpload
from tests.packs import NEXT_PACK
from tests.web.conftest import client_for, load_world

AMBITION = "pcn-additional-roles-20000"
METRIC = "ae-4-hour-performance"


@pytest.fixture(scope="session", name="hostile_world")
def hostile_world_fixture(django_db_setup, django_db_blocker):
    """The web tests' world, loaded once (unless the web tests loaded it already)."""
    with django_db_blocker.unblock():
        if not Plan.objects.exists():
            load_world()


@dataclass
class Scene:
    system: str
    region: str
    run: int
    commitment: str
    person: int = 0  # a user the national team manages (the regional lead)
    token: str = ""  # an invitation link's token, unused and unexpired
    people: dict[str, Membership] = field(default_factory=dict)
    application: int = 0  # a targeted funding application of the system's
    round: int = 0  # the current round
    notice: int = 0  # a footprint change notice of the system's
    change: int = 0  # a landscape change (a merger) the system proposed
    priority: str = ""  # a local priority of the system's plan
    strategy_item: int = 0  # a priority of a board of the system's footprint
    carried: int = 0  # a round the current round's agreed plans were carried into
    # the pack the next round may be opened with: the test pack, installed by the `next_pack`
    # fixture (without it, its confirmation page is not found)
    pack: str = ""
    upload: int = 0  # an upload of actuals refused with a problem (issue 17)
    operational: str = ""  # a system of the region whose agreed plan has an operational plan

    def places(self) -> dict[str, str | int]:
        names = (
            "system",
            "region",
            "run",
            "commitment",
            "person",
            "token",
            "application",
            "round",
            "notice",
            "change",
            "priority",
            "strategy_item",
            "carried",
            "pack",
            "upload",
            "operational",
        )
        return {k: getattr(self, k) for k in names}

    def client(self, who: str) -> Client:
        return client_for(self.people[who])


def _invitation() -> str:
    """An observer invited, who has not set a password yet: their link's token."""
    user = get_user_model().objects.create_user("invited.observer@example.nhs.uk")
    Membership.objects.create(user=user, role="observer")
    token = "scene-invitation-token"
    Invitation.objects.create(
        user=user,
        sha256=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    return token


def _carried(system: str) -> Round:
    """A round opened beside the current one, not current, with a carry report of `system`'s
    agreed plan (what opening the next round in the web keeps: test_next_round.py)."""
    notes = [["dropped", "commitments[fax-machines]", "commitment fax-machines is not in it"]]
    return Round.objects.create(
        pack="ltpif-scene",
        pack_version="0.1",
        carried_from=current_round(),
        carry_report=[
            {
                "code": system,
                "name": "A system",
                "agreed": True,
                "draft": True,
                "kept": 1,
                "dropped": 0,
                "notes": notes,
            }
        ],
    )


def _operational_plan(region: str, besides: str) -> str:
    """Another system of the region, its plan agreed and its operational plan created (flat)."""
    from ltpif.web.operational.actions import create
    from ltpif.web.planning.actions import freeze

    lead = (
        Membership.objects.filter(role="system_lead", system__region_id=region)
        .exclude(system_id=besides)
        .order_by("system_id")
        .first()
    )
    plan = Plan.objects.get(system_id=lead.system_id)
    version = freeze(plan, "final", lead.user)
    Review.objects.create(
        plan=plan, version=version, reviewer=lead.user, decision="agreed", decided_at=timezone.now()
    )
    Plan.objects.filter(pk=plan.pk).update(status="agreed")
    plan.refresh_from_db()
    create(plan=plan, profile="flat", by=lead.user)
    return plan.system_id


@pytest.fixture(name="scene")
def scene_fixture(db, hostile_world, tmp_path, next_pack) -> Scene:
    """The scene, with the next round's test pack installed (the next-round pages offer it)."""
    return scene_in(tmp_path)


def scene_in(tmp_path) -> Scene:
    """Something at every place a URL names, in the loaded world: the first system lead's
    system and region, its plan's first commitment with a trajectory, a finished publication
    run (its files in `tmp_path`), a funding application, a person, an invitation."""
    lead = Membership.objects.filter(role="system_lead").order_by("system_id").first()
    (tmp_path / "index.html").write_text("<p>published</p>")
    run = PublicationRun.objects.create(status=PublicationRun.DONE, folder=str(tmp_path))
    application = Application.objects.create(
        system_id=lead.system_id,
        line="smoking-cessation-funding",
        applicant="system",
        amounts={"2020/21": "1"},
        requested=1,
        purpose="A stop-smoking service.",
        applied_by=lead.user,
    )
    regional = Membership.objects.get(role="regional_lead", region_id=lead.system.region_id)
    notice = FootprintNotice.objects.create(
        system_id=lead.system_id,
        receiving=System.objects.exclude(pk=lead.system_id).first(),
        reason="Patients flow to the neighbouring system.",
        evidence="Both governing bodies agreed.",
        submitted_by=lead.user,
        submitted_on=dt.date(2019, 7, 1),
        status=FootprintNotice.SUBMITTED,
    )
    # a board of the footprint whose partner is the system's, with a strategy priority
    board = Organisation.objects.create(type="local_authority", code="E06000094", name="Scene")
    Footprint.objects.create(organisation=board, system_id=lead.system_id)
    partner = Membership.objects.get(role="la_partner", system_id=lead.system_id)
    Person.objects.update_or_create(
        user=partner.user, defaults={"name": "Scene partner", "organisation_code": board.code}
    )
    item = StrategyItem.objects.create(
        authority=board.code,
        kind=StrategyItem.PRIORITY,
        ident="healthy-homes",
        title="Healthy homes",
        source="Scene joint health and wellbeing strategy",
        dated=dt.date(2019, 3, 27),
        recorded_by=partner.user,
    )
    now = timezone.now()
    upload = ActualsUpload.objects.create(
        file_name="actuals.csv",
        format="long",
        size=10,
        path="",
        status=ActualsUpload.FAILED,
        problems=[{"place": "actuals.csv:2: value", "message": "'x' is not a number"}],
        started_at=now,
        updated_at=now,
        finished_at=now,
    )
    change = LandscapeChange.objects.create(
        system_id=lead.system_id,
        kind="merger",
        successor_code="SCENE1",
        successor_name="A merged trust",
        intended=dt.date(2020, 4, 1),
        reason="Two trusts share one site.",
        submitted_by=lead.user,
        submitted_on=dt.date(2019, 7, 1),
        status=LandscapeChange.SUBMITTED,
        decision_due=dt.date(2019, 9, 29),
    )
    return Scene(
        strategy_item=item.pk,
        upload=upload.pk,
        operational=_operational_plan(lead.system.region_id, lead.system_id),
        change=change.pk,
        round=current_round().pk,
        carried=_carried(lead.system_id).pk,
        pack=NEXT_PACK,
        application=application.pk,
        notice=notice.pk,
        person=regional.user_id,
        token=_invitation(),
        system=lead.system_id,
        region=lead.system.region_id,
        run=run.pk,
        commitment=next(
            c["commitment"]
            for c in Plan.objects.get(system_id=lead.system_id).working["commitments"]
            if c["trajectories"]
        ),
        priority=Plan.objects.get(system_id=lead.system_id).working["local_priorities"][0]["id"],
        people={
            "lead": lead,
            "partner": Membership.objects.get(role="la_partner", system_id=lead.system_id),
            "regional": regional,
            "national": Membership.objects.get(role="national"),
        },
    )


# Every page, by its URL name, as the national team reaches it (a form page's POST too).
PAGES = {
    "home": "/",
    "region": "/regions/{region}/",
    "national": "/national/",
    "plan": "/plans/{system}/",
    "plan-commitments": "/plans/{system}/commitments/",
    "plan-commitment": "/plans/{system}/commitments/{commitment}/",
    "plan-trajectories": "/plans/{system}/commitments/{commitment}/trajectories/",
    "plan-commitment-details": "/plans/{system}/commitments/{commitment}/details/",
    "plan-milestones": "/plans/{system}/commitments/{commitment}/milestones/",
    "plan-part": "/plans/{system}/parts/finance/",
    "plan-local-priority-new": "/plans/{system}/local-priorities/new/",
    "plan-local-priority": "/plans/{system}/local-priorities/{priority}/",
    "plan-local-priority-remove": "/plans/{system}/local-priorities/{priority}/remove/",
    "plan-narrative": "/plans/{system}/narrative/",
    "plan-narrative-save": "/plans/{system}/narrative/save/",
    "plan-infrastructure": "/plans/{system}/infrastructure/",
    "plan-engagement": "/plans/{system}/engagement/",
    "plan-engagement-add": "/plans/{system}/engagement/add/",
    "plan-sign-off-add": "/plans/{system}/sign-offs/add/",
    "plan-sign-off-close": "/plans/{system}/sign-offs/0/close/",
    "plan-sign-off-ask": "/plans/{system}/sign-offs/ask/",
    "plan-operational-add": "/plans/{operational}/operational/add/",
    "plan-operational-metric": "/plans/{operational}/operational/metrics/emergency-admissions/",
    "plan-operational-step": "/plans/{operational}/operational/steps/submit/",
    "plan-operational-xlsx": "/plans/{operational}/operational/operational.xlsx",
    "plan-operational-workbook": "/plans/{operational}/operational/workbook/",
    "plan-maturity": "/plans/{system}/maturity/",
    "plan-maturity-save": "/plans/{system}/maturity/save/",
    "plan-maturity-moderate": "/plans/{system}/maturity/moderate/",
    "maturity": "/maturity/",
    "maturity-csv": "/maturity/levels.csv",
    "plan-funding": "/plans/{system}/funding/",
    "plan-funding-apply": "/plans/{system}/funding/apply/",
    "funding": "/funding/",
    "funding-envelope-set": "/funding/envelopes/smoking-cessation-funding/",
    "funding-application": "/funding/applications/{application}/",
    "plan-feasibility": "/plans/{system}/feasibility/",
    "plan-feasibility-csv": "/plans/{system}/feasibility/waiting-list.csv",
    "plan-feasibility-what-if": "/plans/{system}/feasibility/what-if/",
    "plan-feasibility-chart-csv": "/plans/{system}/feasibility/projection.csv",
    "plan-operational": "/plans/{operational}/operational/",
    "plan-operational-csv": "/plans/{system}/operational/operational.csv",
    "plan-versions": "/plans/{system}/versions/",
    "plan-workbook": "/plans/{system}/workbook/",
    "plan-audit": "/plans/{system}/audit/",
    "plan-review": "/plans/{system}/review/",
    "plan-transition": "/plans/{system}/actions/submit_draft/",
    "plan-extension": "/plans/{system}/extension/",
    "plan-query-answer-save": "/plans/{system}/queries/answer/",
    "plan-query-decision-save": "/plans/{system}/queries/decision/",
    "monitoring": "/monitoring/",
    "monitoring-loads": "/monitoring/loads/",
    "monitoring-spc": f"/monitoring/spc/{METRIC}/national/",
    "monitoring-spc-csv": f"/monitoring/spc/{METRIC}/national/data.csv",
    "monitoring-inequalities": f"/monitoring/inequalities/{METRIC}/national/",
    "monitoring-funnel": f"/monitoring/funnel/{METRIC}/",
    "monitoring-funnel-csv": f"/monitoring/funnel/{METRIC}/data.csv",
    "monitoring-upload": "/monitoring/upload/",
    "monitoring-upload-run": "/monitoring/upload/{upload}/",
    "monitoring-upload-status": "/monitoring/upload/{upload}/status/",
    "rollup": "/rollup/",
    "rollup-csv": "/rollup/ambitions.csv",
    "what-if": "/rollup/what-if/",
    "rollup-ambition": f"/rollup/ambitions/{AMBITION}/",
    "rollup-chart": f"/rollup/ambitions/{AMBITION}/trajectory.csv",
    "rollup-region": "/rollup/regions/{region}/",
    "rollup-region-csv": "/rollup/regions/{region}/ambitions.csv",
    "rollup-feasibility": "/rollup/feasibility/",
    "rollup-region-feasibility": "/rollup/regions/{region}/feasibility/",
    "rollup-region-ambition": f"/rollup/regions/{{region}}/ambitions/{AMBITION}/",
    "rollup-region-chart": f"/rollup/regions/{{region}}/ambitions/{AMBITION}/trajectory.csv",
    "publish": "/publish/",
    "publish-confirm": "/publish/confirm/",
    "publish-run": "/publish/{run}/",
    "publish-run-status": "/publish/{run}/status/",
    "publish-file": "/publish/{run}/files/index.html",
    "people": "/people/",
    "people-invite": "/people/invite/",
    "people-person": "/people/{person}/",
    "people-deactivate": "/people/{person}/deactivate/",
    "people-resend": "/people/{person}/resend/",
    "invitation": "/invitations/{token}/",
    "notifications": "/notifications/",
    "notifications-read": "/notifications/read/",
    "notifications-email": "/notifications/email/",
    "system-organisations": "/systems/{system}/organisations/",
    "rounds": "/rounds/",
    "round-plans": "/rounds/{round}/",
    "round-plan": "/rounds/{round}/plans/{system}/",
    "next-round": "/rounds/next/",
    "confirm-next-round": "/rounds/next/{pack}/",
    "round-carried": "/rounds/{carried}/carried/",
    "round-carried-csv": "/rounds/{carried}/carried/{system}.csv",
    "system-footprint-notices": "/systems/{system}/footprint-notices/",
    "footprint-notice": "/footprint-notices/{notice}/",
    "footprints": "/footprints/",
    "system-partnership": "/systems/{system}/partnership/",
    "system-partnership-item": "/systems/{system}/partnership/items/{strategy_item}/",
    "plan-strategy-links": "/plans/{system}/strategy-links/",
    "plan-strategy-links-remove": "/plans/{system}/strategy-links/0/remove/",
    "system-landscape-changes": "/systems/{system}/landscape-changes/",
    "landscape-change": "/landscape-changes/{change}/",
    "plan-ics-assurance": "/plans/{system}/ics-assurance/",
}
POST_ONLY = {
    name
    for name in PAGES
    if name.endswith(
        ("-save", "-add", "-details", "-trajectories", "-moderate", "-apply", "-set", "-remove")
    )
} | {
    "people-resend",
    "plan-sign-off-close",
    "plan-sign-off-ask",
    "plan-operational-step",
    "plan-operational-workbook",
    "notifications-read",
    "notifications-email",
}
