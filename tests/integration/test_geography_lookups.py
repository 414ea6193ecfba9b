"""The organisations of the 2019 round and contiguity from the real lookups, checked by counts
made here straight from the files with the csv module (not through ltpif's readers)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest

from ltpif.cli.main import main
from ltpif.framework.loader import load_pack
from ltpif.geography.organisations import read_landscape


def rows(data, name):
    with (data / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def data(shared_dir):
    return shared_dir / "data"


@pytest.fixture(scope="module")
def landscape(data):
    return read_landscape(load_pack(), data)


def independent_counts(data):
    ccgs = {r["ccg19cdh"] for r in rows(data, "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv")}
    trusts = rows(data, "nhsd_ods_etr_trusts_with_region_stp_2022.csv")
    english = {r["org_code"] for r in trusts if r["high_level_health_geography_stp"] != "Q99"}
    utla = {r["LA21"] for r in rows(data, "derived_utla21_to_icb22_by_practice_location.csv")}
    lad = {r["LAD20CD"] for r in rows(data, "ons_lad20_to_stp20_lookup.csv")}
    pcns = {r["PCN Code"] for r in rows(data, "nhsd_ods_epcn_pcn_details_dec2019.csv")}
    practices = rows(data, "nhsd_ods_epcn_practice_to_pcn_dec2019.csv")
    alliances = rows(data, "ons_ccg21_to_stp21_to_cancer_alliance21_lookup_apr2021.csv")
    return {
        "ccg": len(ccgs),
        "trust": len(english),
        "local_authority": len(utla),
        "district": len(lad),
        "pcn": len(pcns),
        "gp_practice": len({r["Partner Organisation Code"] for r in practices}),
        "cancer_alliance": len({r["CAL21CD"] for r in alliances}),
    }


def test_the_counts_of_the_lookups_are_reproduced(landscape, data):
    expected = independent_counts(data)
    assert landscape.counts() == expected
    # the figures the README of the data gives, to see the files are the ones described
    assert expected["ccg"] == 191
    assert expected["pcn"] == 1250
    assert expected["cancer_alliance"] == 21
    assert [s.code for s in landscape.skipped] == ["RQF", "RT4", "RYT"]  # the Welsh trusts


def test_ccgs_per_system_match_the_2019_lookup(landscape, data):
    expected = defaultdict(set)
    for r in rows(data, "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv"):
        expected[r["stp19cd"]].add(r["ccg19cdh"])
    found = defaultdict(set)
    for org in landscape.of_type("ccg"):
        (system,) = org.systems
        found[system].add(org.code)
    assert found == expected
    assert len(found) == 42


def test_practices_per_system_follow_their_ccg(landscape, data):
    system_of = {
        r["ccg19cdh"]: r["stp19cd"]
        for r in rows(data, "nhsd_ccg19_to_stp19_region_lookup_apr2019.csv")
    }
    expected = defaultdict(int)
    for r in rows(data, "nhsd_ods_epcn_practice_to_pcn_dec2019.csv"):
        expected[system_of[r["Practice Parent CCG Code"]]] += 1
    found = defaultdict(int)
    for org in landscape.of_type("gp_practice"):
        found[org.systems[0]] += 1
    assert found == expected


def split_in_files(data):
    """Authorities in more than one ICB (2022) and districts in more than one STP (2020)."""
    icbs, stps = defaultdict(set), defaultdict(set)
    for r in rows(data, "derived_utla21_to_icb22_by_practice_location.csv"):
        icbs[r["LA21"]].add(r["ICS22"])
    for r in rows(data, "ons_lad20_to_stp20_lookup.csv"):
        stps[r["LAD20CD"]].add(r["STP20CD"])
    return (
        {code for code, found in icbs.items() if len(found) > 1},
        {code for code, found in stps.items() if len(found) > 1},
    )


def test_contiguity_names_the_split_authorities(capsys, data):
    assert main(["footprint", "contiguity", "--lookups", str(data), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    authorities, districts = split_in_files(data)
    assert len(authorities) == 30
    assert len(districts) == 15
    split = result["split"]
    assert {s["code"] for s in split if s["type"] == "local_authority"} == authorities
    assert {s["code"] for s in split if s["type"] == "district"} == districts
    # North Yorkshire: by hand from the file's three rows QWO 0.0804, QOQ 0.9076, QE1 0.012
    (yorkshire,) = (s for s in split if s["code"] == "E10000023")
    assert [(p["code"], p["share"]) for p in yorkshire["systems"]] == [
        ("E54000005", 0.0804),
        ("E54000006", 0.9076),
        ("E54000048", 0.012),
    ]
    assert len(result["systems"]) == 42
    for system in result["systems"]:
        total = sum(a["share"] for a in system["authorities"])
        assert total > 0, system["code"]


def test_contiguity_as_text(capsys, data):
    assert main(["footprint", "contiguity", "--lookups", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Upper-tier authorities split across systems: 30" in out
    assert "Districts split across systems: 15" in out
    assert "  E06000033 Southend-on-Sea: Hertfordshire and West Essex (E54000025) under 0.1%" in out


def test_contiguity_of_a_folder_without_the_lookups_exits_2(capsys, tmp_path):
    assert main(["footprint", "contiguity", "--lookups", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "ons_lad20_to_stp20_lookup.csv: lookup file not found" in err
    assert "Traceback" not in err
