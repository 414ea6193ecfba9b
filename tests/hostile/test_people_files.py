"""`ltpif users import` on hostile files, and `ltpif users create-national` on an empty
database, each in a process of its own: refused with every problem at its line, exit 2,
nobody made (the data folder's files and row counts unchanged), within bounded cost."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.hostile.harness import SOURCE, run_cli, snapshot

HEADER = "email,name,role,organisation code\n"
GOOD = "ann@example.nhs.uk,Ann Jones,la_partner,QWO\n"

# Files refused before the database is opened: file name → (bytes, what follows the name)
UNREADABLE = {
    "empty.csv": (b"", ":1: the file is empty: the first line names the columns"),
    "header-only.csv": (HEADER.encode(), ":2: no people after the line of column names"),
    "latin1.csv": (
        (HEADER + GOOD + "bea@example.nhs.uk,Béatrice,observer,\n").encode("latin-1"),
        ":3: not UTF-8 text (byte 0xe9): save the file as CSV UTF-8",
    ),
    "utf16.csv": ((HEADER + GOOD).encode("utf-16"), ":1: not UTF-8 text (byte 0xff)"),
    "nul.csv": ((HEADER + GOOD + "x\x00y,a,b,c\n").encode(), ":3: holds a NUL character"),
    "missing-columns.csv": (
        b"E-mail,Full name,role\nann@example.nhs.uk,Ann,observer\n",
        ":1: missing column(s): email, name, organisation code (the columns found: 'e-mail', "
        "'full name', 'role')",
    ),
    "too-many.csv": (
        (HEADER + "".join(f"p{i}@x.uk,P,observer,\n" for i in range(10_001))).encode(),
        ":10002: more than 10000 people",
    ),
    "too-large.csv": ((HEADER + "a" * (3 * 2**20)).encode(), ": larger than 2 MB"),
    "spreadsheet.xlsx.csv": (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xab\xcd", ":1: not UTF-8 text"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A data folder: the first national user made on an empty database by the command, then
    the pack's regions and systems (what `ltpif round open` will load)."""
    folder = tmp_path_factory.mktemp("people")
    run = run_cli(
        "users", "create-national", "first@example.nhs.uk", "--data-dir", folder / "data",
        cwd=folder,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert re.search(r"http://127\.0\.0\.1:8000/invitations/[\w-]{43}/\n", run.out), run.out
    geography = (
        "from pathlib import Path\n"
        "from ltpif.web.boot import configure\n"
        f"configure(Path({str(folder / 'data')!r}))\n"
        "from ltpif.framework.loader import load_pack\n"
        "from ltpif.web.planning.setup import load_geography\n"
        "load_geography(load_pack())\n"
    )
    env = {"PYTHONPATH": SOURCE, "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", geography], env=env, check=True, timeout=120)
    return folder


def test_create_national_on_an_empty_database_makes_one(folder):
    from tests.hostile.harness import row_counts

    counts = row_counts(folder / "data" / "ltpif.sqlite3")
    assert counts["auth_user"] == 1
    assert counts["people_invitation"] == 1
    assert counts["planning_auditevent"] == 1
    again = run_cli(
        "users", "create-national", "second@example.nhs.uk", "--data-dir", folder / "data",
        cwd=folder,
    )  # fmt: skip
    again.assert_refused(
        "second@example.nhs.uk: the national user first@example.nhs.uk exists already"
    )


@pytest.mark.parametrize("name", UNREADABLE)
def test_an_unreadable_file_is_refused_and_opens_no_database(tmp_path, name):
    data, expected = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(data)
    args = ["users", "import", path, "--data-dir", tmp_path / "fresh"]
    run_cli(*args, cwd=tmp_path).assert_refused(f"{path}{expected}")
    assert not (tmp_path / "fresh").exists()


ROWS = (
    HEADER
    + GOOD  # 2: fine
    + "bad address,Bo,boss,ZZZ\n"  # 3
    + "ANN@example.nhs.uk,Ann twice,observer,\n"  # 4
    + "first@example.nhs.uk,First,observer,\n"  # 5
    + "\"=cmd|' /C calc'!A0\",Eve,observer,Y56\n"  # 6: a spreadsheet formula, only quoted
    + "cy@example.nhs.uk,Cy,system_lead,\n"  # 7
    + '"multi\nline@example.nhs.uk",Di,observer,\n'  # 8-9: a quoted line break
)


def test_every_problem_of_a_file_is_listed_at_its_line_and_nobody_is_made(folder):
    path = folder / "people.csv"
    path.write_text(ROWS, encoding="utf-8")
    before = snapshot(folder / "data")
    run = run_cli("users", "import", path, "--data-dir", folder / "data", cwd=folder)
    run.assert_refused(
        f"{path}:3: email: 'bad address': Enter an email address in the correct format",
        f"{path}:3: role: 'boss' is not a role you can give",
        f"{path}:3: organisation code: ZZZ is not an organisation of this round",
        f"{path}:4: email: ann@example.nhs.uk is on line 2 too",
        f"{path}:5: email: first@example.nhs.uk already has an account",
        f"{path}:6: email: \"=cmd|' /C calc'!A0\": Enter an email address",
        f"{path}:7: organisation code: Give the code of their system",
        f"{path}:9: email: 'multi\\nline@example.nhs.uk': Enter an email address",
    )
    assert run.err.count(f"{path}:") == 8
    assert snapshot(folder / "data") == before


def test_a_good_file_invites_everyone(folder):
    path = folder / "good.csv"
    path.write_text(HEADER + GOOD + "raj@example.nhs.uk,Raj,regional_lead,Y56\n")
    run = run_cli("users", "import", path, "--data-dir", folder / "data", cwd=folder)
    assert run.code == 0, run.err
    assert "Invited 2 people" in run.out
    assert run.out.count("/invitations/") == 2  # the console backend prints each email


@pytest.mark.parametrize(
    ("database_url", "said"),
    [
        ("postgres://nobody:s3cret@127.0.0.1:1/ltpif", "Cannot use the PostgreSQL database ltpif"),
        ("mysql://somewhere/ltpif", "DATABASE_URL cannot be used"),
    ],
)
def test_an_unusable_database_is_exit_3_in_one_line(tmp_path, database_url, said):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD)
    env = {"PYTHONPATH": SOURCE, "PATH": "/usr/bin:/bin", "DATABASE_URL": database_url}
    for args in (["users", "import", str(path)], ["users", "create-national", "a@b.nhs.uk"]):
        done = subprocess.run(
            [sys.executable, "-m", "ltpif", *args, "--data-dir", str(tmp_path / "data")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 3, done.stderr
        assert said in done.stderr and "s3cret" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
