"""Who may do what to which system's plan: one pure policy, tested as a matrix.

Pages and API calls ask `can(actor, action, system)` before they read or write anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ltpif.plans.workflow import TRANSITIONS, Role


class Action(StrEnum):
    VIEW_PLAN = "view_plan"
    EDIT_PLAN = "edit_plan"
    RECORD_ENGAGEMENT = "record_engagement"
    SIGN_OFF = "sign_off"
    REVIEW = "review"
    VIEW_REGION = "view_region"
    VIEW_NATIONAL = "view_national"
    # a system's actuals and SPC charts, seen as its plan is; Target(None, None) is England
    VIEW_MONITORING = "view_monitoring"
    # try another trajectory for a system and see the national gap; nothing is saved
    WHAT_IF = "what_if"
    # build the national implementation plan from every plan (not the plan transition "publish")
    PUBLISH_NATIONAL_PLAN = "publish_national_plan"
    # add an organisation of a type with no public list to a system's footprint
    ADD_ORGANISATION = "add_organisation"
    # move one plan's deadline for a submission to a later date, with a reason
    GRANT_EXTENSION = "grant_extension"
    # agree or set the level of a system's ICS maturity self-assessment (issue 16)
    MODERATE_MATURITY = "moderate_maturity"
    # apply for a targeted funding line for a system; decide an application; set an envelope
    APPLY_FUNDING = "apply_funding"
    DECIDE_FUNDING = "decide_funding"
    SET_ENVELOPE = "set_envelope"
    # notify a change of the system's footprint; agree to one touching the actor's region (as
    # another region); decide one of the region's systems (issue 16 item 3)
    NOTIFY_FOOTPRINT = "notify_footprint"
    AGREE_FOOTPRINT = "agree_footprint"
    DECIDE_FOOTPRINT = "decide_footprint"
    # record the joint health and wellbeing strategy's priorities and the JSNA's findings of
    # the partner's own board (issue 15 item 4); the web checks the board is the partner's
    RECORD_STRATEGY = "record_strategy"
    # open the next planning round from the current one, carrying the agreed plans into it
    OPEN_ROUND = "open_round"
    # load a file of actuals from the web (issue 17 item 4): the national team's analysts
    LOAD_ACTUALS = "load_actuals"
    # propose a merger, new structure or shared decision making arrangement for the system;
    # assess one of the region's systems on the checklist and decide it (issue 16 item 4). A
    # region whose organisations a proposal names agrees to it as to a footprint change.
    PROPOSE_LANDSCAPE_CHANGE = "propose_landscape_change"
    DECIDE_LANDSCAPE_CHANGE = "decide_landscape_change"
    # record the ICS's first-line assurance of its own plan, a judgement per review area,
    # before the region's review (a growing assurance role, issue 16 item 2a); the system
    # must have earned the freedom (checked by the web, which knows the moderated level)
    RECORD_ICS_ASSURANCE = "record_ics_assurance"


@dataclass(frozen=True)
class Actor:
    role: Role
    system: str | None = None  # the system code, for system leads and local partners
    region: str | None = None  # the region code, for regional leads


@dataclass(frozen=True)
class Target:
    system: str | None  # None for region- or nation-wide actions
    region: str | None


def _sees(actor: Actor, target: Target) -> bool:
    """Whose plans an actor may read: their own system's, their region's, or all."""
    if actor.role in (Role.NATIONAL, Role.OBSERVER):
        return True
    if actor.role == Role.REGIONAL_LEAD:
        return actor.region is not None and actor.region == target.region
    return actor.system is not None and actor.system == target.system


_ACTION_ROLES = {
    Action.VIEW_PLAN: frozenset(Role),
    Action.EDIT_PLAN: frozenset({Role.SYSTEM_LEAD}),
    Action.RECORD_ENGAGEMENT: frozenset({Role.SYSTEM_LEAD, Role.LA_PARTNER}),
    Action.SIGN_OFF: frozenset({Role.LA_PARTNER}),
    Action.REVIEW: frozenset({Role.REGIONAL_LEAD}),
    Action.VIEW_REGION: frozenset({Role.REGIONAL_LEAD, Role.NATIONAL, Role.OBSERVER}),
    Action.VIEW_NATIONAL: frozenset({Role.NATIONAL, Role.OBSERVER}),
    Action.VIEW_MONITORING: frozenset(Role),
    Action.WHAT_IF: frozenset({Role.SYSTEM_LEAD, Role.REGIONAL_LEAD, Role.NATIONAL}),
    Action.PUBLISH_NATIONAL_PLAN: frozenset({Role.NATIONAL}),
    Action.ADD_ORGANISATION: frozenset({Role.REGIONAL_LEAD, Role.NATIONAL}),
    Action.GRANT_EXTENSION: frozenset({Role.REGIONAL_LEAD}),
    Action.MODERATE_MATURITY: frozenset({Role.REGIONAL_LEAD, Role.NATIONAL}),
    Action.APPLY_FUNDING: frozenset({Role.SYSTEM_LEAD}),
    Action.DECIDE_FUNDING: frozenset({Role.REGIONAL_LEAD, Role.NATIONAL}),
    Action.SET_ENVELOPE: frozenset({Role.NATIONAL}),
    Action.NOTIFY_FOOTPRINT: frozenset({Role.SYSTEM_LEAD}),
    Action.AGREE_FOOTPRINT: frozenset({Role.REGIONAL_LEAD}),
    Action.DECIDE_FOOTPRINT: frozenset({Role.REGIONAL_LEAD}),
    Action.RECORD_STRATEGY: frozenset({Role.LA_PARTNER}),
    Action.OPEN_ROUND: frozenset({Role.NATIONAL}),
    Action.LOAD_ACTUALS: frozenset({Role.NATIONAL}),
    Action.PROPOSE_LANDSCAPE_CHANGE: frozenset({Role.SYSTEM_LEAD}),
    Action.DECIDE_LANDSCAPE_CHANGE: frozenset({Role.REGIONAL_LEAD}),
    Action.RECORD_ICS_ASSURANCE: frozenset({Role.ICS_ASSURANCE}),
}


def can(actor: Actor, action: Action | str, target: Target) -> bool:
    """May `actor` do `action` (an Action, or a workflow transition's name) to `target`?"""
    roles = TRANSITIONS[action].roles if action in TRANSITIONS else _ACTION_ROLES[Action(action)]
    if actor.role not in roles:
        return False
    if action in (Action.VIEW_NATIONAL, Action.SET_ENVELOPE, Action.OPEN_ROUND):
        return True
    return _sees(actor, target)


# Who manages whose account: the national team the regional leads (and other national users
# and observers); a regional lead the people of their region's systems; a system lead the
# partners of their system and its ICS assurance users (only a system whose moderated
# maturity earns a growing assurance role has them: the web checks the level).
MANAGES: dict[Role, frozenset[Role]] = {
    Role.NATIONAL: frozenset({Role.REGIONAL_LEAD, Role.NATIONAL, Role.OBSERVER}),
    Role.REGIONAL_LEAD: frozenset({Role.SYSTEM_LEAD, Role.LA_PARTNER, Role.ICS_ASSURANCE}),
    Role.SYSTEM_LEAD: frozenset({Role.LA_PARTNER, Role.ICS_ASSURANCE}),
}


def may_manage(actor: Actor, role: Role, place: Target) -> bool:
    """May `actor` invite, change or deactivate a person with `role` at `place` (their system
    and its region, their region, or nowhere for national users and observers)?"""
    if role not in MANAGES.get(actor.role, frozenset()):
        return False
    if actor.role == Role.NATIONAL:
        return True
    if actor.role == Role.REGIONAL_LEAD:
        return actor.region is not None and place.region == actor.region
    return actor.system is not None and place.system == actor.system


def manageable_roles(actor: Actor) -> list[Role]:
    """The roles `actor` may give, in the order of the Role enumeration."""
    return [role for role in Role if role in MANAGES.get(actor.role, frozenset())]
