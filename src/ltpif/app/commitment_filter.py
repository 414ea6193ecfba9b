"""The commitments of a plan narrowed down as the planner asks (issue 19 item 3): by area of
the framework, by assurance status (RAG), foundational or local, and by words in the title or
summary. Pure: the Commitments tab reads the query from the page's address (a GET form that
works without JavaScript) and shows what this returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.assurance.report import Rated
from ltpif.framework.pack import Pack

RAGS = (("red", "Red"), ("amber", "Amber"), ("green", "Green"))
KINDS = (("foundational", "Foundational"), ("local", "Local"))


@dataclass(frozen=True)
class CommitmentQuery:
    area: str = ""
    status: str = ""
    kind: str = ""
    words: str = ""

    @classmethod
    def of(cls, given: Mapping[str, str], pack: Pack) -> CommitmentQuery:
        """The query from a page's parameters; a value that is not one of the choices is
        ignored, as if not given (an old bookmark still shows the list)."""
        areas = {a.area.area for a in pack.areas}
        area = given.get("area", "").strip()
        status = given.get("status", "").strip()
        kind = given.get("kind", "").strip()
        return cls(
            area=area if area in areas else "",
            status=status if status in dict(RAGS) else "",
            kind=kind if kind in dict(KINDS) else "",
            words=" ".join(given.get("q", "").split())[:100],
        )

    @property
    def narrowed(self) -> bool:
        return bool(self.area or self.status or self.kind or self.words)


def area_choices(pack: Pack) -> list[tuple[str, str]]:
    return [(a.area.area, a.area.title) for a in pack.areas]


def filter_commitments(pack: Pack, rated: list[Rated], query: CommitmentQuery) -> list[Rated]:
    """The rated commitments that match every part of the query, in their order."""
    area_of = {c.id: a.area.area for a in pack.areas for c in a.area.commitment}
    words = query.words.casefold().split()
    out = []
    for row in rated:
        commitment = pack.commitment_by_id[row.id]
        text = f"{commitment.title} {commitment.summary} {commitment.id}".casefold()
        if (
            (not query.area or area_of.get(row.id) == query.area)
            and (not query.status or row.rag == query.status)
            and (not query.kind or commitment.kind == query.kind)
            and all(word in text for word in words)
        ):
            out.append(row)
    return out
