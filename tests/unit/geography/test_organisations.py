"""The mapping rules of the organisations of a round, on a small world worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltpif.framework.problems import InputError
from ltpif.geography.lookups import Row, read_tables
from ltpif.geography.organisations import (
    ALL_FILES,
    Link,
    _Problems,
    build_landscape,
    build_upper_tier,
)
from tests.unit.geography.fixtures import S1, S2, SYSTEMS, write_lookups


def landscape(folder):
    tables, problems = read_tables(folder, ALL_FILES)
    return build_landscape(tables, SYSTEMS, problems)


@pytest.fixture
def world(tmp_path):
    return landscape(write_lookups(tmp_path))


def found(world, type_):
    return {o.code: (o.name, o.links, o.parent) for o in world.of_type(type_)}


@pytest.mark.parametrize(
    ("type_", "expected"),
    [
        (
            "ccg",
            {
                # the ePCN name; 03C merged into 99Z and has no name of its own: its code
                "01A": ("NHS ALPHA CCG (2019)", (Link(S1, 1.0),), ""),
                "02B": ("NHS BETA CCG", (Link(S2, 1.0),), ""),
                "03C": ("03C", (Link(S2, 1.0),), ""),
            },
        ),
        (
            "trust",
            {
                "RAA": ("ALPHA TRUST", (Link(S1, 1.0),), ""),
                "RBB": ("BETA TRUST", (Link(S2, 1.0),), ""),
            },
        ),
        (
            "local_authority",
            {
                "E06000001": ("Northtown", (Link(S1, 1.0),), ""),
                "E10000002": ("Bigshire", (Link(S1, 0.25), Link(S2, 0.75)), ""),
            },
        ),
        (
            "district",
            {
                # the ONS 2020 code E54000091 is S1's later code; a split district: no weights
                "E07000001": ("Little", (Link(S1, 1.0),), ""),
                "E07000002": ("Border", (Link(S1, None), Link(S2, None)), ""),
            },
        ),
        (
            "pcn",
            {
                "U00001": ("ALPHA PCN", (Link(S1, 1.0),), "01A"),
                "U00002": ("BETA PCN", (Link(S2, 1.0),), "02B"),
            },
        ),
        (
            "gp_practice",
            {
                "A00001": ("ONE SURGERY", (Link(S1, 1.0),), "U00001"),
                "A00002": ("TWO SURGERY", (Link(S2, 1.0),), "U00002"),
                # placed through its own CCG (01A, in S1), though its PCN is in S2
                "A00003": ("THREE SURGERY", (Link(S1, 1.0),), "U00002"),
            },
        ),
        (
            "cancer_alliance",
            {
                "E56000001": ("Alpha Alliance", (Link(S1, 1.0),), ""),
                # 02B and 03C reach 99Z through the legacy lookup, both in S2
                "E56000002": ("Beta Alliance", (Link(S2, 1.0),), ""),
            },
        ),
    ],
)
def test_each_type_falls_in_its_systems(world, type_, expected):
    assert found(world, type_) == expected


def test_a_trust_of_no_system_is_skipped_and_said_so(world):
    (skipped,) = world.skipped
    assert (skipped.code, skipped.line) == ("RWW", 4)
    assert skipped.reason == "its STP code Q99 is no system of the pack"


def test_an_alliance_over_two_systems_has_no_published_share(tmp_path):
    alliances = "CCG21CDH,CAL21CD,CAL21NM\n01A,E56000001,One\n99Z,E56000001,One\n"
    world = landscape(write_lookups(tmp_path, CANCER_ALLIANCES=alliances))
    (alliance,) = world.of_type("cancer_alliance")
    assert alliance.links == (Link(S1, None), Link(S2, None))


def problems_of(folder):
    with pytest.raises(InputError) as raised:
        landscape(folder)
    return [(p.file.rsplit("/", 1)[-1], p.line, p.key, p.message) for p in raised.value.problems]


def test_every_problem_of_every_file_at_once(tmp_path):
    folder = write_lookups(
        tmp_path,
        TRUSTS=None,
        DISTRICTS="LAD20CD,LAD20NAME,STP\nE07000001,Little,E54000091\n",
        CCG_LEGACY=b"ccg_code_legacy,ccg21cdh,ccg21nm,stp21cd\n01A,01A,NHS \xe9 CCG,E54000091\n",
    )
    assert problems_of(folder) == [
        (
            "nhsd_ccg_legacy_to_ccg21_stp21_nhser21_lookup.csv",
            2,
            "",
            "not UTF-8 text: save the file as UTF-8",
        ),
        ("nhsd_ods_etr_trusts_with_region_stp_2022.csv", None, "", "lookup file not found"),
        (
            "ons_lad20_to_stp20_lookup.csv",
            1,
            "LAD20NM",
            "column missing (the header has: LAD20CD, LAD20NAME, STP)",
        ),
        (
            "ons_lad20_to_stp20_lookup.csv",
            1,
            "STP20CD",
            "column missing (the header has: LAD20CD, LAD20NAME, STP)",
        ),
    ]


def test_rows_that_break_the_rules_are_each_named(tmp_path):
    folder = write_lookups(
        tmp_path,
        TRUSTS="org_code,name,high_level_health_geography_stp\nRAA,ALPHA,QAA\nRAA,AGAIN,QAA\n"
        "RCC,,QBB\n",
        UPPER_TIER="LA21,UTLA21,ICS22,share_of_utla_registered_pop\n"
        "E06000001,Northtown,QZZ,1.0\nE10000002,Bigshire,QAA,lots\nE10000003,Halfshire,QAA,0.5\n",
        PRACTICES="Partner Organisation Code,Partner Name,Practice Parent CCG Code,PCN Code\n"
        "A00001,ONE SURGERY,01A,U99999\n",
    )
    assert problems_of(folder) == [
        (
            "derived_utla21_to_icb22_by_practice_location.csv",
            2,
            "ICS22",
            "QZZ is no system of the pack",
        ),
        (
            "derived_utla21_to_icb22_by_practice_location.csv",
            3,
            "share_of_utla_registered_pop",
            "'lots' is not a number",
        ),
        (
            "derived_utla21_to_icb22_by_practice_location.csv",
            4,
            "share_of_utla_registered_pop",
            "the shares of E10000003 add up to 0.5000, not 1",
        ),
        (
            "nhsd_ods_epcn_practice_to_pcn_dec2019.csv",
            2,
            "PCN Code",
            "U99999 is not in nhsd_ods_epcn_pcn_details_dec2019.csv",
        ),
        (
            "nhsd_ods_etr_trusts_with_region_stp_2022.csv",
            3,
            "org_code",
            "RAA is listed again (first on line 2)",
        ),
        ("nhsd_ods_etr_trusts_with_region_stp_2022.csv", 4, "name", "no value"),
    ]


def test_a_duplicate_code_is_refused(tmp_path):
    trusts = "org_code,name,high_level_health_geography_stp\nRAA,ALPHA,QAA\nraa,AGAIN,QBB\n"
    assert problems_of(write_lookups(tmp_path, TRUSTS=trusts)) == [
        (
            "nhsd_ods_etr_trusts_with_region_stp_2022.csv",
            3,
            "org_code",
            "RAA is listed again (first on line 2)",
        )
    ]


def test_an_empty_file_has_no_header(tmp_path):
    assert problems_of(write_lookups(tmp_path, PCNS="")) == [
        (
            "nhsd_ods_epcn_pcn_details_dec2019.csv",
            1,
            column,
            "column missing (the header has: no header)",
        )
        for column in (
            "Clinical Commissioning Group Name",
            "Current Clinical Commissioning Group Code",
            "PCN Code",
            "PCN Name",
        )
    ]


def test_a_field_past_the_csv_limit_and_a_long_header_are_named_not_raised(tmp_path):
    header = "org_code,name," + "x" * 1000
    folder = write_lookups(
        tmp_path,
        TRUSTS="org_code,name,high_level_health_geography_stp\nRAA," + "y" * 200_000 + ",QAA\n",
        PCNS=header + "\n",
    )
    problems = problems_of(folder)
    assert problems[-1] == (
        "nhsd_ods_etr_trusts_with_region_stp_2022.csv",
        2,
        "",
        "not a CSV table: field larger than field limit (131072)",
    )
    pcn = [p for p in problems if p[0] == "nhsd_ods_epcn_pcn_details_dec2019.csv"]
    assert len(pcn) == 4
    assert all(len(message) < 300 for *_, message in pcn)


@st.composite
def authorities(draw):
    """Authorities, each split into parts (in ten-thousandths) over some of S1's and S2's codes;
    a system may appear under two of its codes (its ONS and ODS codes)."""
    made = []
    for n in range(draw(st.integers(1, 6))):
        codes = draw(st.lists(st.sampled_from(sorted(SYSTEMS)), min_size=1, max_size=4))
        cuts = sorted(
            draw(st.lists(st.integers(0, 10_000), min_size=len(codes) - 1, max_size=len(codes) - 1))
        )
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10_000], strict=True)]
        made.append((f"E0600{n:04d}", list(zip(codes, parts, strict=True))))
    return made


@given(authorities())
def test_an_authority_shares_add_up_and_each_system_is_named_once(made):
    rows = [
        Row(
            "utla.csv",
            line,
            {
                "LA21": code,
                "UTLA21": code,
                "ICS22": ics,
                "share_of_utla_registered_pop": str(part / 10_000),
            },
        )
        for line, (code, ics, part) in enumerate(
            ((code, ics, part) for code, parts in made for ics, part in parts), start=2
        )
    ]
    problems = _Problems()
    found = {o.code: o for o in build_upper_tier(rows, SYSTEMS, problems)}
    assert problems.found == []
    for code, parts in made:
        expected: dict[str, int] = {}
        for ics, part in parts:
            expected[SYSTEMS[ics]] = expected.get(SYSTEMS[ics], 0) + part
        links = found[code].links
        assert [link.system for link in links] == sorted(expected)
        assert [round(link.share * 10_000) for link in links] == [
            expected[s] for s in sorted(expected)
        ]
