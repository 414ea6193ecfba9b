"""Monitoring by the footprint of each period, through the store (issue 16 item 3): a CCG's
move approved in the web from 1 October 2019 sends its figures loaded by `ltpif actuals load`
to the new system from October on; September's stay with the old system."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ltpif.cli.main import main
from ltpif.geography.versions import Move
from ltpif.web.actuals.models import Actual, ActualsLoad
from ltpif.web.actuals.queries import DatabaseStore
from ltpif.web.planning.models import AuditEvent
from tests.web.footprint_move import OLD, approve_move

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
NEW = "E54000007"  # the system 03E joins
METRIC = "rtt-52-week-waiters"  # one the demo actuals leave out
PERIODS = ("2019-09", "2019-10", "2019-11")


def test_the_store_hands_the_approved_moves_to_the_pipelines(scene):
    assert DatabaseStore().footprint_moves() == ()
    approve_move(NEW, dt.date(2019, 10, 1))
    assert DatabaseStore().footprint_moves() == (Move("03E", OLD, NEW, dt.date(2019, 10, 1)),)


def test_a_load_after_the_move_puts_each_month_in_its_footprint(
    scene, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))  # `configure` sets it; put it back
    approve_move(NEW, dt.date(2019, 10, 1))
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


RATIO = "rtt-within-18-weeks"


def test_an_approval_moves_the_actuals_loaded_before_it(scene, tmp_path, capsys, monkeypatch):
    """Loaded by organisation before the approval: 03E's parts from October on go to the new
    system, and both systems' figures are made again from the parts they then hold (worked by
    hand from the rows); September stays; nothing needs loading again."""
    monkeypatch.setenv("LTPIF_DATA_DIR", str(tmp_path))
    path = tmp_path / "before.csv"
    path.write_text(
        "organisation_code,metric,period,value,numerator,denominator\n"
        f"03E,{METRIC},2019-09,7,,\n"
        f"03E,{METRIC},2019-10,11,,\n"
        f"02N,{METRIC},2019-10,5,,\n"  # another CCG of the old system: stays
        f"03E,{RATIO},2019-11,,30,40\n"
        f"02N,{RATIO},2019-11,,10,60\n"
        f"00T,{RATIO},2019-11,,50,100\n"  # a CCG of the new system
    )
    code = main(["actuals", "load", str(path), "--format", "long", "--data-dir", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    stored = {
        (a.org_code, a.metric, a.period): (a.value, a.numerator, a.denominator)
        for a in Actual.objects.filter(level="system", quintile=0, period__in=PERIODS)
        if a.org_code in (OLD, NEW) and a.metric in (METRIC, RATIO)
    }
    assert stored[(OLD, METRIC, "2019-10")] == (16, None, None)
    assert stored[(OLD, RATIO, "2019-11")] == (40 / 100, 40, 100)
    seen = DatabaseStore().fingerprint()

    approve_move(NEW, dt.date(2019, 10, 1))
    assert DatabaseStore().fingerprint() != seen  # the monitoring pages read them again

    moved = {
        (a.org_code, a.metric, a.period): (a.value, a.numerator, a.denominator)
        for a in Actual.objects.filter(level="system", quintile=0, period__in=PERIODS)
        if a.org_code in (OLD, NEW) and a.metric in (METRIC, RATIO)
    }
    assert moved[(OLD, METRIC, "2019-09")] == (7, None, None)  # before the date
    assert moved[(OLD, METRIC, "2019-10")] == (5, None, None)
    assert moved[(NEW, METRIC, "2019-10")] == (11, None, None)
    assert moved[(OLD, RATIO, "2019-11")] == (10 / 60, 10, 60)
    assert moved[(NEW, RATIO, "2019-11")] == (80 / 140, 80, 140)
    event = AuditEvent.objects.get(action="footprint_actuals")
    assert event.after["moved"] == 2  # 03E's October count and November ratio
    assert event.after["not_moved"] == []
    assert "2 organisation row(s) of actuals moved from 1 October 2019 on" in event.summary


def test_actuals_loaded_for_the_system_as_a_whole_are_named_not_moved(scene):
    """A figure of the old system with no organisation's part (a file naming the system) from
    the date on cannot be moved: the decision counts it; one before the date is not counted."""
    load = ActualsLoad.objects.create(
        sha256="0" * 64,
        source="system.csv",
        format="long",
        loaded_at=timezone.now(),
        rows=2,
        actuals=2,
    )
    before = Actual.objects.filter(level="system", org_code=OLD, parts__isnull=True)
    counted = sum(1 for a in before if a.period >= "2019-10" and len(a.period) == 7)
    assert all(len(a.period) == 7 for a in before)  # months only: counted by their names
    for period in ("2019-09", "2019-10"):
        Actual.objects.create(
            load=load, level="system", org_code=OLD, metric="m-x", period=period, value=1
        )
    approve_move(NEW, dt.date(2019, 10, 1))
    event = AuditEvent.objects.get(action="footprint_actuals")
    assert event.after["system_level"] == counted + 1
    assert event.after["moved"] == 0
    assert "cannot be moved" in event.summary
