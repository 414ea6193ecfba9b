"""The access policy as a matrix: role × action × own / same region / other system."""

from __future__ import annotations

import pytest

from ltpif.plans.access import Action, Actor, Target, can, manageable_roles, may_manage
from ltpif.plans.workflow import TRANSITIONS, Role

OWN = Target("E54000007", "E40000010")
SAME_REGION = Target("E54000008", "E40000010")
OTHER = Target("E54000029", "E40000003")


def actor(role: Role) -> Actor:
    if role in (Role.SYSTEM_LEAD, Role.LA_PARTNER, Role.ICS_ASSURANCE):
        return Actor(role, system="E54000007", region=None)
    if role == Role.REGIONAL_LEAD:
        return Actor(role, system=None, region="E40000010")
    return Actor(role)


Y, N = True, False
# Every role × every action (the Actions and the workflow's transitions), worked out by hand
# from the policy: (own system, another system in the region, a system elsewhere).
MATRIX = {
    Role.SYSTEM_LEAD: {
        Action.VIEW_PLAN: (Y, N, N),
        Action.EDIT_PLAN: (Y, N, N),
        Action.RECORD_ENGAGEMENT: (Y, N, N),
        Action.SIGN_OFF: (N, N, N),
        Action.REVIEW: (N, N, N),
        Action.VIEW_REGION: (N, N, N),
        Action.VIEW_NATIONAL: (N, N, N),
        Action.VIEW_MONITORING: (Y, N, N),
        Action.WHAT_IF: (Y, N, N),
        Action.PUBLISH_NATIONAL_PLAN: (N, N, N),
        Action.ADD_ORGANISATION: (N, N, N),
        Action.GRANT_EXTENSION: (N, N, N),
        Action.MODERATE_MATURITY: (N, N, N),
        Action.APPLY_FUNDING: (Y, N, N),
        Action.DECIDE_FUNDING: (N, N, N),
        Action.SET_ENVELOPE: (N, N, N),
        Action.NOTIFY_FOOTPRINT: (Y, N, N),
        Action.AGREE_FOOTPRINT: (N, N, N),
        Action.DECIDE_FOOTPRINT: (N, N, N),
        Action.RECORD_STRATEGY: (N, N, N),
        Action.OPEN_ROUND: (N, N, N),
        Action.LOAD_ACTUALS: (N, N, N),
        Action.PROPOSE_LANDSCAPE_CHANGE: (Y, N, N),
        Action.DECIDE_LANDSCAPE_CHANGE: (N, N, N),
        Action.RECORD_ICS_ASSURANCE: (N, N, N),
        "submit_draft": (Y, N, N),
        "start_review": (N, N, N),
        "request_changes": (N, N, N),
        "submit_final": (Y, N, N),
        "agree": (N, N, N),
        "publish": (N, N, N),
    },
    Role.LA_PARTNER: {
        Action.VIEW_PLAN: (Y, N, N),
        Action.EDIT_PLAN: (N, N, N),
        Action.RECORD_ENGAGEMENT: (Y, N, N),
        Action.SIGN_OFF: (Y, N, N),
        Action.REVIEW: (N, N, N),
        Action.VIEW_REGION: (N, N, N),
        Action.VIEW_NATIONAL: (N, N, N),
        Action.VIEW_MONITORING: (Y, N, N),
        Action.WHAT_IF: (N, N, N),
        Action.PUBLISH_NATIONAL_PLAN: (N, N, N),
        Action.ADD_ORGANISATION: (N, N, N),
        Action.GRANT_EXTENSION: (N, N, N),
        Action.MODERATE_MATURITY: (N, N, N),
        Action.APPLY_FUNDING: (N, N, N),
        Action.DECIDE_FUNDING: (N, N, N),
        Action.SET_ENVELOPE: (N, N, N),
        Action.NOTIFY_FOOTPRINT: (N, N, N),
        Action.AGREE_FOOTPRINT: (N, N, N),
        Action.DECIDE_FOOTPRINT: (N, N, N),
        Action.RECORD_STRATEGY: (Y, N, N),
        Action.OPEN_ROUND: (N, N, N),
        Action.LOAD_ACTUALS: (N, N, N),
        Action.PROPOSE_LANDSCAPE_CHANGE: (N, N, N),
        Action.DECIDE_LANDSCAPE_CHANGE: (N, N, N),
        Action.RECORD_ICS_ASSURANCE: (N, N, N),
        "submit_draft": (N, N, N),
        "start_review": (N, N, N),
        "request_changes": (N, N, N),
        "submit_final": (N, N, N),
        "agree": (N, N, N),
        "publish": (N, N, N),
    },
    Role.REGIONAL_LEAD: {
        Action.VIEW_PLAN: (Y, Y, N),
        Action.EDIT_PLAN: (N, N, N),
        Action.RECORD_ENGAGEMENT: (N, N, N),
        Action.SIGN_OFF: (N, N, N),
        Action.REVIEW: (Y, Y, N),
        Action.VIEW_REGION: (Y, Y, N),
        Action.VIEW_NATIONAL: (N, N, N),
        Action.VIEW_MONITORING: (Y, Y, N),
        Action.WHAT_IF: (Y, Y, N),
        Action.PUBLISH_NATIONAL_PLAN: (N, N, N),
        Action.ADD_ORGANISATION: (Y, Y, N),
        Action.GRANT_EXTENSION: (Y, Y, N),
        Action.MODERATE_MATURITY: (Y, Y, N),
        Action.APPLY_FUNDING: (N, N, N),
        Action.DECIDE_FUNDING: (Y, Y, N),
        Action.SET_ENVELOPE: (N, N, N),
        Action.NOTIFY_FOOTPRINT: (N, N, N),
        Action.AGREE_FOOTPRINT: (Y, Y, N),
        Action.DECIDE_FOOTPRINT: (Y, Y, N),
        Action.RECORD_STRATEGY: (N, N, N),
        Action.OPEN_ROUND: (N, N, N),
        Action.LOAD_ACTUALS: (N, N, N),
        Action.PROPOSE_LANDSCAPE_CHANGE: (N, N, N),
        Action.DECIDE_LANDSCAPE_CHANGE: (Y, Y, N),
        Action.RECORD_ICS_ASSURANCE: (N, N, N),
        "submit_draft": (N, N, N),
        "start_review": (Y, Y, N),
        "request_changes": (Y, Y, N),
        "submit_final": (N, N, N),
        "agree": (Y, Y, N),
        "publish": (N, N, N),
    },
    Role.NATIONAL: {
        Action.VIEW_PLAN: (Y, Y, Y),
        Action.EDIT_PLAN: (N, N, N),
        Action.RECORD_ENGAGEMENT: (N, N, N),
        Action.SIGN_OFF: (N, N, N),
        Action.REVIEW: (N, N, N),
        Action.VIEW_REGION: (Y, Y, Y),
        Action.VIEW_NATIONAL: (Y, Y, Y),
        Action.VIEW_MONITORING: (Y, Y, Y),
        Action.WHAT_IF: (Y, Y, Y),
        Action.PUBLISH_NATIONAL_PLAN: (Y, Y, Y),
        Action.ADD_ORGANISATION: (Y, Y, Y),
        Action.GRANT_EXTENSION: (N, N, N),
        Action.MODERATE_MATURITY: (Y, Y, Y),
        Action.APPLY_FUNDING: (N, N, N),
        Action.DECIDE_FUNDING: (Y, Y, Y),
        Action.SET_ENVELOPE: (Y, Y, Y),
        Action.NOTIFY_FOOTPRINT: (N, N, N),
        Action.AGREE_FOOTPRINT: (N, N, N),
        Action.DECIDE_FOOTPRINT: (N, N, N),
        Action.RECORD_STRATEGY: (N, N, N),
        Action.OPEN_ROUND: (Y, Y, Y),
        Action.LOAD_ACTUALS: (Y, Y, Y),
        Action.PROPOSE_LANDSCAPE_CHANGE: (N, N, N),
        Action.DECIDE_LANDSCAPE_CHANGE: (N, N, N),
        Action.RECORD_ICS_ASSURANCE: (N, N, N),
        "submit_draft": (N, N, N),
        "start_review": (N, N, N),
        "request_changes": (N, N, N),
        "submit_final": (N, N, N),
        "agree": (N, N, N),
        "publish": (Y, Y, Y),
    },
    Role.OBSERVER: {
        Action.VIEW_PLAN: (Y, Y, Y),
        Action.EDIT_PLAN: (N, N, N),
        Action.RECORD_ENGAGEMENT: (N, N, N),
        Action.SIGN_OFF: (N, N, N),
        Action.REVIEW: (N, N, N),
        Action.VIEW_REGION: (Y, Y, Y),
        Action.VIEW_NATIONAL: (Y, Y, Y),
        Action.VIEW_MONITORING: (Y, Y, Y),
        Action.WHAT_IF: (N, N, N),
        Action.PUBLISH_NATIONAL_PLAN: (N, N, N),
        Action.ADD_ORGANISATION: (N, N, N),
        Action.GRANT_EXTENSION: (N, N, N),
        Action.MODERATE_MATURITY: (N, N, N),
        Action.APPLY_FUNDING: (N, N, N),
        Action.DECIDE_FUNDING: (N, N, N),
        Action.SET_ENVELOPE: (N, N, N),
        Action.NOTIFY_FOOTPRINT: (N, N, N),
        Action.AGREE_FOOTPRINT: (N, N, N),
        Action.DECIDE_FOOTPRINT: (N, N, N),
        Action.RECORD_STRATEGY: (N, N, N),
        Action.OPEN_ROUND: (N, N, N),
        Action.LOAD_ACTUALS: (N, N, N),
        Action.PROPOSE_LANDSCAPE_CHANGE: (N, N, N),
        Action.DECIDE_LANDSCAPE_CHANGE: (N, N, N),
        Action.RECORD_ICS_ASSURANCE: (N, N, N),
        "submit_draft": (N, N, N),
        "start_review": (N, N, N),
        "request_changes": (N, N, N),
        "submit_final": (N, N, N),
        "agree": (N, N, N),
        "publish": (N, N, N),
    },
    Role.ICS_ASSURANCE: {
        Action.VIEW_PLAN: (Y, N, N),
        Action.EDIT_PLAN: (N, N, N),
        Action.RECORD_ENGAGEMENT: (N, N, N),
        Action.SIGN_OFF: (N, N, N),
        Action.REVIEW: (N, N, N),
        Action.VIEW_REGION: (N, N, N),
        Action.VIEW_NATIONAL: (N, N, N),
        Action.VIEW_MONITORING: (Y, N, N),
        Action.WHAT_IF: (N, N, N),
        Action.PUBLISH_NATIONAL_PLAN: (N, N, N),
        Action.ADD_ORGANISATION: (N, N, N),
        Action.GRANT_EXTENSION: (N, N, N),
        Action.MODERATE_MATURITY: (N, N, N),
        Action.APPLY_FUNDING: (N, N, N),
        Action.DECIDE_FUNDING: (N, N, N),
        Action.SET_ENVELOPE: (N, N, N),
        Action.NOTIFY_FOOTPRINT: (N, N, N),
        Action.AGREE_FOOTPRINT: (N, N, N),
        Action.DECIDE_FOOTPRINT: (N, N, N),
        Action.PROPOSE_LANDSCAPE_CHANGE: (N, N, N),
        Action.DECIDE_LANDSCAPE_CHANGE: (N, N, N),
        # its own system's first-line assurance only (the web checks the freedom is earned)
        Action.RECORD_ICS_ASSURANCE: (Y, N, N),
        Action.RECORD_STRATEGY: (N, N, N),
        Action.OPEN_ROUND: (N, N, N),
        Action.LOAD_ACTUALS: (N, N, N),
        "submit_draft": (N, N, N),
        "start_review": (N, N, N),
        "request_changes": (N, N, N),
        "submit_final": (N, N, N),
        "agree": (N, N, N),
        "publish": (N, N, N),
    },
}
CASES = [
    (role, action, target, expected)
    for role, actions in MATRIX.items()
    for action, answers in actions.items()
    for target, expected in zip((OWN, SAME_REGION, OTHER), answers, strict=True)
]


