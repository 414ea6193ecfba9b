"""`PlanSource`s over the database: every system's working copy written against the pack (or
only the copies in chosen workflow statuses), and each system's agreed version, which the
national implementation plan is published from."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Hashable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Max, QuerySet, Sum

from ltpif.app.sources import PlanSet
from ltpif.framework.pack import Pack
from ltpif.interchange.publication.stamp import AGREED, NOT_YET_AGREED
from ltpif.plans.document import Plan as PlanDocument
from ltpif.plans.workflow import Status
from ltpif.web.compiled import compiled
from ltpif.web.organisations.rounds import current_plans, current_round
from ltpif.web.planning.models import Plan, PlanVersion, Review
from ltpif.web.planning.queries import documents, version_document


class Copy(NamedTuple):
    """A working copy's row as `WorkingCopies` reads it: the version, not the document."""

    pk: int
    system_id: str
    status: str
    lock_version: int
    updated_at: dt.datetime
    round__pack: str
    round__pack_version: str


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
        return self._plan_set(self._copies())

    def _copies(self) -> list[Copy]:
        the_round = current_round()  # the request's: asked once, with the user
        statuses = None if self.statuses is None else tuple(sorted(s.value for s in self.statuses))
        found = _copies_in(the_round.pk if the_round is not None else None, statuses)
        return [Copy(*row) for row in found]

    def _plan_set(self, copies: list[Copy]) -> PlanSet:
        """One roll-up never mixes pack versions: copies of a round of another are named, not
        read (a plan's pack is its round's)."""
        plans, files, statuses, excluded = {}, {}, Counter[str](), []
        docs = documents(copies)
        for copy in copies:
            if (copy.round__pack, copy.round__pack_version) != (
                self.pack.id,
                self.pack.meta.version,
            ):
                excluded.append(copy.system_id)
                continue
            plans[copy.system_id] = docs[copy.pk]
            files[copy.system_id] = f"{copy.system_id} working copy v{copy.lock_version}"
            statuses[Status(copy.status)] += 1
        ordered = {s: statuses[s] for s in Status if statuses[s]}
        return PlanSet(self.pack, plans, files, ordered, tuple(excluded))

    def plan_of(self, system: str) -> PlanDocument | None:
        """The system's working copy, when `read` would give it (its status chosen, its pack
        this one's): one row, not every system's."""
        fields = ("system_id", "round__pack", "round__pack_version", "lock_version", "updated_at")
        row = self._rows().select_related("round").only(*fields).filter(system_id=system).first()
        if row is None or (row.round.pack, row.round.pack_version) != (
            self.pack.id,
            self.pack.meta.version,
        ):
            return None
        return documents([row])[row.pk]


class ReadOnce(WorkingCopies):
    """The working copies read by one query for a `fingerprint` then a `read` (what the roll-up
    asks, in one call: make one for each): the fingerprint is every copy's version, and `read`
    gives the copies of those very rows."""

    def fingerprint(self) -> Hashable:
        self._read = self._copies()
        pack = (self.pack.id, self.pack.meta.version)
        return (pack, self.statuses, tuple(self._read))

    def read(self) -> PlanSet:
        copies = getattr(self, "_read", None)
        return self._plan_set(copies if copies is not None else self._copies())


@compiled  # the roll-up and the monitoring summary ask it after every save
def _copies_in(the_round: int | None, statuses: tuple[str, ...] | None) -> QuerySet:
    """The working copies' versions in the round (`current_plans`, the round known)."""
    rows = Plan.objects.filter(round=the_round)
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    return rows.order_by("system_id").values_list(*Copy._fields)


SUBMITTED, OMIT = "submitted", "omit"
MISSING_CHOICES = (SUBMITTED, OMIT)  # what a publication shows for a plan not yet agreed
SUBMISSIONS = ("draft", "final")  # the version kinds a system submitted (not imports, uploads)


@dataclass(frozen=True)
class Standing:
    """Where one system's plan stands for the national implementation plan."""

    system: str
    name: str
    status: Status | None  # the plan's workflow status; None when it has no plan this round
    agreed: PlanVersion | None  # the version the region last agreed
    submitted: PlanVersion | None  # the latest version the system submitted
    pack: tuple[str, str] | None = None  # the pack and version its plan is written against

    @property
    def shown_if_submitted(self) -> str:
        """What the publication shows for it if the national team chooses "submitted"."""
        if self.agreed is not None:
            return f"Its agreed plan (version {self.agreed.number})"
        if self.submitted is not None:
            return (
                f"Its latest submitted {self.submitted.kind} plan (version "
                f"{self.submitted.number}), marked “{NOT_YET_AGREED}”"
            )
        return "Nothing: it has submitted no plan"


