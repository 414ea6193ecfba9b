"""`PlanSource` over the database: every system's working copy written against the pack, or
only the copies in chosen workflow statuses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable

from django.db.models import Count, Max, Sum

from ltpif.app.sources import PlanSet
from ltpif.framework.pack import Pack
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
        """One roll-up never mixes pack versions: copies of a round of another are named, not
        read (a plan's pack is its round's)."""
        plans, files, statuses, excluded = {}, {}, Counter[str](), []
        fields = ("system_id", "status", "lock_version", "updated_at")
        fields += ("round__pack", "round__pack_version")
        rows = list(self._rows().select_related("round").only(*fields).order_by("system_id"))
        docs = documents(rows)
        for row in rows:
            if (row.round.pack, row.round.pack_version) != (self.pack.id, self.pack.meta.version):
                excluded.append(row.system_id)
                continue
            plans[row.system_id] = docs[row.pk]
            files[row.system_id] = f"{row.system_id} working copy v{row.lock_version}"
            statuses[Status(row.status)] += 1
        ordered = {s: statuses[s] for s in Status if statuses[s]}
        return PlanSet(self.pack, plans, files, ordered, tuple(excluded))
