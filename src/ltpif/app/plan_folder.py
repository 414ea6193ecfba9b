"""`PlanSource` over a folder of plan files (the CLI's `PLAN_DIR`)."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

from ltpif.app.sources import PlanSet
from ltpif.interchange.plan_folder import Progress, plan_files, read_plan_folder
from ltpif.plans.document import Plan


class PlanFolder:
    def __init__(self, folder: Path, progress: Progress | None = None):
        self.folder = folder
        self.progress = progress

    def fingerprint(self) -> Hashable:
        return tuple(
            (path.name, path.stat().st_mtime_ns, path.stat().st_size)
            for path in plan_files(self.folder)
        )

    def read(self) -> PlanSet:
        folder = read_plan_folder(self.folder, self.progress)
        return PlanSet(folder.pack, folder.plans, folder.files)

    def plan_of(self, system: str) -> Plan | None:
        return self.read().plans.get(system)  # a folder's files are named as their authors chose
