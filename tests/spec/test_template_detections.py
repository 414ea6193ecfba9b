"""Every case the template's import must detect and explain, one test each, with its message."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from ltpif.framework.loader import load_pack
from ltpif.interchange.template.export import export_workbook
from ltpif.interchange.template.importer import StaleWorkbook, import_workbook
from ltpif.interchange.template.reading import MAX_BYTES, MAX_UNPACKED
from tests.packs import copy_pack
from tests.workbooks import (
    FILE,
    PACK,
    SYSTEM,
    cell_of,
    demo_plan,
    edit,
    exported,
    imported,
    key_rows,
    problems,
    set_cell,
    zipped,
)

DATA = Path(__file__).resolve().parents[1] / "data"
FRESH = "put it back as it was, or download a fresh workbook"
INCOME_2019 = cell_of("organisation 1: income", "Finance", "D")  # 2019/20: the second year


def test_a_workbook_for_another_system():
    other = PACK.geography.system[2]
    assert problems(exported(), system=other.code) == [
        f"this workbook is for {SYSTEM.name} ({SYSTEM.code}), not {other.name} ({other.code})"
    ]


@pytest.mark.parametrize(
    ("cell", "value", "exported_for"),
    [("B3", "2018.1", "ltpif-2019 2018.1"), ("B2", "ltpif-2024", "ltpif-2024 2019.1")],
    ids=["pack version", "pack"],
)
def test_a_workbook_for_another_pack_or_pack_version(cell, value, exported_for):
    data = edit(exported(), set_cell("ltpif", cell, value))
    assert problems(data) == [
        f"exported for framework pack {exported_for}; ltpif now uses ltpif-2019 2019.1: "
        "download a fresh workbook from ltpif"
    ]


def test_a_workbook_from_an_older_plan_version_is_never_applied():
    data = edit(exported(), set_cell("Finance", INCOME_2019, 5000))
    with pytest.raises(StaleWorkbook) as stale:
        imported(data, current_version=5)
    assert [p.message for p in stale.value.problems] == [
        "exported at save 3 of the plan, but the plan has been saved since (save 5): nothing "
        "was applied. "
        "Compare its changes with the current plan, then enter them in a fresh download"
    ]
    assert stale.value.exported_version == "3"
    assert [c.where for c in stale.value.changes] == [
        "finance.organisations[DEMO-QWO-01].years[2019/20].income"
    ]
    assert stale.value.plan.finance.organisations[0].years["2019/20"].income == 5000


def test_a_workbook_from_a_plan_changed_since_is_never_applied():
    with pytest.raises(StaleWorkbook, match="the plan has changed since this workbook"):
        imported(exported(), current_version=3, current_hash="0" * 64)


def test_the_current_version_is_applied():
    assert imported(exported(), current_version=3).plan == demo_plan()


def test_a_sheet_renamed():
    data = edit(exported(), lambda book: setattr(book["Finance"], "title", "Finance (2)"))
    assert problems(data) == [
        "Finance: the sheet 'Finance' is missing: sheets must keep their names (the workbook "
        "has 'Finance (2)', not a sheet of the template: was it renamed?)"
    ]


def test_a_sheet_removed():
    data = edit(exported(), lambda book: book.remove(book["Workforce"]))
    assert problems(data) == [
        "Workforce: the sheet 'Workforce' is missing: sheets must keep their names"
    ]


def test_rows_inserted():
    row = key_rows("Finance")["organisation 1: expenditure"]
    data = edit(exported(), lambda book: book["Finance"].insert_rows(row, 2))
    assert problems(data) == [
        f"Finance!A{row}: 2 row(s) were inserted above row {row}: delete them. ltpif finds each "
        "row by its key in column A, so rows must stay where they were."
    ]


def test_a_row_deleted():
    row = key_rows("Workforce")["staff group 2"]
    data = edit(exported(), lambda book: book["Workforce"].delete_rows(row))
    assert problems(data) == [
        f"Workforce!A{row}: row(s) 'staff group 2' were deleted and the rows below moved up: "
        f"{FRESH}. ltpif finds each row by its key in column A, so rows must stay where they were."
    ]


def test_rows_moved():
    first, second = key_rows("Commitments")["nhs-app"], key_rows("Commitments")["fax-machines"]

    def swap(book):
        sheet = book["Commitments"]
        for col in range(1, 10):
            a, b = sheet.cell(first, col), sheet.cell(second, col)
            a.value, b.value = b.value, a.value

    rule = "ltpif finds each row by its key in column A, so rows must stay where they were."
    found = {
        f"Commitments!A{second}: the row 'nhs-app' belongs at row {first}, not {second}: {rule}",
        f"Commitments!A{first}: the row 'fax-machines' belongs at row {second}, not {first}: "
        + rule,
    }
    assert set(problems(edit(exported(), swap))) == found


def test_locked_cells_changed():
    row = key_rows("Commitments")["nhs-app"]
    title = PACK.commitment_by_id["nhs-app"].title
    data = edit(exported(), set_cell("Commitments", f"B{row}", "Something else"))
    assert problems(data) == [
        f"Commitments!B{row}: a locked cell was changed from {title!r} to 'Something else': {FRESH}"
    ]


def test_a_key_cell_changed():
    row = key_rows("Commitments")["nhs-app"]
    data = edit(exported(), set_cell("Commitments", f"A{row}", "the app"))
    assert problems(data) == [
        f"Commitments!A{row}: the key cell reads 'the app'; the key 'nhs-app' belongs there: key "
        f"cells are locked, {FRESH}"
    ]


def test_text_typed_outside_the_template_cells():
    data = edit(exported(), set_cell("Finance", "K9", "see note"))
    assert problems(data) == [
        "Finance!K9: outside the template's cells, but holds 'see note': clear it"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("lots", "'lots' is not a number"),
        (
            "4,500.5",
            "'4,500.5' is text, not a number: type the number 4500.5 (the cell may be formatted "
            "as text)",
        ),
    ],
)
def test_text_in_a_number_cell(value, message):
    data = edit(exported(), set_cell("Finance", INCOME_2019, value))
    assert problems(data) == [f"Finance!{INCOME_2019}: {message}"]


MARKER = 123456.789  # a number typed into a cell, then swapped for other text in the sheet's XML
TOO_LARGE = "is too large: enter a number within ±1,000,000,000,000,000"


def _stored_in_cell(data: bytes, text: bytes) -> bytes:
    """The workbook with the number `MARKER` stored as `text` instead (Excel never writes
    1e999 or NaN itself: such a file is made by another tool, or by hand)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, content.replace(f"<v>{MARKER}</v>".encode(), text))
    return out.getvalue()


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        (b"<v>1e999</v>", "inf is infinite: enter a finite number"),  # read as infinity
        (b"<v>-1e999</v>", "-inf is infinite: enter a finite number"),
        (b"<v>1e16</v>", f"1e+16 {TOO_LARGE}"),
    ],
)
def test_a_number_cell_holding_no_finite_number(stored, message):
    data = _stored_in_cell(edit(exported(), set_cell("Finance", INCOME_2019, MARKER)), stored)
    assert problems(data) == [f"Finance!{INCOME_2019}: {message}"]


