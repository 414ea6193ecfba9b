"""The plan's path through the planning round, and who may move it along.

drafting → draft submitted → in review → changes requested → final submitted → (in review)
→ agreed → published. Editing is open only while drafting or when changes are requested; a
submission freezes the plan as an immutable, hashed version.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ltpif.framework.schema import Stage


class Status(StrEnum):
    DRAFTING = "drafting"
    DRAFT_SUBMITTED = "draft_submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    FINAL_SUBMITTED = "final_submitted"
    AGREED = "agreed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Role(StrEnum):
    SYSTEM_LEAD = "system_lead"
    LA_PARTNER = "la_partner"
    REGIONAL_LEAD = "regional_lead"
    NATIONAL = "national"
    OBSERVER = "observer"
    # a maturing or thriving system's own first-line assurance of its plan (issue 16 item 2a)
    ICS_ASSURANCE = "ics_assurance"

    @property
    def label(self) -> str:
        return {
            "system_lead": "System planning lead",
            "la_partner": "Local government partner",
            "regional_lead": "Regional assurance lead",
            "national": "National team",
            "observer": "Observer",
            "ics_assurance": "ICS assurance",
        }[self.value]


EDITABLE = frozenset({Status.DRAFTING, Status.CHANGES_REQUESTED})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    freezes_version: bool = False  # the plan as it stands becomes an immutable version
    needs_reason: bool = False  # reasons for the changes requested must be written
    needs_final: bool = False  # only a final submission can be agreed
    stage: Stage | None = None  # the submission it makes: its readiness is judged for it

    def allowed_from(self, status: Status) -> bool:
        return status in self.sources


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit_draft",
            "Submit draft plan",
            frozenset({Status.DRAFTING}),
            Status.DRAFT_SUBMITTED,
            frozenset({Role.SYSTEM_LEAD}),
            freezes_version=True,
            stage="draft",
        ),
        Transition(
            "start_review",
            "Start review",
            frozenset({Status.DRAFT_SUBMITTED, Status.FINAL_SUBMITTED}),
            Status.IN_REVIEW,
            frozenset({Role.REGIONAL_LEAD}),
        ),
        Transition(
            "request_changes",
            "Request changes",
            frozenset({Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            frozenset({Role.REGIONAL_LEAD}),
            needs_reason=True,
        ),
        Transition(
            "submit_final",
            "Submit final plan",
            frozenset({Status.CHANGES_REQUESTED, Status.DRAFTING}),
            Status.FINAL_SUBMITTED,
            frozenset({Role.SYSTEM_LEAD}),
            freezes_version=True,
            stage="final",
        ),
        Transition(
            "agree",
            "Agree plan",
            frozenset({Status.IN_REVIEW}),
            Status.AGREED,
            frozenset({Role.REGIONAL_LEAD}),
            needs_final=True,
        ),
        Transition(
            "publish",
            "Publish plan",
            frozenset({Status.AGREED}),
            Status.PUBLISHED,
            frozenset({Role.NATIONAL}),
        ),
    )
}


def available(status: Status, role: Role) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.allowed_from(status) and role in t.roles]


def stage_of(status: Status) -> Stage:
    """The submission a plan is working towards: the draft until it is submitted (a plan
    still drafting may also go straight to its final submission), then the final plan."""
    return "draft" if status == Status.DRAFTING else "final"
