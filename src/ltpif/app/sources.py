"""Where plans and actuals come from: the two Protocols every use case reads through.

A front end chooses a source (a folder of plan files, the database's working copies, the
database's actuals) and hands it to a use case; the use case never asks where the data lives.
Each source has a cheap `fingerprint` that changes whenever what it would read changes, so
use cases can keep their latest answer until then.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ltpif.framework.pack import Pack
from ltpif.monitoring.actuals import EVERYONE, Actual
from ltpif.plans.document import Plan
from ltpif.plans.workflow import Status


@dataclass(frozen=True)
class PlanSet:
    """The plans a source holds for one pack version, and what it leaves out."""

    pack: Pack
    plans: Mapping[str, Plan]  # by system code
    files: Mapping[str, str]  # system → where its plan was read from (a file, a copy's version)
    statuses: Mapping[Status, int] = field(default_factory=dict)  # plans per workflow status
    excluded: tuple[str, ...] = ()  # systems whose plan is written against another pack version
    # system → (status, version number): a source of frozen versions says which it gave
    standing: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    left_out: Mapping[str, str] = field(default_factory=dict)  # system → why it gave no plan


class PlanSource(Protocol):
    def fingerprint(self) -> Hashable: ...

    def read(self) -> PlanSet: ...

    def plan_of(self, system: str) -> Plan | None:
        """One system's plan as `read` gives it (None when `read` has none): a page about one
        system need not read them all."""
        ...


class ActualsSource(Protocol):
    def fingerprint(self) -> Hashable: ...

    def series(self, metric: str, org_code: str, quintile: int = EVERYONE) -> list[Actual]: ...

    def breakdown(self, metric: str, org_code: str) -> list[Actual]: ...

    def at_period(self, metric: str, period: str, level: str = "system") -> list[Actual]: ...

    def everything(self, level: str = "system") -> list[Actual]: ...

    def periods_of(self, metric: str, level: str = "system") -> list[str]: ...

    def metrics_of(self, org_code: str) -> list[str]: ...

    def synthetic_keys(self, metric: str) -> set[tuple[str, str, int]]:
        """(org_code, period, quintile) of the metric's actuals that are made up (the demo's
        synthetic set), so that every chart, table and CSV can say so."""
        ...