@pytest.mark.parametrize("stored", [b"<v>NaN</v>", b"<v>inf</v>", b"<v>" + b"9" * 5000 + b"</v>"])
def test_a_number_cell_the_reader_cannot_take_names_its_sheet(stored):
    data = _stored_in_cell(edit(exported(), set_cell("Finance", INCOME_2019, MARKER)), stored)
    (found,) = problems(data)
    assert found.startswith("the sheet 'Finance' cannot be read")
    assert "9" * 100 not in found


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "'nan' is not a number"),
        ("NaN", "'NaN' is not a number"),
        ("1e999", f"'1e999' {TOO_LARGE}"),
        ("-Infinity", "'-Infinity' is infinite: enter a finite number"),
        (
            "12,5,0",
            "'12,5,0' has a thousands separator in the wrong place: write 1,250 or 1250, with a "
            "point for decimals",
        ),
        ("١٢٣", "'١٢٣' has digits other than 0 to 9: type it with the digits 0 to 9"),
    ],
)
def test_a_bad_number_typed_as_text_in_a_number_cell(value, message):
    data = edit(exported(), set_cell("Finance", INCOME_2019, value))
    assert problems(data) == [f"Finance!{INCOME_2019}: {message}"]


def test_a_negative_count_is_named_at_its_cell():
    row = key_rows("Trajectories")["elective-surgery-spells"]
    data = edit(exported(), set_cell("Trajectories", f"E{row}", -5))
    assert problems(data) == [f"Trajectories!E{row}: -5 is negative: a count cannot be below 0"]


