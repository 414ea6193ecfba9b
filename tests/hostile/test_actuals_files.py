"""`ltpif actuals load` on hostile CSV and XLSX files: refused, located, nothing written.

Each case runs against a data folder holding one load already (its files and the database's
row counts must not change) and against a fresh folder (which must stay absent).
"""

from __future__ import annotations

import struct

import pytest

from tests.hostile.harness import run_cli, snapshot
from tests.hostile.test_packs_and_workbooks import ENTITIES, zipped

pytestmark = pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")

HEADER = "organisation_code,metric,period,value\n"
GOOD_ROW = "E54000007,rtt-waiting-list,2019-04,1\n"


def _declaring(members: dict[str, bytes], size: int) -> bytes:
    """A zip whose directory declares every member `size` bytes unpacked: a bomb's header."""
    data = bytearray(zipped(members))
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 24 : at + 28] = struct.pack("<I", size)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _duplicates(rows: int) -> bytes:
    return (HEADER + "E54000007,rtt-waiting-list,2019-05,1\n" * rows).encode()


CASES = {
    # file name: (bytes, texts expected after the file's name in stderr)
    "header-only.csv": (HEADER.encode(), ":2: no rows after the header"),
    "empty.csv": (b"", ":1: the file is empty"),
    "utf16.csv": ((HEADER + GOOD_ROW).encode("utf-16"), ": not a UTF-8 text (CSV) file"),
    "latin1.csv": ((HEADER + "Café,x,2019-04,1\n").encode("latin-1"), ": not a UTF-8 text"),
    "bom-bad-code.csv": (
        ("\ufeff" + HEADER + "XXX,rtt-waiting-list,2019-04,1\n").encode(),
        ":2: organisation_code: unknown organisation code 'XXX'",
    ),
    "nul-byte.csv": ((HEADER + "E54000007,rtt-wait\x00ing-list,2019-04,1\n").encode(), ":"),
    "injection-and-traversal.csv": (  # cells that a spreadsheet would run are only quoted
        (
            HEADER + '=HYPERLINK("http://x"),@SUM(1),2019-04,+1\n../../etc/passwd,-1,2019-04,1\n'
        ).encode(),
        ":2: organisation_code: unknown organisation code '=HYPERLINK(\"http://x\")'",
        ":3: organisation_code: unknown organisation code '../../etc/passwd'",
    ),
    "5000-digit-value.csv": (
        (HEADER + "E54000007,rtt-waiting-list,2019-04," + "9" * 5000 + "\n").encode(),
        ":2: value: '" + "9" * 79 + "…' is too large: enter a number within ±1,000,000,000,000,000",
    ),
    "not-finite.csv": (
        (
            HEADER
            + "E54000007,rtt-waiting-list,2019-04,nan\nE54000007,rtt-waiting-list,2019-05,1e999\n"
        ).encode(),
        ":2: value: 'nan' is not a number",
        ":3: value: '1e999' is too large: enter a number within ±1,000,000,000,000,000",
    ),
    "duplicates.csv": (
        _duplicates(100_000),  # 4 MB of one row repeated: reading stops at 10,000 problems
        ":3: the same organisation, metric, period and quintile as line 2",
    ),
    "entity-bomb.xlsx": (
        zipped({"xl/workbook.xml": ENTITIES}),
        ": the workbook's part xl/workbook.xml declares an XML document type",
    ),
    "zip-bomb.xlsx": (
        _declaring({"xl/workbook.xml": b"<workbook/>"}, 0xFFFFFFF0),
        ": the workbook unpacks to more than 2000 MB",
    ),
    "malformed.xlsx": (
        zipped({"xl/workbook.xml": b"<workbook><sheets>"}),
        ": the workbook cannot be read",
    ),
    "csv-named.xlsx": (HEADER.encode() + b"a,b,c,d\n", ": not an Excel workbook (.xlsx)"),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A data folder holding one load."""
    folder = tmp_path_factory.mktemp("loaded")
    good = folder / "good.csv"
    good.write_text(HEADER + GOOD_ROW)
    run = run_cli(
        "actuals", "load", good, "--format", "long", "--data-dir", folder / "data", cwd=folder
    )
    assert run.code == 0, run.err
    return folder


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_file_is_refused_and_changes_nothing(loaded, name):
    data, *expected = CASES[name]
    path = loaded / name
    path.write_bytes(data)
    try:
        before = snapshot(loaded / "data")
        args = ["actuals", "load", path, "--format", "long", "--data-dir", loaded / "data"]
        run_cli(*args, cwd=loaded).assert_refused(*(f"{name}{e}" for e in expected))
        assert snapshot(loaded / "data") == before
    finally:
        path.unlink()


@pytest.mark.parametrize("name", ["header-only.csv", "malformed.xlsx"])
def test_a_refused_file_leaves_a_fresh_data_folder_absent(tmp_path, name):
    data, expected = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    args = ["actuals", "load", path, "--format", "long", "--data-dir", tmp_path / "fresh"]
    run_cli(*args, cwd=tmp_path).assert_refused(f"{name}{expected}")
    assert not (tmp_path / "fresh").exists()


def test_a_loaded_file_in_the_wrong_format_is_refused(loaded):
    before = snapshot(loaded / "data")
    args = ["actuals", "load", loaded / "good.csv", "--format", "ae-monthly"]
    run = run_cli(*args, "--data-dir", loaded / "data", cwd=loaded)
    run.assert_refused(
        f"{loaded / 'good.csv'}: not in the ae-monthly format: it was loaded as long"
    )
    assert snapshot(loaded / "data") == before