def test_the_matrix_states_every_role_and_every_action():
    """A new Role, Action or transition fails here until its row is written."""
    assert set(MATRIX) == set(Role)
    every_action = {*Action, *TRANSITIONS}
    assert len(every_action) == len(Action) + len(TRANSITIONS)  # no transition named as an Action
    for role, actions in MATRIX.items():
        assert set(actions) == every_action, role


@pytest.mark.parametrize(("role", "action", "target", "expected"), CASES)
def test_policy(role, action, target, expected):
    assert can(actor(role), action, target) is expected


@pytest.mark.parametrize(
    ("role", "region", "expected"),
    [
        (Role.REGIONAL_LEAD, "E40000010", True),
        (Role.REGIONAL_LEAD, "E40000003", False),
        (Role.NATIONAL, "E40000003", True),
        (Role.OBSERVER, "E40000003", True),
        (Role.SYSTEM_LEAD, "E40000010", False),
        (Role.LA_PARTNER, "E40000010", False),
    ],
)
def test_region_dashboard(role, region, expected):
    assert can(actor(role), Action.VIEW_REGION, Target(None, region)) is expected


@pytest.mark.parametrize("role", list(Role))
def test_national_dashboard(role):
    expected = role in (Role.NATIONAL, Role.OBSERVER)
    assert can(actor(role), Action.VIEW_NATIONAL, Target(None, None)) is expected


