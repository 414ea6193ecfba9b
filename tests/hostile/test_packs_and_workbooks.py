"""`ltpif framework check` on hostile packs and `ltpif template import` on hostile workbooks."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.hostile.harness import run_cli, snapshot
from tests.packs import copy_pack

DEEP = ":8: nested more than 20 levels deep: far deeper than a pack file"
PACK_CASES = {
    # periods.toml (7 lines) gets line 8: (text, expected after "periods.toml")
    "deep-arrays": ("x = " + "[" * 1000 + "]" * 1000, DEEP),
    "deep-tables": (
        "x = " + "{a = " * 300 + "1" + "}" * 300,
        DEEP.replace(": ", ": x" + ".a" * 20 + ": ", 1),
    ),
    "long-dotted-key": ("[" + ".".join(["t"] * 1200) + "]\nb = 1", DEEP),
    "huge-integer": ("x = " + "9" * 5000, ":8: not valid TOML: a number far too long"),
    "nul-byte": ("x = 'a\x00b'", ":8: not valid TOML"),
    "5000-problems": (
        "".join(f"extra_{n} = {n}\n" for n in range(5000)),
        ":8: extra_0: unknown key",
    ),
}


@pytest.mark.parametrize("name", PACK_CASES)
def test_a_hostile_pack_is_refused(tmp_path, name):
    added, expected = PACK_CASES[name]
    pack = copy_pack(tmp_path)
    periods = pack / "periods.toml"
    assert len(periods.read_text().splitlines()) == 7
    periods.write_text(periods.read_text() + added + "\n")
    before = snapshot(tmp_path)
    run_cli("framework", "check", pack, cwd=tmp_path).assert_refused(f"periods.toml{expected}")
    assert snapshot(tmp_path) == before


def test_a_pack_file_in_utf16_is_refused(tmp_path):
    pack = copy_pack(tmp_path)
    periods = pack / "periods.toml"
    periods.write_bytes(periods.read_text().encode("utf-16"))
    run = run_cli("framework", "check", pack, cwd=tmp_path)
    run.assert_refused("periods.toml: not UTF-8 text")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _entity(n: int) -> bytes:
    inner = ("&lol;" if n == 1 else f"&lol{n - 1};") * 10
    return f'<!ENTITY lol{n} "{inner}">'.encode()


ENTITIES = (  # billion laughs: lol9 stands for 10**9 "lol"s
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(_entity(n) for n in range(1, 10))
    + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<x>&lol9;</x></workbook>"
)
WORKBOOK_CASES = {
    "entity-bomb": (
        zipped({"xl/workbook.xml": ENTITIES}),
        ": the workbook's part xl/workbook.xml declares an XML document type",
    ),
    "external-entity": (
        zipped(
            {
                "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><workbook>&x;</workbook>'
            }
        ),
        ": the workbook's part xl/workbook.xml declares an XML document type",
    ),
    "zip-bomb": (
        zipped({"xl/workbook.xml": b"<workbook/>", "xl/big.xml": bytes(150_000_000)}),
        ": the workbook unpacks to more than 100 MB",
    ),
    "malformed-xml": (zipped({"xl/workbook.xml": b"<workbook><sheets>"}), ": the workbook cannot"),
    "traversal-member": (
        zipped({"xl/workbook.xml": b"<workbook/>", "../../escaped.txt": b"x"}),
        ": the workbook cannot",
    ),
    "not-a-zip": (b"PK\x03\x04 but no zip", ": not an Excel workbook (.xlsx): the file is damaged"),
    "csv-renamed": (b"=cmd|'/C calc'!A0,+1,-1,@SUM(1)\n", ": not an Excel workbook (.xlsx)"),
    "empty": (b"", ": the file is empty"),
    "oversize": (b"PK" + bytes(10_000_001), ": the file is 10.0 MB"),
}


@pytest.mark.parametrize("name", WORKBOOK_CASES)
def test_a_hostile_workbook_is_refused(tmp_path, name):
    data, expected = WORKBOOK_CASES[name]
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(data)
    before = snapshot(tmp_path)
    run = run_cli("template", "import", path, "--out", tmp_path / "plan.yaml", cwd=tmp_path)
    run.assert_refused(f"{path}{expected}")
    assert snapshot(tmp_path) == before
    assert not (tmp_path.parent / "escaped.txt").exists()
