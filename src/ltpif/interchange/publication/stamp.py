"""The reproducibility stamp: what a publication was built from, and when.

The same plans, pack, engine and build time give the same stamp, and so byte-identical HTML,
CSV, JSON and XLSX. (Engines agree to about 1e-9 of each total, not to the last bit: they add
in different orders; so the engine is part of the stamp.)

A plan's hash is the SHA-256 of its canonical content (its records as JSON with sorted keys
and no spacing), so re-saving a plan with other spacing, key order or quoting keeps its hash,
and any change of content changes it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.document import Plan

BUILD_TIME_ENV = "SOURCE_DATE_EPOCH"  # the reproducible-builds convention: seconds since 1970


@dataclass(frozen=True)
class Stamp:
    pack: str
    pack_version: str
    build_time: dt.datetime
    engine: str
    plans: tuple[tuple[str, str, str], ...]  # (system, file name, SHA-256), by system

    def as_dict(self) -> dict:
        return {
            "pack": self.pack,
            "pack_version": self.pack_version,
            "build_time": self.build_time.isoformat(),
            "engine": self.engine,
            "plans": [
                {"system": system, "file": file, "sha256": digest}
                for system, file, digest in self.plans
            ],
        }


def make_stamp(
    pack: Pack,
    plans: Mapping[str, Plan],
    files: Mapping[str, str],
    build_time: dt.datetime,
    engine: str = "reference",
) -> Stamp:
    entries = tuple(
        (code, os.path.basename(files.get(code, "")), plan_sha256(plans[code]))
        for code in sorted(plans)
    )
    return Stamp(pack.id, pack.meta.version, build_time, engine, entries)


def build_time(given: str | None, environ: Mapping[str, str]) -> dt.datetime:
    """The build time: `given` (ISO 8601), else $SOURCE_DATE_EPOCH, else now; always UTC."""
    where = "--build-time" if given else BUILD_TIME_ENV
    try:
        if given:
            moment = dt.datetime.fromisoformat(given)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
        elif environ.get(BUILD_TIME_ENV):
            moment = dt.datetime.fromtimestamp(int(environ[BUILD_TIME_ENV]), dt.UTC)
        else:
            moment = dt.datetime.now(dt.UTC)
    except (ValueError, OverflowError, OSError):
        value = given or environ.get(BUILD_TIME_ENV)
        message = (
            f"not a time: {quoted(value)} (ISO 8601 like 2019-12-31T12:00:00Z, or epoch seconds)"
        )
        raise InputError([Problem(where, None, "", message)]) from None
    return moment.astimezone(dt.UTC).replace(microsecond=0)
