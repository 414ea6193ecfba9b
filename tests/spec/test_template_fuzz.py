"""Random corruptions of a valid workbook never crash the import and never half-apply it:
the answer is always a clean list of located problems, or a whole, valid plan.

Corruptions are made in the file itself (the zip and its XML), as damaged downloads, other
tools and careless hands make them: bytes changed, a cell given another value or type, a row
or a file removed, a sheet renamed, a part cut short.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ltpif.framework.problems import InputError
from ltpif.framework.typed import parse, to_plain
from ltpif.interchange.template.importer import import_workbook
from ltpif.plans.document import Plan
from ltpif.plans.validate import validate_plan
from tests.workbooks import FILE, PACK, exported, zipped

CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
ROW = re.compile(rb"<row [^>]*>.*?</row>", re.S)
SHEET_NAME = re.compile(rb'<sheet name="([^"]+)"')
KEY = re.compile(r"^$|^[^!]+$|^[^!]+![A-Z]+[0-9]+$")  # the whole file, a sheet, or a cell


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


ORIGINAL = _members(exported())
SHEETS = sorted(name for name in ORIGINAL if name.startswith("xl/worksheets/sheet"))

values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: f"<v>{x!r}</v>".encode()),
    st.integers(-(10**20), 10**20).map(lambda n: f"<v>{n}</v>".encode()),
    st.sampled_from(["75", "75%", "27/09/2019", "=1+2", "", " ", "Yes", "provider", "2019/20"]).map(
        lambda text: f'<is><t xml:space="preserve">{escape(text)}</t></is>'.encode()
    ),
    st.text(max_size=30).map(lambda t: f"<is><t>{escape(t)}</t></is>".encode()),
    st.sampled_from([b"<f>SUM(C5:C9)</f>", b"<f>1/0</f><v>#DIV/0!</v>", b"<v>1</v>"]),
)
TYPES = {b"<is>": b' t="inlineStr"', b"<f>1/0": b' t="e"', b"<v>1</v>": b' t="b"'}


@st.composite
def new_cell(draw, reference: bytes) -> bytes:
    content = draw(values)
    kind = next((t for start, t in TYPES.items() if content.startswith(start)), b"")
    if content.startswith(b"<v>1</v>") and draw(st.booleans()):
        kind = b""  # the number 1, not TRUE
    return b'<c r="' + reference + b'"' + kind + b">" + content + b"</c>"


@st.composite
def corrupted(draw) -> bytes:
    members = dict(ORIGINAL)
    kind = draw(st.sampled_from(["cell", "cell", "cell", "row", "sheet", "file", "cut", "bytes"]))
    sheet = draw(st.sampled_from(SHEETS))
    xml = members[sheet]
    if kind == "cell":
        for _ in range(draw(st.integers(1, 3))):
            cells = list(CELL.finditer(xml))
            found = cells[draw(st.integers(0, len(cells) - 1))]
            reference = found.group(1) + found.group(2)
            replacement = draw(st.just(b"") | new_cell(reference))
            xml = xml[: found.start()] + replacement + xml[found.end() :]
        members[sheet] = xml
    elif kind == "row":
        rows = list(ROW.finditer(xml))
        found = rows[draw(st.integers(0, len(rows) - 1))]
        members[sheet] = xml[: found.start()] + xml[found.end() :]
    elif kind == "sheet":
        names = SHEET_NAME.findall(members["xl/workbook.xml"])
        old = draw(st.sampled_from(names))
        new = draw(st.sampled_from([b"Sheet1", old + b" (2)", old.lower()]))
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
            b'"' + old + b'"', b'"' + new + b'"', 1
        )
    elif kind == "file":
        del members[draw(st.sampled_from(sorted(members)))]
    elif kind == "cut":
        name = draw(st.sampled_from(sorted(members)))
        members[name] = members[name][: draw(st.integers(0, len(members[name]) - 1))]
    if kind != "bytes":
        return zipped(members)
    data = bytearray(exported())
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted())
def test_a_corrupted_workbook_gives_a_clean_problem_list_or_a_whole_valid_plan(data):
    try:
        result = import_workbook(PACK, data, FILE)
    except InputError as refused:
        assert refused.problems
        for problem in refused.problems:
            assert problem.file == FILE and problem.message.strip()
            assert KEY.match(problem.key), problem.key
        return
    plan = result.plan
    assert parse(Plan, to_plain(plan)) == plan
    found: list[str] = []
    validate_plan(plan, PACK, lambda path, message: found.append(message))
    assert found == []
