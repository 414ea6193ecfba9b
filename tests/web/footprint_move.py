"""An approved footprint change for the tests of what it moves: NHS Harrogate and Rural
District CCG (03E, in E54000005 in the April 2019 lookup) leaving for another system."""

from __future__ import annotations

import datetime as dt

from ltpif.web.landscape import actions
from ltpif.web.landscape.models import FootprintNotice
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import Membership

CCG, OLD = "03E", "E54000005"


def approve_move(receiving: str, effective: dt.date) -> None:
    """03E's notice to join `receiving`, submitted in time and approved from `effective`."""
    ccg, _ = Organisation.objects.get_or_create(
        type="ccg", code=CCG, defaults={"name": "NHS Harrogate and Rural District CCG"}
    )
    Footprint.objects.get_or_create(organisation=ccg, system_id=OLD, defaults={"share": 1.0})
    lead = Membership.objects.filter(role="regional_lead").first()
    notice = FootprintNotice.objects.create(
        system_id=OLD,
        receiving_id=receiving,
        reason="Patients flow to the neighbouring system's hospitals.",
        evidence="Agreed.",
        submitted_by=lead.user,
        submitted_on=dt.date(2019, 7, 1),
        status=FootprintNotice.SUBMITTED,
    )
    notice.organisations.set([ccg])
    form = {"decision": "approve", "effective": effective.isoformat()}
    actions.decide(notice_pk=notice.pk, form=form, by=lead.user)
