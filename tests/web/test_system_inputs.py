"""A plan's checks read its system's moderations and boards as one question
(planning/system_inputs.py), finding what the maturity and partnership apps' own questions
find: the latest moderation of each characteristic and year counts; each board of the
footprint by name, its items as recorded, a board with none listed too."""

from __future__ import annotations

import datetime as dt

from ltpif.web.maturity.models import Moderation
from ltpif.web.maturity.queries import moderated
from ltpif.web.organisations.models import Footprint, Organisation
from ltpif.web.partnership.models import StrategyItem
from ltpif.web.partnership.queries import AUTHORITY, _strategies
from ltpif.web.planning import system_inputs
from tests.web.conftest import user_of


def _moderate(system: str, by, characteristic: str, year: str, level: str) -> None:
    Moderation.objects.create(
        system_id=system,
        year=year,
        characteristic=characteristic,
        level=level,
        agreed=False,
        reason="Evidence seen at the regional panel",
        by=by,
    )


def _record(authority: str, by, kind: str, ident: str, title: str) -> None:
    StrategyItem.objects.create(
        authority=authority,
        kind=kind,
        ident=ident,
        title=title,
        source="Joint strategy 2019",
        dated=dt.date(2019, 6, 1),
        recorded_by=by,
    )


def _system_with_boards() -> str:
    """A system whose footprint has two upper-tier local authorities (the boards), and a
    district (not a board)."""
    system = user_of("system_lead").system_id
    for kind, code, name in (
        (AUTHORITY, "E10000099", "Westshire"),
        (AUTHORITY, "E10000098", "Eastshire"),
        ("district", "E07000099", "Westshire Vale"),
    ):
        organisation = Organisation.objects.create(type=kind, code=code, name=name)
        Footprint.objects.create(organisation=organisation, system_id=system)
    return system


def test_one_question_finds_what_the_two_apps_find(world):
    regional = user_of("regional_lead").user
    system = _system_with_boards()
    _moderate(system, regional, "leadership", "2019/20", "developing")
    _moderate(system, regional, "leadership", "2019/20", "maturing")  # later: this one counts
    _moderate(system, regional, "leadership", "2020/21", "thriving")
    _moderate(system, regional, "finance", "2019/20", "emerging")
    authorities = Organisation.objects.filter(type=AUTHORITY, footprint__system_id=system)
    first = authorities.order_by("name", "code").first()
    _record(first.code, regional, StrategyItem.FINDING, "damp-homes", "Damp homes")
    _record(first.code, regional, StrategyItem.PRIORITY, "best-start", "Best start in life")
    _record(first.code, regional, StrategyItem.PRIORITY, "healthy-ageing", "Healthy ageing")

    moderations, (boards, titles) = system_inputs.read(system)

    assert moderations == {
        ("leadership", "2019/20"): "maturing",
        ("leadership", "2020/21"): "thriving",
        ("finance", "2019/20"): "emerging",
    }
    assert moderations == moderated(system)
    assert (boards, titles) == _strategies(system)
    assert boards[0].authority == first.code == "E10000098"
    assert boards[0].priorities == ("best-start", "healthy-ageing")
    assert boards[0].findings == ("damp-homes",)
    assert titles[(first.code, "healthy-ageing")] == "Healthy ageing"
    assert [b.name for b in boards] == ["Eastshire", "Westshire"]  # by name; none recorded, too
    assert boards[1].priorities == boards[1].findings == ()


def test_a_system_with_neither_finds_none(world):
    system = _system_with_boards()
    Moderation.objects.filter(system_id=system).delete()
    moderations, (boards, _) = system_inputs.read(system)
    assert moderations == {}
    assert [(b.name, b.priorities, b.findings) for b in boards] == [
        ("Eastshire", (), ()),
        ("Westshire", (), ()),
    ]
