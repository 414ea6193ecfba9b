"""Organisations to systems through the official lookups, with code history."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("E92000001", ("national", "E92000001", "national")),
        ("E54000007", ("system", "E54000007", "system")),
        ("qop", ("system", "E54000007", "system")),  # ODS code, any case
        ("E54000050", ("system", "E54000049", "system")),  # 2020 code → the 2019 system
        ("QHM", ("system", "E54000049", "system")),
        ("R0A", ("system", "E54000007", "provider")),  # trust → its STP QOP
        ("03E", ("system", "E54000005", "commissioner")),  # the 2019 footprint wins
        ("16C", ("system", "E54000049", "commissioner")),  # a 2020 merger → STP21 → history
        ("36J", ("system", "E54000005", "commissioner")),
        ("42D", ("system", "E54000006", "commissioner")),  # a 2021 CCG code
        ("RQF", None),  # a trust under the national "Q99": no system
        ("13Q", None),  # NHS England's commissioning hub
        ("XYZ", None),
    ],
)
def test_codes_resolve_to_places(orgs, code, expected):
    place = orgs.resolve(code)
    assert (place and (place.level, place.code, place.via)) == expected


def test_every_system_has_trusts_and_ccgs(orgs, pack):
    systems = {s.code for s in pack.geography.system}
    assert set(orgs.providers.values()) == systems
    assert set(orgs.commissioners.values()) == systems


def successions(*pairs: str):
    from ltpif.monitoring.mapping import Succession

    return [
        Succession(old, new, "20180401", line)
        for line, (old, new) in enumerate((p.split(">") for p in pairs), 1)
    ]


@pytest.mark.parametrize(
    ("pairs", "mapped", "attributed"),
    [
        (["RR1>RRK"], {"RR1": "S1"}, []),  # a merger
        (["OLD>MID", "MID>RRK"], {"OLD": "S1", "MID": "S1"}, []),  # two mergers on
        (["RW6>RM3", "RW6>R0A"], {"RW6": "S2"}, []),  # a split inside one system
        # successors in two systems, one each: the first successor by code decides
        (["SPL>RRK", "SPL>RM3"], {"SPL": "S2"}, [("SPL", ("S1", "S2"), "S2")]),
        # two of three successors in S1: S1
        (["SPL>RRK", "SPL>RXX", "SPL>RM3"], {"SPL": "S1"}, [("SPL", ("S1", "S2"), "S1")]),
        (["GON>ZZZ"], {}, []),  # a successor no lookup knows
    ],
)
def test_closed_codes_follow_their_successors(pairs, mapped, attributed):
    from ltpif.monitoring.mapping import follow_successors

    known = {"RRK": "S1", "RXX": "S1", "RM3": "S2", "R0A": "S2"}
    found, attributions = follow_successors(successions(*pairs), known)
    assert found == mapped
    assert [(a.code, a.systems, a.system) for a in attributions] == attributed


@pytest.mark.parametrize(
    ("pairs", "problems"),
    [
        (["AAA>BBB", "BBB>AAA"], ["succ.csv:2: BBB: a cycle: AAA → BBB → AAA"]),
        (["AAA>BBB", "BBB>CCC", "CCC>AAA"], ["succ.csv:3: CCC: a cycle: AAA → BBB → CCC → AAA"]),
        (["RRK>RRK"], ["succ.csv:1: RRK: the organisation succeeds itself"]),
        (["RR1>RRK", "RW6>RM3", "RW6>R0A"], []),
    ],
)
def test_bad_successor_files_are_refused(pairs, problems):
    from ltpif.monitoring.mapping import succession_problems

    assert [str(p) for p in succession_problems(successions(*pairs), "succ.csv")] == problems


def test_a_successor_file_with_a_cycle_stops_the_load(tmp_path, lookups, pack, catalogue):
    import shutil

    from ltpif.framework.problems import InputError
    from ltpif.monitoring.pipelines import lookups as files

    for name in files.FILES:
        shutil.copy(lookups / name, tmp_path / name)
    with (tmp_path / files.SUCCESSORS).open("a") as handle:
        handle.write('"RRK","RR1","","20190401","0"\n')  # RR1 → RRK already: a cycle
    with pytest.raises(InputError) as raised:
        files.read_org_map(pack, catalogue.national_code, tmp_path)
    (problem,) = raised.value.problems
    # the cycle is named from whichever of its two codes the search reached first
    assert (problem.line, problem.message) in {
        (11538, "a cycle: RR1 → RRK → RR1"),  # the added row
        (8799, "a cycle: RRK → RR1 → RRK"),  # the file's own RR1 → RRK
    }