def standings(pack: Pack) -> list[Standing]:
    """Every system of the pack, by code: its plan this round, the version the region agreed
    (its latest agreed review's) and the latest it submitted (four queries in all)."""
    plans = {
        p.system_id: p
        for p in current_plans()
        .select_related("system", "round")
        .only("system__name", "status", "round__pack", "round__pack_version")
    }
    agreed: dict[int, PlanVersion] = {}
    for review in (
        Review.objects.filter(plan__in=plans.values(), decision="agreed")
        .select_related("version")
        .defer("version__document")
        .order_by("decided_at", "id")
    ):
        agreed[review.plan_id] = review.version  # the latest agreed wins
    submitted: dict[int, PlanVersion] = {}
    rows = PlanVersion.objects.filter(plan__in=plans.values(), kind__in=SUBMISSIONS)
    for version in rows.defer("document").order_by("number"):
        submitted[version.plan_id] = version
    found = []
    for system in sorted(pack.geography.system, key=lambda s: s.code):
        plan = plans.get(system.code)
        found.append(
            Standing(
                system.code,
                system.name,
                Status(plan.status) if plan else None,
                agreed.get(plan.pk) if plan else None,
                submitted.get(plan.pk) if plan else None,
                (plan.round.pack, plan.round.pack_version) if plan else None,
            )
        )
    return found


def agreed_version(plan: Plan) -> PlanVersion | None:
    """The version the region last agreed (its latest agreed review's); None if none is."""
    review = (
        Review.objects.filter(plan=plan, decision="agreed")
        .select_related("version")
        .order_by("-decided_at", "-id")
        .first()
    )
    return review.version if review is not None else None


class AgreedVersions:
    """`PlanSource` of each system's latest agreed final version; for a system with none, its
    latest submitted version marked "not yet agreed" (`missing="submitted"`) or nothing
    (`missing="omit"`). Versions never change, so it reads only frozen, hashed plans."""

    def __init__(self, pack: Pack, missing: str = OMIT):
        if missing not in MISSING_CHOICES:
            raise ValueError(f"missing must be one of {MISSING_CHOICES}, not {missing!r}")
        self.pack = pack
        self.missing = missing

    def fingerprint(self) -> Hashable:
        last = PlanVersion.objects.filter(plan__in=current_plans()).aggregate(n=Max("id"))
        agreed = Review.objects.filter(plan__in=current_plans(), decision="agreed").aggregate(
            n=Count("id"), at=Max("decided_at")
        )
        pack = (self.pack.id, self.pack.meta.version)
        return (pack, self.missing, last["n"], agreed["n"], agreed["at"])

    def read(self) -> PlanSet:
        files, statuses, standing, left_out = {}, Counter[str](), {}, {}
        chosen: dict[str, PlanVersion] = {}
        excluded = []
        for each in standings(self.pack):
            version, status = each.agreed, AGREED
            if version is None and self.missing == SUBMITTED:
                version, status = each.submitted, NOT_YET_AGREED
            if version is None:
                left_out[each.system] = _why_left_out(each)
                continue
            if each.pack != (self.pack.id, self.pack.meta.version):
                excluded.append(each.system)
                continue
            chosen[each.system] = version
            files[each.system] = f"{each.system} version {version.number} ({version.kind})"
            standing[each.system] = (status, version.number)
            if each.status is not None:
                statuses[each.status] += 1
        full = PlanVersion.objects.in_bulk([v.pk for v in chosen.values()])
        plans = {code: version_document(full[v.pk]) for code, v in chosen.items()}
        ordered = {s: statuses[s] for s in Status if statuses[s]}
        return PlanSet(self.pack, plans, files, ordered, tuple(excluded), standing, left_out)


def _why_left_out(each: Standing) -> str:
    if each.status is None:
        return "no plan in this round"
    if each.submitted is None:
        return "not yet agreed: no plan submitted"
    number = each.submitted.number
    return f"not yet agreed: left out by the national team (latest submitted: version {number})"
