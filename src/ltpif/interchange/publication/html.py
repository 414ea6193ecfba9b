"""The HTML shell of the publication: a page of the site, or every page in one printable file.

Pages are fragments (pages.py) linked through a `link` function, so the same fragments make
the static site (links between files) and the PDF's source (links to sections of one file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from ltpif.interchange.publication.stamp import Stamp

Link = Callable[[str], str]  # page slug → href

STYLE = """
body { font-family: Arial, sans-serif; color: #212b32; margin: 0; line-height: 1.4; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem 3rem; }
header { background: #005eb8; color: #fff; padding: 0.8rem 2rem; }
header a { color: #fff; margin-right: 1rem; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid #005eb8; }
h3 { font-size: 1.1rem; }
table { width: 100%; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
/* fixed layout and separate borders: WeasyPrint lays such tables out several times faster */
table { table-layout: fixed; border-collapse: separate; border-spacing: 0; }
th:first-child { width: 28%; }
th, td { border-bottom: 1px solid #d8dde0; padding: 0.25rem 0.5rem; text-align: left;
  overflow-wrap: anywhere; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.tag { display: inline-block; padding: 0 0.4rem; font-weight: bold; color: #fff; }
.met { background: #007f3b; } .short { background: #d5281b; }
.incomplete { background: #ffb81c; color: #212b32; }
.lead { font-size: 1.1rem; } .note { color: #4c6272; font-size: 0.9rem; }
blockquote { margin: 0.3rem 0 1rem; padding-left: 0.8rem; border-left: 4px solid #d8dde0; }
svg { max-width: 100%; height: auto; }
code { font-size: 0.85rem; }
/* a code (a system's, a SHA-256, a command) is never broken across lines */
code, .code { white-space: nowrap; overflow-wrap: normal; word-break: keep-all; hyphens: none; }
nav.contents ol { list-style: none; padding: 0; }
nav.contents li { margin: 0.2rem 0; }
@page { size: A4; margin: 15mm; @bottom-right { content: counter(page); font-size: 9pt; } }
@media print {
  body { font-size: 9pt; } header { display: none; } main { max-width: none; padding: 0; }
  section.page { break-before: page; } section.page:first-child { break-before: auto; }
  tr, svg { break-inside: avoid; }
  nav.contents { break-after: page; }
  nav.contents a { color: #212b32; text-decoration: none; }
  nav.contents a::after { content: leader(". ") target-counter(attr(href), page); }
  code.sha256 { font-size: 6pt; }
  /* the method notes' plans: the SHA-256 column wide enough for a whole hash */
  section#method table:last-of-type th:nth-child(2) { width: 22%; }
  section#method table:last-of-type th:nth-child(3) { width: 50%; }
}
"""


@dataclass(frozen=True)
class Page:
    slug: str  # file stem of the site page, anchor in the printed document
    title: str
    body: str  # HTML fragment
    in_menu: bool = True
    in_print: bool = True  # the PDF leaves out pages too long to print usefully


def site_link(slug: str) -> str:
    return f"{slug}.html"


def print_link(slug: str) -> str:
    return f"#{slug}"


def table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """A table of already-escaped cells; `numeric` columns align right."""
    right = set(numeric)

    def cells(tag: str, values: Sequence[str]) -> str:
        return "".join(
            f'<{tag} class="n">{v}</{tag}>' if k in right else f"<{tag}>{v}</{tag}>"
            for k, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{cells('th', head)}</tr></thead><tbody>{body}</tbody></table>"


def tag(kind: str, text: str) -> str:
    return f'<span class="tag {escape(kind)}">{escape(text)}</span>'


def _head(title: str, stamp: Stamp) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="ltpif">'
        f'<meta name="dcterms.created" content="{escape(stamp.build_time.isoformat())}">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
    )


def site_page(page: Page, pages: Sequence[Page], stamp: Stamp) -> str:
    menu = "".join(
        f'<a href="{site_link(p.slug)}">{escape(p.title)}</a>' for p in pages if p.in_menu
    )
    title = f"{page.title} — national implementation plan"
    return (
        f"{_head(title, stamp)}<body><header><nav>{menu}</nav></header>"
        f"<main>{page.body}</main></body></html>\n"
    )


def print_document(pages: Sequence[Page], stamp: Stamp, title: str) -> str:
    """Every printed page in one document, after a contents page that gives each page's
    title in words and (in the PDF) the number of the page it starts on."""
    printed = [p for p in pages if p.in_print]
    entries = "".join(
        f'<li><a href="{print_link(p.slug)}">{escape(p.title)}</a></li>' for p in printed
    )
    contents = (
        f'<nav class="contents" aria-labelledby="contents"><h1 id="contents">Contents</h1>'
        f"<p>{escape(title)}</p><ol>{entries}</ol></nav>"
    )
    sections = "".join(
        f'<section class="page" id="{escape(p.slug)}">{p.body}</section>' for p in printed
    )
    return f"{_head(title, stamp)}<body><main>{contents}{sections}</main></body></html>\n"
