"""Monitoring by the footprint of each period, through the store (issue 16 item 3): a CCG's
move approved in the web from 1 October 2019 sends its figures loaded by `ltpif actuals load`
to the new system from October on; September's stay with the old system."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.cli.main import main
from ltpif.geography.versions import Move
from ltpif.web.actuals.models import Actual
from ltpif.web.actuals.queries import DatabaseStore
from ltpif.web.landscape import actions
from ltpif.web.landscape.models import FootprintNotice
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.planning.models import Membership, System

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
OLD, NEW = "E54000005", "E54000007"  # 03E's system in the April 2019 lookup; West Yorkshire
METRIC = "rtt-52-week-waiters"  # one the demo actuals leave out


def _approve_move(effective: dt.date) -> None:
    ccg, _ = Organisation.objects.get_or_create(
        type="ccg", code="03E", defaults={"name": "NHS Harrogate and Rural District CCG"}
    )
    Footprint.objects.get_or_create(organisation=ccg, system_id=OLD, defaults={"share": 1.0})
    lead = Membership.objects.filter(role="system_lead").first()
    notice = FootprintNotice.objects.create(
        system_id=OLD,
        receiving=System.objects.get(pk=NEW),
        reason="Patients flow west.",
        evidence="Agreed.",
        submitted_by=lead.user,
        submitted_on=dt.date(2019, 7, 1),
        status=FootprintNotice.SUBMITTED,
    )
    notice.organisations.set([ccg])
    form = {"decision": "approve", "effective": effective.isoformat()}
    actions.decide(notice_pk=notice.pk, form=form, by=lead.user)


def test_the_store_hands_the_approved_moves_to_the_pipelines(scene):
    assert DatabaseStore().footprint_moves() == ()
    _approve_move(dt.date(2019, 10, 1))
    assert DatabaseStore().footprint_moves() == (Move("03E", OLD, NEW, dt.date(2019, 10, 1)),)


def test_a_load_after_the_move_puts_each_month_in_its_footprint(
    scene, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))  # `configure` sets it; put it back
    _approve_move(dt.date(2019, 10, 1))
    path = tmp_path / "waits.csv"
    path.write_text(
        "organisation_code,metric,period,value\n"
        f"03E,{METRIC},2019-09,7\n"
        f"03E,{METRIC},2019-10,11\n"
        f"03E,{METRIC},2019-11,13\n"
    )
    code = main(["actuals", "load", str(path), "--format", "long", "--data-dir", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    stored = {
        (a.org_code, a.period): a.value
        for a in Actual.objects.filter(metric=METRIC, level="system")
    }
    assert stored == {(OLD, "2019-09"): 7, (NEW, "2019-10"): 11, (NEW, "2019-11"): 13}
