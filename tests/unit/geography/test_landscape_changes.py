"""Landscape changes, pure (issue 16 item 4): the organisation list by date after mergers, and
the checklist → timetable table, worked out by hand from the pack's ltpif-method data."""

from __future__ import annotations

import datetime as dt

import pytest

from ltpif.framework.loader import load_pack
from ltpif.geography.landscape import assess, due
from ltpif.geography.versions import Succession, organisations_on

D = dt.date
A_INTO_C = Succession("A", "C", D(2020, 4, 1))
B_INTO_C = Succession("B", "C", D(2020, 4, 1))
C_INTO_E = Succession("C", "E", D(2021, 4, 1))


@pytest.mark.parametrize(
    ("base", "successions", "day", "expected"),
    [
        (["A", "B", "D"], [], D(2020, 4, 1), ["A", "B", "D"]),
        # the day before the merger: unchanged; on the day: C in A's place, once
        (["A", "B", "D"], [A_INTO_C, B_INTO_C], D(2020, 3, 31), ["A", "B", "D"]),
        (["A", "B", "D"], [A_INTO_C, B_INTO_C], D(2020, 4, 1), ["C", "D"]),
        # a merger into an organisation already listed: it stays where it was
        (["C", "A", "D"], [A_INTO_C], D(2020, 5, 1), ["C", "D"]),
        # a successor that merges again is followed to the last merger in effect
        (["A", "D"], [A_INTO_C, C_INTO_E], D(2020, 5, 1), ["C", "D"]),
        (["A", "D"], [A_INTO_C, C_INTO_E], D(2021, 4, 1), ["E", "D"]),
        # another system's merger leaves this list alone
        (["D"], [A_INTO_C], D(2021, 1, 1), ["D"]),
    ],
)
def test_the_organisation_list_on_a_day(base, successions, day, expected):
    assert organisations_on(base, successions, day) == expected


ALL_MET = {
    "local-agreement": True,
    "in-the-plan": True,
    "financial-effect": True,
    "one-system": True,
    "patient-benefit": True,
}
PROPOSED = D(2019, 7, 1)


@pytest.mark.parametrize(
    ("answers", "fast", "decision_due"),
    [
        # every criterion met: the fast track, 30 days from 1 July 2019
        (ALL_MET, True, D(2019, 7, 31)),
        # the one criterion the fast track does not need: still the fast track
        ({**ALL_MET, "patient-benefit": False}, True, D(2019, 7, 31)),
        # any fast-track criterion not met: the standard 90 days (30 in July, 31 in August,
        # 29 in September)
        ({**ALL_MET, "one-system": False}, False, D(2019, 9, 29)),
        ({**ALL_MET, "local-agreement": False}, False, D(2019, 9, 29)),
        (dict.fromkeys(ALL_MET, False), False, D(2019, 9, 29)),
    ],
)
def test_the_checklist_sets_the_timetable(answers, fast, decision_due):
    result = assess(load_pack(), PROPOSED, answers)
    assert (result.fast_track, result.decision_due) == (fast, decision_due)
    assert set(result.met) | set(result.not_met) == set(ALL_MET)


def test_an_unanswered_criterion_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="no answer for patient-benefit"):
        assess(load_pack(), PROPOSED, {k: True for k in ALL_MET if k != "patient-benefit"})


def test_the_timetables_are_pack_data_marked_as_ltpif_method():
    pack = load_pack()
    assert due(pack, PROPOSED, "standard") == D(2019, 9, 29)
    assert due(pack, PROPOSED, "fast-track") == D(2019, 7, 31)
    for item in (*pack.maturity.landscape_criterion, *pack.maturity.landscape_timetable):
        assert item.source.note and item.source.note.startswith("ltpif method:"), item.id
