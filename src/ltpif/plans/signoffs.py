"""Which partners' sign-offs are current: a sign-off is given for one version of the plan, and
any later change to the plan (other than its sign-offs) leaves it "given for version N".

A sign-off records the SHA-256 of the plan it was given for with the sign-offs left out, so
recording one partner's sign-off never makes another's stale. A sign-off recorded before
versions were signed (no hash) counts as current, as it always did.
"""

from __future__ import annotations

import dataclasses

from ltpif.framework.kept import by_identity
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.document import Plan, SignOff


@by_identity(64)
def content_sha256(plan: Plan) -> str:
    """The SHA-256 of the plan with its sign-offs left out: what a partner signs (kept for
    the plan object: assurance asks once per sign-off rule and per stage judged)."""
    return plan_sha256(dataclasses.replace(plan, sign_offs=[]))


def is_current(sign_off: SignOff, content: str) -> bool:
    """Was `sign_off` given for the plan whose content hash is `content`?"""
    return sign_off.plan_sha256 is None or sign_off.plan_sha256 == content


def currency(plan: Plan) -> list[bool]:
    """For each of the plan's sign-offs, in order: is it current?"""
    if all(s.plan_sha256 is None for s in plan.sign_offs):
        return [True] * len(plan.sign_offs)  # nothing to compare: no hash to make
    content = content_sha256(plan)
    return [is_current(s, content) for s in plan.sign_offs]


def concerns_open(sign_off: SignOff) -> bool:
    """Concerns recorded and neither resolved nor withdrawn."""
    return sign_off.status == "concerns" and sign_off.concerns_closed is None


STAMP_FIELDS = ("version", "plan_sha256", "organisation", "concerns_closed", "closing_note")


def _decision(sign_off: SignOff) -> tuple:
    return (sign_off.partner, sign_off.name, sign_off.status, sign_off.date, sign_off.concerns)


def keep_stamps(old: Plan, new: Plan) -> Plan:
    """`new` (a plan replaced whole, from a workbook that has no column for them) with each
    sign-off's version stamp taken from the same decision in `old`: a replaced plan that
    changed leaves them given for their version, not silently current again."""
    stamped = {_decision(s): s for s in old.sign_offs if s.plan_sha256 is not None}
    kept = []
    for entry in new.sign_offs:
        earlier = stamped.get(_decision(entry))
        if entry.plan_sha256 is None and earlier is not None:
            stamp = {name: getattr(earlier, name) for name in STAMP_FIELDS}
            kept.append(dataclasses.replace(entry, **stamp))
        else:
            kept.append(entry)
    return dataclasses.replace(new, sign_offs=kept)
