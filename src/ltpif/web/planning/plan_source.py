"""`PlanSource` over the database: every system's working copy written against the pack, or
only the copies in chosen workflow statuses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable

from django.db.models import Count, Max, Sum

from ltpif.app.sources import PlanSet
from ltpif.framework.pack import Pack
from ltpif.plans.document import Plan
from ltpif.plans.workflow import Status
from ltpif.web.organisations.rounds import current_plans
from ltpif.web.planning.queries import documents


class WorkingCopies:
    def __init__(self, pack: Pack, statuses: Collection[Status] | None = None):
        self.pack = pack
        self.statuses = frozenset(statuses) if statuses is not None else None

    def _rows(self):
        rows = current_plans()
        if self.statuses is not None:
            rows = rows.filter(status__in=[s.value for s in self.statuses])
        return rows

    def fingerprint(self) -> Hashable:
        """How many plans, their latest save and the sum of their lock versions: every save
        bumps a lock version and updated_at, so any change changes it (one aggregate query)."""
        seen = self._rows().aggregate(
            n=Count("id"), at=Max("updated_at"), locks=Sum("lock_version")
        )
        pack = (self.pack.id, self.pack.meta.version)
        return (pack, self.statuses, seen["n"], seen["at"], seen["locks"])

    def read(self) -> PlanSet:
        """One roll-up never mixes pack versions: copies against another are named, not read."""
        plans, files, statuses, excluded = {}, {}, Counter[str](), []
        fields = ("system_id", "pack", "pack_version", "status", "lock_version", "updated_at")
        rows = list(self._rows().only(*fields).order_by("system_id"))
        docs = documents(rows)
        for row in rows:
            if (row.pack, row.pack_version) != (self.pack.id, self.pack.meta.version):
                excluded.append(row.system_id)
                continue
            plans[row.system_id] = docs[row.pk]
            files[row.system_id] = f"{row.system_id} working copy v{row.lock_version}"
            statuses[Status(row.status)] += 1
        ordered = {s: statuses[s] for s in Status if statuses[s]}
        return PlanSet(self.pack, plans, files, ordered, tuple(excluded))

    def plan_of(self, system: str) -> Plan | None:
        """The system's working copy, when `read` would give it (its status chosen, its pack
        this one's): one row, not every system's."""
        fields = ("system_id", "pack", "pack_version", "lock_version", "updated_at")
        row = self._rows().only(*fields).filter(system_id=system).first()
        if row is None or (row.pack, row.pack_version) != (self.pack.id, self.pack.meta.version):
            return None
        return documents([row])[row.pk]