def test_a_numerator_above_its_denominator_is_named_at_its_cell():
    row = key_rows("Trajectories")["adult-crisis-24-7-coverage:numerator"]
    data = edit(exported(), set_cell("Trajectories", f"E{row}", 10**9))
    (found,) = problems(data)
    assert found.startswith(f"Trajectories!E{row}: the numerator (1000000000) is more than")
    assert found.endswith(": a proportion cannot be above 100%")


def test_a_formula_where_a_value_belongs():
    data = edit(exported(), set_cell("Finance", INCOME_2019, "=C9*1.02"))
    assert problems(data) == [
        f"Finance!{INCOME_2019}: a formula ('=C9*1.02') where a value belongs: type the value "
        "itself"
    ]


@pytest.fixture(scope="module")
def percentage_pack(tmp_path_factory):
    """The pack with one metric in percentages entered directly (no numerator/denominator)."""
    folder = copy_pack(tmp_path_factory.mktemp("pack"))
    path = folder / "commitments-service-model.toml"
    text = path.read_text()
    name = "Local mental health crisis pathway in place"
    flag = f'id = "mh-crisis-pathway"\nname = "{name}"\nunit = "flag"'
    assert flag in text
    path.write_text(text.replace(flag, flag.replace('"flag"', '"proportion"')))
    return load_pack(folder)


def test_a_percentage_typed_as_75_where_75_percent_is_meant(percentage_pack):
    plan = demo_plan()
    data = export_workbook(percentage_pack, plan, "1")
    row = key_rows("Trajectories")["mh-crisis-pathway"]
    entered = edit(data, set_cell("Trajectories", f"E{row}", 75))
    with pytest.raises(Exception) as refused:
        import_workbook(percentage_pack, entered, FILE)
    assert [str(p) for p in refused.value.problems] == [
        f"{FILE}: Trajectories!E{row}: 75 looks like a percentage: type 75%"
    ]
    fine = import_workbook(
        percentage_pack, edit(data, set_cell("Trajectories", f"E{row}", 0.75)), FILE
    )
    commitment = percentage_pack.commitment_of_metric["mh-crisis-pathway"].id
    _, entry = fine.plan.commitment_plan(commitment)
    assert {t.metric: t for t in entry.trajectories}["mh-crisis-pathway"].values["2019/20"] == 0.75


def test_a_date_typed_as_text():
    cell = cell_of("engagement 1", "Engagement", "B")
    data = edit(exported(), set_cell("Engagement", cell, "06/07/2019"))
    assert problems(data) == [
        f"Engagement!{cell}: '06/07/2019' is a date typed as text: clear the cell and type the "
        "date again so that Excel stores it as a date (for example 2019-09-27)"
    ]


