"""`publish`: the national implementation plan built into a folder, all or nothing.

    out/index.html, ambition-*.html, trajectories.html, regions.html, systems.html,
    out/discretion.html, method.html
    out/national-implementation-plan.pdf        (every page, WeasyPrint)
    out/national-implementation-plan.xlsx       (every table, and the stamp)
    out/data/*.csv, out/data/open-data.json     (every number)
    out/stamp.json                              (pack version, plan hashes, build time)

Everything is written into a new folder beside `out` and moved into place at the end, so a
failed build leaves `out` as it was. An existing `out` is replaced only if it holds a previous
publication (its stamp.json).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ltpif.framework.problems import InputError, Problem
from ltpif.interchange.publication import opendata
from ltpif.interchange.publication.funding import funding_page, funding_table
from ltpif.interchange.publication.html import (
    Page,
    print_document,
    print_link,
    site_link,
    site_page,
)
from ltpif.interchange.publication.pages import all_pages
from ltpif.interchange.publication.stamp import Stamp
from ltpif.interchange.publication.xlsx import write_workbook
from ltpif.rollup.funding import Award
from ltpif.rollup.run import Rollup

Progress = Callable[[str, int, int], None]  # (step, done, total)
STEM = "national-implementation-plan"
STAMP_FILE = "stamp.json"
STEPS = ("open data", "HTML site", "XLSX workbook", "PDF")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


# PDF/UA-1: a tagged PDF (headings, tables, lists and links in its structure tree) that screen
# readers can follow; WeasyPrint makes it from the HTML's own elements (60 and later)
PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML  # imported here: it takes a while to load

    HTML(string=html).write_pdf(str(path), pdf_variant=PDF_VARIANT)


def _check_out(out: Path) -> None:
    if out.exists() and not (out.is_dir() and (out / STAMP_FILE).is_file()):
        message = "exists and is not a previous publication (no stamp.json): not replaced"
        raise InputError([Problem(str(out), None, "", message)])


def _with_funding(pages: Sequence[Page], rollup: Rollup, awards: Sequence[Award] | None):
    """The pages, with the money section before the method notes when the awards are known."""
    if awards is None:
        return pages
    return [*pages[:-1], funding_page(rollup, awards), pages[-1]]


def build(
    rollup: Rollup,
    stamp: Stamp,
    folder: Path,
    *,
    pdf: bool = True,
    progress: Progress | None,
    awards: Sequence[Award] | None = None,
) -> list[Path]:
    """Write every file of the publication into `folder`; the paths written. `awards`: the
    targeted funding awards, for the money section (none: no section)."""
    title = f"National implementation plan: {rollup.pack.meta.title} {stamp.pack_version}"
    steps = [step for step in STEPS if pdf or step != "PDF"]

    def done(step: str) -> None:
        if progress:
            progress(step, steps.index(step) + 1, len(steps))

    data = folder / "data"
    data.mkdir(parents=True)
    tables = opendata.tables(rollup)
    if awards is not None:
        tables["funding"] = funding_table(rollup, awards)
    for name, rows in tables.items():
        _write(data / f"{name}.csv", opendata.csv_text(rows))
    document = {"stamp": stamp.as_dict(), **tables}
    _write(data / "open-data.json", opendata.json_text(document, compact=True))
    _write(folder / STAMP_FILE, opendata.json_text(stamp.as_dict()))
    done("open data")
    pages = _with_funding(all_pages(rollup, stamp, site_link), rollup, awards)
    for page in pages:
        _write(folder / f"{page.slug}.html", site_page(page, pages, stamp))
    done("HTML site")
    write_workbook(folder / f"{STEM}.xlsx", tables, stamp, title)
    done("XLSX workbook")
    if pdf:
        printed = print_document(
            _with_funding(all_pages(rollup, stamp, print_link), rollup, awards), stamp, title
        )
        write_pdf(printed, folder / f"{STEM}.pdf")
        done("PDF")
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _staging_prefix(out: Path) -> str:
    return f".{out.name}-"


def leftovers(out: Path) -> list[Path]:
    """The folders a build into `out` killed before its clean-up left beside it."""
    return sorted(out.parent.glob(_staging_prefix(out) + "*"))


def publish(
    rollup: Rollup,
    stamp: Stamp,
    out: Path,
    *,
    pdf: bool = True,
    progress: Progress | None = None,
    awards: Sequence[Award] | None = None,
) -> list[Path]:
    """Build the publication and put it at `out`; nothing is left half-written."""
    _check_out(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(out), dir=out.parent))
    try:
        written = build(rollup, stamp, staging / "new", pdf=pdf, progress=progress, awards=awards)
        if out.exists():
            out.rename(staging / "old")
        (staging / "new").rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / p.relative_to(staging / "new") for p in written]