@pytest.mark.parametrize("role", list(Role))
def test_only_the_national_team_publishes_the_national_plan(role):
    expected = role == Role.NATIONAL
    assert can(actor(role), Action.PUBLISH_NATIONAL_PLAN, Target(None, None)) is expected


def test_publishing_the_national_plan_is_not_the_plan_transition():
    assert Action.PUBLISH_NATIONAL_PLAN.value not in TRANSITIONS


@pytest.mark.parametrize("role", list(Role))
def test_englands_monitoring(role):
    """England's charts and the funnel plots (every system side by side)."""
    expected = role in (Role.NATIONAL, Role.OBSERVER)
    assert can(actor(role), Action.VIEW_MONITORING, Target(None, None)) is expected


def test_a_lead_without_a_system_sees_nothing():
    assert not can(Actor(Role.SYSTEM_LEAD), Action.VIEW_PLAN, OWN)


# Who manages whose account, by hand: (actor, the person's role, their place, allowed?).
# S1, S2 are systems of region R1; S3 is a system of region R2.
NAT = Actor(Role.NATIONAL)
REG = Actor(Role.REGIONAL_LEAD, region="R1")
LEAD = Actor(Role.SYSTEM_LEAD, system="S1")
PARTNER = Actor(Role.LA_PARTNER, system="S1")
OBS = Actor(Role.OBSERVER)
NOWHERE, IN_R1, IN_R2 = Target(None, None), Target(None, "R1"), Target(None, "R2")
S1, S2, S3 = Target("S1", "R1"), Target("S2", "R1"), Target("S3", "R2")
MANAGING = [
    (NAT, Role.REGIONAL_LEAD, IN_R1, True),
    (NAT, Role.REGIONAL_LEAD, IN_R2, True),
    (NAT, Role.NATIONAL, NOWHERE, True),
    (NAT, Role.OBSERVER, NOWHERE, True),
    (NAT, Role.SYSTEM_LEAD, S1, False),
    (NAT, Role.LA_PARTNER, S1, False),
    (REG, Role.SYSTEM_LEAD, S1, True),
    (REG, Role.SYSTEM_LEAD, S2, True),
    (REG, Role.LA_PARTNER, S2, True),
    (REG, Role.SYSTEM_LEAD, S3, False),
    (REG, Role.LA_PARTNER, S3, False),
    (REG, Role.REGIONAL_LEAD, IN_R1, False),
    (REG, Role.NATIONAL, NOWHERE, False),
    (LEAD, Role.LA_PARTNER, S1, True),
    (LEAD, Role.LA_PARTNER, S2, False),
    (LEAD, Role.SYSTEM_LEAD, S1, False),
    (LEAD, Role.REGIONAL_LEAD, IN_R1, False),
    (PARTNER, Role.LA_PARTNER, S1, False),
    (OBS, Role.OBSERVER, NOWHERE, False),
    (OBS, Role.LA_PARTNER, S1, False),
    # the ICS assurance role: the region's lead and the system's lead give it, in their place
    (REG, Role.ICS_ASSURANCE, S1, True),
    (REG, Role.ICS_ASSURANCE, S3, False),
    (LEAD, Role.ICS_ASSURANCE, S1, True),
    (LEAD, Role.ICS_ASSURANCE, S2, False),
    (NAT, Role.ICS_ASSURANCE, S1, False),
    (PARTNER, Role.ICS_ASSURANCE, S1, False),
    (Actor(Role.ICS_ASSURANCE, system="S1"), Role.ICS_ASSURANCE, S1, False),
    (Actor(Role.REGIONAL_LEAD), Role.SYSTEM_LEAD, Target("S1", None), False),
    (Actor(Role.SYSTEM_LEAD), Role.LA_PARTNER, Target(None, None), False),
]


@pytest.mark.parametrize(("actor", "role", "place", "allowed"), MANAGING)
def test_who_manages_whom(actor, role, place, allowed):
    assert may_manage(actor, role, place) is allowed


def test_the_roles_each_may_give():
    assert manageable_roles(NAT) == [Role.REGIONAL_LEAD, Role.NATIONAL, Role.OBSERVER]
    assert manageable_roles(REG) == [Role.SYSTEM_LEAD, Role.LA_PARTNER, Role.ICS_ASSURANCE]
    assert manageable_roles(LEAD) == [Role.LA_PARTNER, Role.ICS_ASSURANCE]
    assert manageable_roles(PARTNER) == manageable_roles(OBS) == []
