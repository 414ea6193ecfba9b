"""The reproducibility stamp: what a publication was built from, and when.

The same plans, pack, engine and build time give the same stamp, and so byte-identical HTML,
CSV, JSON and XLSX. (Engines agree to about 1e-9 of each total, not to the last bit: they add
in different orders; so the engine is part of the stamp.)

A plan's hash is the SHA-256 of its canonical content (its records as JSON with sorted keys
and no spacing), so re-saving a plan with other spacing, key order or quoting keeps its hash,
and any change of content changes it.

A publication built from the database's plans also records each plan's standing: "agreed"
(the version the region agreed) or "not yet agreed" (the latest submitted version, shown
because the national team chose to), the version number, the systems left out and why, and
the approved footprint changes its region totals follow. A publication from a folder of plan
files has no standing to record.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ltpif.framework.pack import Pack
from ltpif.framework.problems import InputError, Problem, quoted
from ltpif.geography.versions import Move
from ltpif.plans.canonical import plan_sha256
from ltpif.plans.document import Plan

AGREED = "agreed"  # the version the region agreed
NOT_YET_AGREED = "not yet agreed"  # the latest submitted version of a plan not yet agreed
BUILD_TIME_ENV = "SOURCE_DATE_EPOCH"  # the reproducible-builds convention: seconds since 1970


@dataclass(frozen=True)
class Stamp:
    pack: str
    pack_version: str
    build_time: dt.datetime
    engine: str
    plans: tuple[tuple[str, str, str], ...]  # (system, file name, SHA-256), by system
    # system → (status, version number): only for plans read from the database's versions
    standing: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    left_out: Mapping[str, str] = field(default_factory=dict)  # system → why it has no plan
    # the approved footprint changes the region totals follow, from their dates
    moves: tuple[Move, ...] = ()

    def as_dict(self) -> dict:
        stamp = {
            "pack": self.pack,
            "pack_version": self.pack_version,
            "build_time": self.build_time.isoformat(),
            "engine": self.engine,
            "plans": [
                {"system": system, "file": file, "sha256": digest, **self._standing(system)}
                for system, file, digest in self.plans
            ],
        }
        if self.left_out:
            stamp["left_out"] = [
                {"system": system, "reason": reason}
                for system, reason in sorted(self.left_out.items())
            ]
        if self.moves:
            stamp["footprint_changes"] = [
                {
                    "organisation": move.organisation,
                    "from_system": move.from_system,
                    "to_system": move.to_system,
                    "effective": move.effective.isoformat(),
                }
                for move in self.moves
            ]
        return stamp

    def _standing(self, system: str) -> dict:
        if system not in self.standing:
            return {}
        status, version = self.standing[system]
        return {"status": status, "version": version}

    def status_of(self, system: str) -> str | None:
        """The plan's standing as published ("agreed", "not yet agreed"), if recorded."""
        return self.standing[system][0] if system in self.standing else None


def make_stamp(
    pack: Pack,
    plans: Mapping[str, Plan],
    files: Mapping[str, str],
    build_time: dt.datetime,
    engine: str = "reference",
    standing: Mapping[str, tuple[str, int]] | None = None,
    left_out: Mapping[str, str] | None = None,
    moves: Sequence[Move] = (),
) -> Stamp:
    entries = tuple(
        (code, os.path.basename(files.get(code, "")), plan_sha256(plans[code]))
        for code in sorted(plans)
    )
    return Stamp(
        pack.id,
        pack.meta.version,
        build_time,
        engine,
        entries,
        {code: standing[code] for code in sorted(standing or {}) if code in plans},
        dict(sorted((left_out or {}).items())),
        tuple(sorted(moves, key=lambda m: (m.effective, m.organisation, m.to_system))),
    )


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
