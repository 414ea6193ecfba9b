"""`ltpif publish`: the national implementation plan, reproducible byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from ltpif.cli.main import main
from ltpif.framework.loader import load_pack
from ltpif.interchange.plan_folder import read_plan_folder
from ltpif.interchange.publication.build import STEPS, publish
from ltpif.interchange.publication.html import print_document, print_link
from ltpif.interchange.publication.pages import all_pages
from ltpif.interchange.publication.stamp import make_stamp
from ltpif.plans.canonical import plan_sha256 as plan_hash
from ltpif.plans.files import read_plan
from ltpif.rollup.run import run_rollup

PACK = load_pack()
BUILT = "2019-12-31T12:00:00Z"


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plans")
    assert main(["demo", "plans", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def published(plans_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "plan"
    args = ["publish", str(plans_dir), "--out", str(out), "--no-pdf"]
    assert main([*args, "--build-time", BUILT]) == 0
    return out


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_inputs_give_the_same_bytes(plans_dir, published, tmp_path) -> None:
    again = tmp_path / "again"
    args = ["publish", str(plans_dir), "--out", str(again), "--no-pdf", "--build-time", BUILT]
    assert main(args) == 0
    first, second = digests(published), digests(again)
    assert first == second
    expected = {
        "index.html", "trajectories.html", "regions.html", "systems.html", "method.html",
        "discretion.html",
        "stamp.json", "national-implementation-plan.xlsx", "data/open-data.json",
        "data/totals.csv", "data/plans.csv", "data/ambition_gaps.csv", "data/fair_shares.csv",
        "data/contributions.csv", "data/milestones.csv", "data/ambitions.csv",
    }  # fmt: skip
    assert expected <= set(first)
    ambitions = {f"ambition-{a.id}.html" for a in PACK.ambitions}
    assert ambitions <= set(first)


def test_the_discretion_page_gives_each_plan_and_the_nation_with_the_definition(
    plans_dir, published
) -> None:
    """The index of every plan and nationally (the ratio of the sums), as `ltpif discretion`
    computes it from the same files (issue 15 item 5)."""
    import re

    from ltpif.assurance.discretion import discretion, national

    page = (published / "discretion.html").read_text()
    assert "0 is wholly prescribed, 1 wholly local" in page
    assert "ratio of the sums over the plans" in page
    plans = [read_plan(path).plan for path in sorted(plans_dir.glob("*.yaml"))]
    assert len(plans) == 42
    each = {plan.system: discretion(PACK, plan) for plan in plans}
    together = national(list(each.values()))
    assert f"Index <strong>{together.index:.3f}</strong>" in page
    names = {s.code: s.name for s in PACK.geography.system}
    for code, found in each.items():
        row = re.search(rf"<td>{re.escape(names[code])}</td><td>[^<]*</td><td[^>]*>([^<]+)<", page)
        assert row, code
        assert row.group(1) == f"{found.index:.3f}"
    index = (published / "index.html").read_text()
    assert 'href="discretion.html"' in index


def test_another_build_time_changes_only_the_stamped_files(plans_dir, published, tmp_path):
    later = tmp_path / "later"
    args = ["publish", str(plans_dir), "--out", str(later), "--no-pdf"]
    assert main([*args, "--build-time", "2020-01-02T00:00:00Z"]) == 0
    first, second = digests(published), digests(later)
    changed = {name for name in first if first[name] != second[name]}
    assert "data/plans.csv" not in changed and "data/totals.csv" not in changed
    assert {"stamp.json", "index.html", "national-implementation-plan.xlsx"} <= changed


def test_stamp_names_the_pack_and_hashes_every_plan(plans_dir, published) -> None:
    stamp = json.loads((published / "stamp.json").read_text())
    assert (stamp["pack"], stamp["pack_version"]) == (PACK.id, PACK.meta.version)
    assert stamp["build_time"] == "2019-12-31T12:00:00+00:00"
    assert stamp["engine"] == "reference"
    assert len(stamp["plans"]) == 42
    for entry in stamp["plans"][:3]:
        plan = read_plan(plans_dir / entry["file"]).plan
        assert entry["sha256"] == plan_hash(plan)


def test_a_plan_hash_follows_content_not_layout(plans_dir, tmp_path) -> None:
    path = sorted(plans_dir.glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text())
    relaid = tmp_path / "relaid.yaml"  # keys in another order, flow style
    relaid.write_text(yaml.safe_dump(dict(reversed(data.items())), default_flow_style=True))
    assert plan_hash(read_plan(relaid).plan) == plan_hash(read_plan(path).plan)
    data["title"] += " (revised)"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data))
    assert plan_hash(read_plan(changed).plan) != plan_hash(read_plan(path).plan)


def test_open_data_has_every_number_and_keeps_missing_empty(published) -> None:
    document = json.loads((published / "data" / "open-data.json").read_text())
    with (published / "data" / "totals.csv").open() as handle:
        totals = list(csv.DictReader(handle))
    assert len(totals) == len(document["totals"])
    for row, record in zip(totals[:50], document["totals"][:50], strict=True):
        value = record["value"]  # the CSV to 12 significant digits, without float noise
        if value is None:
            assert row["value"] == ""
        else:
            assert float(row["value"]) == pytest.approx(value, rel=1e-11)
            assert len(row["value"].lstrip("-").replace(".", "").lstrip("0")) <= 14
    with (published / "data" / "plans.csv").open() as handle:
        plans = list(csv.DictReader(handle))
    assert len(plans) == 42 * len(PACK.metric_by_id) * len(PACK.plan_years)
    shares = [r for r in document["fair_shares"] if r["ambition"] == "cyp-mh-access-345000"]
    due = {r["system"]: r["share"] for r in shares}
    assert sum(due.values()) == 345000


def test_workbook_holds_the_tables_and_the_stamp(published) -> None:
    book = openpyxl.load_workbook(published / "national-implementation-plan.xlsx", read_only=True)
    assert book.sheetnames[0] == "About"
    assert {"Totals", "Plans", "Ambition gaps", "Fair shares", "Milestones"} <= set(book.sheetnames)
    about = {row[0]: row[1] for row in book["About"].iter_rows(max_row=6, values_only=True)}
    assert about["Pack version"] == PACK.meta.version
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[0][:5] == ("level", "area", "name", "metric", "year")
    assert len(totals) - 1 == len(PACK.metric_by_id) * len(PACK.plan_years) * 8
    book.close()


def test_pages_link_to_pages_that_exist(published) -> None:
    index = (published / "index.html").read_text()
    for ambition in PACK.ambitions:
        assert f'href="ambition-{ambition.id}.html"' in index
    page = (published / "ambition-pcn-additional-roles-20000.html").read_text()
    assert page.count("<svg") == 2  # the trajectory chart and the regions chart
    assert "<script" not in page


def test_publishing_over_a_previous_publication_replaces_it(plans_dir, published, tmp_path):
    out = tmp_path / "plan"
    args = ["publish", str(plans_dir), "--out", str(out), "--no-pdf", "--build-time", BUILT]
    assert main(args) == 0
    (out / "stale.html").write_text("old")
    assert main(args) == 0
    assert not (out / "stale.html").exists()
    assert digests(out) == digests(published)


def test_a_folder_that_is_not_a_publication_is_left_alone(plans_dir, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep")
    assert main(["publish", str(plans_dir), "--out", str(out), "--no-pdf"]) == 2
    assert "is not a previous publication" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_build_time_from_source_date_epoch(plans_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")
    out = tmp_path / "plan"
    assert main(["publish", str(plans_dir), "--out", str(out), "--no-pdf"]) == 0
    stamp = json.loads((out / "stamp.json").read_text())
    assert stamp["build_time"] == "2020-01-01T00:00:00+00:00"


def test_a_bad_build_time_is_refused(plans_dir, tmp_path, capsys) -> None:
    out = tmp_path / "plan"
    args = ["publish", str(plans_dir), "--out", str(out), "--build-time", "yesterday"]
    assert main(args) == 2
    assert "not a time: 'yesterday'" in capsys.readouterr().err
    assert not out.exists()


def test_progress_reports_every_step_and_the_pdf_is_printed(plans_dir, tmp_path) -> None:
    folder = read_plan_folder(plans_dir)
    rollup = run_rollup(folder.pack, folder.plans)
    stamp = make_stamp(
        folder.pack, folder.plans, folder.files, dt.datetime(2019, 12, 31, tzinfo=dt.UTC)
    )
    seen = []
    publish(rollup, stamp, tmp_path / "plan", pdf=False, progress=lambda *a: seen.append(a))
    assert seen == [(step, n, len(STEPS) - 1) for n, step in enumerate(STEPS[:-1], 1)]
    # The PDF is the pages printed by WeasyPrint; a few pages keep this test quick.
    from ltpif.interchange.publication.build import write_pdf

    pages = all_pages(rollup, stamp, print_link)[:2]
    pdf = tmp_path / "plan.pdf"
    write_pdf(print_document(pages, stamp, "test"), pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 20_000


def test_the_pdf_is_tagged_with_a_contents_page_and_whole_codes(plans_dir, tmp_path) -> None:
    """Read back with pypdf: a PDF/UA-1 structure tree (tagged), a contents page naming each
    printed page in words with the page it starts on, and every plan's SHA-256 on one line."""
    pypdf = pytest.importorskip("pypdf")
    from ltpif.interchange.publication.build import write_pdf

    folder = read_plan_folder(plans_dir)
    rollup = run_rollup(folder.pack, folder.plans)
    stamp = make_stamp(
        folder.pack, folder.plans, folder.files, dt.datetime(2019, 12, 31, tzinfo=dt.UTC)
    )
    pages = all_pages(rollup, stamp, print_link)
    chosen = [pages[0], pages[1], pages[-1]]  # the summary, an ambition, the method notes
    pdf = tmp_path / "plan.pdf"
    write_pdf(print_document(chosen, stamp, "National implementation plan"), pdf)

    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "en"
    assert reader.metadata.title == "National implementation plan"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data().replace(b" ", b"")

    contents = reader.pages[0].extract_text()
    assert "Contents" in contents
    ambition = rollup.gaps[0].ambition
    assert chosen[1].title == ambition.description  # a page's title is in words, not its id
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    listed = texts[0]

    def numbered(title: str) -> int:
        """The page number the contents gives `title` (after its leader dots)."""
        after = listed[listed.index(" ".join(title.split())) + len(title) :]
        return int(re.match(r"[ .]*(\d+)", after).group(1))

    assert numbered("Summary") == 2  # the contents fills page 1; the summary follows
    for entry in chosen[1:]:  # each starts a page with its title as its heading
        heading = " ".join(entry.title.split())
        start = next(n for n, text in enumerate(texts[1:], 2) if text.startswith(heading))
        assert numbered(entry.title) == start, entry.title
    every_line = [line for page in reader.pages for line in page.extract_text().splitlines()]
    for _, _, digest in stamp.plans:
        assert any(digest in line for line in every_line), f"{digest} broken across lines"
    # no financial year (a code like 2023/24) broken after its slash
    assert not [line for line in every_line if re.search(r"\b20\d\d/$", line)]