def test_entries_half_filled_or_outside_the_plan_are_named_cell_by_cell():
    finance, milestones, commitments = (
        key_rows("Finance"),
        key_rows("Milestones"),
        key_rows("Commitments"),
    )
    spare = f"organisation {len(demo_plan().finance.organisations) + 1}"

    def change(book):
        book["Finance"][f"C{finance[spare + ': code']}"] = "NEW1"
        book["Milestones"][f"C{milestones['milestone 25']}"] = dt.datetime(2020, 1, 1)
        book["Milestones"][f"B{milestones['milestone 26']}"] = "nhs-app"
        book["Commitments"][f"E{commitments['nhs-app']}"] = "No"
        book["Commitments"][f"F{commitments['fax-machines']}"] = None
        book["Commitments"][f"G{commitments['fax-machines']}"] = "Lead"

    nhs_app, fax = commitments["nhs-app"], commitments["fax-machines"]
    assert problems(edit(exported(), change)) == [
        f"Commitments!F{fax}: required: fill it in",
        f"Commitments!E{nhs_app}: 'In plan' is not Yes, but the commitment has entries, such as "
        f"Commitments!H{nhs_app}: say Yes, or clear them",
        f"Milestones!B{milestones['milestone 25']}: choose the milestone's commitment from the "
        "list",
        f"Milestones!B{milestones['milestone 26']}: nhs-app is not in the plan: say Yes under "
        f"'In plan' at Commitments!E{nhs_app}",
        f"Finance!A{finance[spare]}: years is required: fill in its cells",
        f"Finance!C{finance[spare + ': name']}: required: fill it in",
        f"Finance!C{finance[spare + ': kind']}: required: fill it in",
    ]


def test_a_date_outside_the_plan_period_is_named_at_its_cell():
    cell = cell_of("milestone 1", "Milestones", "C")
    data = edit(exported(), set_cell("Milestones", cell, dt.datetime(2030, 1, 1)))
    first, last = PACK.window
    assert problems(data) == [
        f"Milestones!{cell}: 2030-01-01 is outside the plan period ({first} to {last})"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"Key,Line\nincome,12\n", "not an Excel workbook (.xlsx): the file is of another kind"),
        (b"%PDF-1.7\n", "not an Excel workbook (.xlsx): the file is of another kind"),
        (zipped({"report.txt": b"hello"}), "a zip file, not an Excel workbook (.xlsx)"),
        (exported()[:5000], "not an Excel workbook (.xlsx): the file is damaged"),
        (
            (DATA / "old-format.xls").read_bytes(),
            "an old Excel 97-2003 (.xls) file: save it as an Excel workbook (.xlsx)",
        ),
        (
            (DATA / "opendocument.ods").read_bytes(),
            "an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx)",
        ),
    ],
    ids=["empty", "csv", "pdf", "zip", "truncated", "xls", "ods"],
)
def test_a_file_that_is_not_a_workbook(data, message):
    (found,) = problems(data)
    assert found.startswith(message)


def test_a_workbook_from_elsewhere():
    data = edit(exported(), lambda book: book.remove(book["ltpif"]))
    assert problems(data) == [
        "not an ltpif planning workbook: its hidden sheet 'ltpif' was removed: download a fresh "
        "workbook from ltpif"
    ]


def test_a_damaged_metadata_sheet():
    data = edit(exported(), set_cell("ltpif", "B8", "{}"))
    assert problems(data) == [
        "the hidden sheet 'ltpif' is damaged (its copy of the plan): download a fresh workbook "
        "from ltpif"
    ]


def test_a_password_protected_workbook():
    assert problems((DATA / "password-protected.xlsx").read_bytes()) == [
        "the workbook is password-protected: remove the password to open it (File > Info > "
        "Protect Workbook > Encrypt with Password), save and upload again"
    ]


def test_a_file_far_too_large():
    (found,) = problems(b"PK" + bytes(MAX_BYTES))
    assert found == (
        "the file is 10.0 MB, far larger than a plan workbook can be (at most 10 MB): is it the "
        "right file?"
    )


def test_a_workbook_that_unpacks_to_far_too_much():
    bomb = zipped({"xl/workbook.xml": b"<workbook/>", "xl/big.xml": bytes(MAX_UNPACKED + 1)})
    assert len(bomb) < MAX_BYTES
    assert problems(bomb) == [
        "the workbook unpacks to more than 100 MB, far more than a plan workbook can be: is it "
        "the right file?"
    ]
