"""`ltpif round open` and `round status` as a user runs them on an empty SQLite database; the
database is read back with the sqlite3 module and compared with counts made from the files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tomllib

import pytest

from tests.integration.test_geography_lookups import independent_counts, rows
from tests.packs import copy_pack


def ltpif(*args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LTPIF_", "DJANGO_", "DATABASE_URL"))
    }
    env |= {"LTPIF_SHARED": os.environ.get("LTPIF_SHARED", ""), **extra}
    if not env["LTPIF_SHARED"]:
        del env["LTPIF_SHARED"]
    return subprocess.run(
        [sys.executable, "-m", "ltpif", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def table(db, sql):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def opened(shared_dir, tmp_path_factory):
    """A round opened on an empty database, then opened again."""
    folder = tmp_path_factory.mktemp("round")
    lookups = str(shared_dir / "data")
    first = ltpif("round", "open", "--data-dir", str(folder), "--lookups", lookups)
    assert first.returncode == 0, first.stderr
    db = folder / "ltpif.sqlite3"
    before = table(db, "select * from organisations_organisation order by id")
    links = table(db, "select * from organisations_footprint order by id")
    second = ltpif("round", "open", "--data-dir", str(folder), "--lookups", lookups)
    return folder, first, second, before, links


def test_the_round_holds_the_organisations_of_the_lookups(opened, shared_dir):
    folder, first, _, _, _ = opened
    db = folder / "ltpif.sqlite3"
    counts = dict(table(db, "select type, count(*) from organisations_organisation group by type"))
    assert counts == independent_counts(shared_dir / "data")
    assert table(db, "select count(*) from planning_system") == [(42,)]
    assert table(db, "select count(*) from planning_region") == [(7,)]
    assert "Opened the round of ltpif-2019 2019.1." in first.stdout


def test_authorities_fall_in_the_systems_of_the_files(opened, shared_dir):
    folder, *_ = opened
    data = shared_dir / "data"
    db = folder / "ltpif.sqlite3"
    per_type = dict(
        table(
            db,
            "select o.type, count(*) from organisations_footprint f "
            "join organisations_organisation o on o.id = f.organisation_id group by o.type",
        )
    )
    # one row per authority and ICB (each 2022 ICB is one 2019 system), per district and STP
    assert per_type["local_authority"] == len(
        rows(data, "derived_utla21_to_icb22_by_practice_location.csv")
    )
    assert per_type["district"] == len(rows(data, "ons_lad20_to_stp20_lookup.csv"))
    split = table(
        db,
        "select o.code from organisations_footprint f join organisations_organisation o "
        "on o.id = f.organisation_id where o.type = 'local_authority' "
        "group by o.code having count(*) > 1",
    )
    assert len(split) == 30
    # Cumbria: the file gives 0.3611 in QE1 (Lancashire and South Cumbria), 0.6389 in QHM
    assert table(
        db,
        "select f.system_id, f.share from organisations_footprint f join "
        "organisations_organisation o on o.id = f.organisation_id where o.code = 'E10000006' "
        "order by f.system_id",
    ) == [("E54000048", 0.3611), ("E54000049", 0.6389)]


def test_a_second_open_changes_nothing_and_says_so(opened):
    folder, _, second, before, links = opened
    assert second.returncode == 0, second.stderr
    assert "already open and up to date: nothing changed" in second.stdout
    db = folder / "ltpif.sqlite3"
    assert table(db, "select * from organisations_organisation order by id") == before
    assert table(db, "select * from organisations_footprint order by id") == links
    assert table(db, "select count(*) from organisations_round") == [(1,)]


def test_status_prints_the_pack_the_calendar_and_the_counts(opened):
    folder, *_ = opened
    done = ltpif("round", "status", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Round ltpif-2019 2019.1 (current), opened" in done.stdout
    assert "2019-09-27  Draft strategy delivery plan submitted to the regional team" in done.stdout
    assert "7 regions, 42 systems" in done.stdout
    assert "GP practices                      6,757" in done.stdout


def test_another_pack_version_opens_a_round_beside_the_first(opened, tmp_path, shared_dir):
    folder, *_ = opened
    pack_dir = copy_pack(tmp_path)
    meta = pack_dir / "pack.toml"
    meta.write_text(meta.read_text().replace('version = "2019.1"', 'version = "2020.1"'))
    assert tomllib.loads(meta.read_text())["version"] == "2020.1"
    db = folder / "ltpif.sqlite3"
    first_round = table(db, "select * from organisations_round")
    done = ltpif(
        "round",
        "open",
        "--pack",
        str(pack_dir),
        "--data-dir",
        str(folder),
        "--lookups",
        str(shared_dir / "data"),
    )
    assert done.returncode == 0, done.stderr
    assert "Opened the round of ltpif-2019 2020.1." in done.stdout
    assert "Added 0 region(s), 0 system(s) and 0 organisation(s)" in done.stdout
    rounds = table(db, "select * from organisations_round order by id")
    assert rounds[0] == first_round[0]  # the old round as it was
    assert [(r[1], r[2]) for r in rounds] == [("ltpif-2019", "2019.1"), ("ltpif-2019", "2020.1")]
    # the new round waits beside the current one: the web's carry makes it current
    assert "It is not the current round: ltpif-2019 2019.1 stays current" in done.stdout
    current = table(db, "select pack_version, current_since is not null from organisations_round")
    assert sorted(current) == [("2019.1", 1), ("2020.1", 0)]
    status = ltpif("round", "status", "--data-dir", str(folder))
    assert "Round ltpif-2019 2019.1 (current), opened" in status.stdout
    assert "Round ltpif-2019 2020.1 (opened beside, not yet current), opened" in status.stdout


def test_bad_lookups_exit_2_before_any_database_is_made(tmp_path, shared_dir):
    lookups = tmp_path / "lookups"
    lookups.mkdir()
    for name in os.listdir(shared_dir / "data"):
        if name.endswith(".csv"):
            (lookups / name).write_bytes((shared_dir / "data" / name).read_bytes())
    (lookups / "ons_lad20_to_stp20_lookup.csv").write_bytes(
        b"LAD20CD,LAD20NM,STP20CD\nE1,\xff,E2\n"
    )
    (lookups / "nhsd_ods_epcn_pcn_details_dec2019.csv").unlink()
    done = ltpif("round", "open", "--data-dir", str(tmp_path / "db"), "--lookups", str(lookups))
    assert done.returncode == 2
    assert f"{lookups}/ons_lad20_to_stp20_lookup.csv:2: not UTF-8 text" in done.stderr
    assert f"{lookups}/nhsd_ods_epcn_pcn_details_dec2019.csv: lookup file not found" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "db").exists()


def test_an_unusable_database_exits_3(tmp_path, shared_dir):
    done = ltpif(
        "round",
        "open",
        "--data-dir",
        str(tmp_path),
        "--lookups",
        str(shared_dir / "data"),
        DATABASE_URL="sqlite:////no/such/folder/ltpif.sqlite3",
    )
    assert done.returncode == 3, done.stderr
    assert "Cannot use the SQLite database /no/such/folder/ltpif.sqlite3" in done.stderr
    status = ltpif("round", "status", "--data-dir", str(tmp_path / "empty"))
    assert status.returncode == 3
    assert "migration(s) not applied; run `ltpif migrate`" in status.stderr
