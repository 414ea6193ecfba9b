"""A real spreadsheet program: LibreOffice Calc opens exported workbooks, recalculates them and
saves them as .xlsx again. The import takes the result without a change to the plan, and the
Checks sheet's live formulas, as LibreOffice worked them out, agree with ltpif's own measures.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest

from ltpif.demo.plans import demo_assignments
from ltpif.plans.finance import organisation_measures, system_measures
from tests.workbooks import PACK, demo_plan, exported, imported

pytestmark = pytest.mark.libreoffice
SOFFICE = shutil.which("soffice")


def _failing_only(failing: str) -> str:
    """A demo system whose plan fails in this one way and in no other of its finances (a
    partner's concerns at sign-off do not touch the workbook's financial checks)."""
    return next(
        code
        for code, found in demo_assignments(PACK).items()
        if failing in found and set(found) <= {failing, "la-concerns"}
    )


LOW_PRODUCTIVITY, DEFICIT = _failing_only("low-productivity"), _failing_only("deficit-2021-22")


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> dict[str, bytes]:
    """Each plan's workbook after LibreOffice opened and saved it as .xlsx."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for code in (LOW_PRODUCTIVITY, DEFICIT):
        source = folder / "in" / f"{code}.xlsx"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(exported(code))
        sources.append(str(source))
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx"]
    command += ["--outdir", str(folder / "out"), *sources]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return {
        code: (folder / "out" / f"{code}.xlsx").read_bytes() for code in (LOW_PRODUCTIVITY, DEFICIT)
    }


@pytest.mark.parametrize("code", [LOW_PRODUCTIVITY, DEFICIT])
def test_a_workbook_saved_by_libreoffice_imports_without_a_change(resaved, code):
    assert resaved[code] != exported(code)  # LibreOffice wrote it its own way
    result = imported(resaved[code])
    assert result.changes == []
    assert result.plan == demo_plan(code)


def _checks(data: bytes) -> dict[str, list]:
    """The Checks sheet's rows by label, with the values LibreOffice calculated."""
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    try:
        rows = book["Checks"].iter_rows(
            min_col=2, max_col=2 + len(PACK.plan_years), values_only=True
        )
        return {row[0]: list(row[1:]) for row in rows if row[0]}
    finally:
        book.close()


def _verdict(passed: bool, failed: str) -> str:
    return "OK" if passed else failed


def test_libreoffice_works_out_the_checks_as_ltpif_does(resaved):
    years = PACK.plan_years
    rule = next(r for r in PACK.rules.rule if r.check == "productivity-growth")
    for code in (LOW_PRODUCTIVITY, DEFICIT):
        plan, checks = demo_plan(code), _checks(resaved[code])
        system = system_measures(plan, years)
        assert checks["Income"] == pytest.approx([row.income for row in system])
        balance = [_verdict(row.surplus >= 0, "Deficit") for row in system]
        assert checks["The system is in balance"] == balance
        for index, org in enumerate(plan.finance.organisations):
            expected = []
            for row in organisation_measures(org, years):
                extra = org.kind == "provider" and row.in_deficit_before
                required = rule.params["min_growth"] + (
                    rule.params["deficit_extra"] if extra else 0
                )
                expected.append(_verdict(row.productivity >= required, "Below"))
            assert checks[f"Organisation {index + 1}: productivity"] == expected, (code, org.code)
    low = _checks(resaved[LOW_PRODUCTIVITY])
    assert any("Below" in row for label, row in low.items() if label.endswith("productivity"))
    assert "Deficit" in _checks(resaved[DEFICIT])["The system is in balance"]
