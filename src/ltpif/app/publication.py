"""The national implementation plan published from a source's plans: read, rolled up on the
reference engine (byte-for-byte rebuilds need its exact order of addition), stamped with what
it was built from, and written all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ltpif.app.rollup import rolled_up
from ltpif.app.sources import PlanSet, PlanSource
from ltpif.geography.versions import Move
from ltpif.interchange.publication.build import Progress, publish
from ltpif.interchange.publication.stamp import Stamp, make_stamp
from ltpif.rollup.funding import Award
from ltpif.rollup.run import Rollup

OTHER_PACK = "written against another version of the framework pack"


@dataclass(frozen=True)
class Published:
    plans: PlanSet
    stamp: Stamp
    files: tuple[Path, ...]


def publish_plans(
    source: PlanSource,
    out: Path,
    moment: dt.datetime,
    *,
    pdf: bool = True,
    progress: Progress | None = None,
    read: Callable[[], None] | None = None,
    awards: Sequence[Award] | None = None,
    footprint: Callable[[Rollup], tuple[Rollup, tuple[Move, ...]]] | None = None,
) -> Published:
    """Publish into `out`; `read` is told when the plans have been read and added up.
    `awards` (the web's targeted funding awards) adds the money section; `footprint` (the
    web's approved footprint changes) moves the region totals by the footprint of each year,
    and the stamp lists the changes it applied."""
    now = rolled_up(source)
    rollup, moves = footprint(now.rollup) if footprint is not None else (now.rollup, ())
    plans = now.included
    stamp = make_stamp(
        plans.pack,
        plans.plans,
        plans.files,
        moment,
        "reference",
        standing=plans.standing,
        left_out={**plans.left_out, **dict.fromkeys(plans.excluded, OTHER_PACK)},
        moves=moves,
    )
    if read is not None:
        read()
    written = publish(rollup, stamp, out, pdf=pdf, progress=progress, awards=awards)
    return Published(plans, stamp, tuple(written))
