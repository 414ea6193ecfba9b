"""Reading actuals back as domain objects; `DatabaseStore` is the database's `ActualsSource`
for the monitoring use cases and the `LoadStore` the loading pipelines write to, so the CLI
and the web read and write this one database."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Max, Q, QuerySet, Value

from ltpif.demo.actuals import FORMAT as SYNTHETIC
from ltpif.geography.versions import Move
from ltpif.monitoring.actuals import EVERYONE
from ltpif.monitoring.actuals import Actual as DomainActual
from ltpif.monitoring.pipelines.store import LoadRecord, Pending
from ltpif.web.actuals.actions import record_loads, record_of
from ltpif.web.actuals.models import Actual, ActualsLoad, UnmappedCode
from ltpif.web.compiled import compiled
from ltpif.web.landscape.queries import approved_moves

FIELDS = ("level", "org_code", "metric", "period", "value", "numerator", "denominator", "quintile")


def actuals_where(query: Q) -> list[DomainActual]:
    return [DomainActual(*row) for row in Actual.objects.filter(query).values_list(*FIELDS)]


def series(metric: str, org_code: str, quintile: int = EVERYONE) -> list[DomainActual]:
    """Every period's actual of one metric for one place (in no particular order)."""
    return actuals_where(Q(metric=metric, org_code=org_code, quintile=quintile))


def breakdown(metric: str, org_code: str) -> list[DomainActual]:
    return actuals_where(Q(metric=metric, org_code=org_code, quintile__gt=0))


def at_period(metric: str, period: str, level: str = "system") -> list[DomainActual]:
    return actuals_where(Q(metric=metric, period=period, level=level, quintile=EVERYONE))


def everything(level: str = "system") -> list[DomainActual]:
    return actuals_where(Q(level=level, quintile=EVERYONE))


def periods_of(metric: str, level: str = "system") -> list[str]:
    """The periods a metric has actuals for at a level, as stored (sort them by calendar)."""
    return list(
        Actual.objects.filter(metric=metric, level=level, quintile=EVERYONE)
        .values_list("period", flat=True)
        .distinct()
    )


def metrics_of(org_code: str) -> list[str]:
    return list(
        Actual.objects.filter(org_code=org_code, quintile=EVERYONE)
        .values_list("metric", flat=True)
        .distinct()
    )


def synthetic_keys(metric: str) -> set[tuple[str, str, int]]:
    """The (org_code, period, quintile) of a metric's actuals the demo made up (a later real
    file's value replaces one, and takes it over to its own load)."""
    found = Actual.objects.filter(metric=metric, load__format=SYNTHETIC)
    return set(found.values_list("org_code", "period", "quintile"))


# the loads' fingerprint: how many, the last, when it was loaded, when actuals last moved
_FINGERPRINT = {
    "n": Count("id"),
    "last": Max("id"),
    "at": Max("loaded_at"),
    "moved": Max("moved_at"),
}


class DatabaseStore:
    """The web database behind the pipelines' store interface (`load_files`, the CLI)."""

    def __init__(self, by=None):
        self.by = by

    def __enter__(self) -> DatabaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def load_of(self, sha256: str) -> LoadRecord | None:
        load = ActualsLoad.objects.filter(sha256=sha256).first()
        return record_of(load) if load else None

    def loads(self) -> list[LoadRecord]:
        return [record_of(load) for load in ActualsLoad.objects.order_by("id")]

    def write(self, pending: Sequence[Pending]) -> list[LoadRecord]:
        return record_loads(pending=pending, by=self.by)

    def footprint_moves(self) -> tuple[Move, ...]:
        """The approved footprint changes a load applies, period by period."""
        return approved_moves()

    def unmapped(self, load_id: int) -> list[tuple[str, str, int, float]]:
        return list(
            UnmappedCode.objects.filter(load_id=load_id)
            .order_by("-amount", "provider", "commissioner")
            .values_list("provider", "commissioner", "rows", "amount")
        )

    def fingerprint(self) -> tuple:
        """Changes whenever a file is loaded (loads are only added) or an approved footprint
        change moves actuals (it marks the loads whose actuals it moved)."""
        return tuple(ActualsLoad.objects.aggregate(**_FINGERPRINT).values())

    series = staticmethod(series)
    breakdown = staticmethod(breakdown)
    at_period = staticmethod(at_period)
    everything = staticmethod(everything)
    periods_of = staticmethod(periods_of)
    metrics_of = staticmethod(metrics_of)
    synthetic_keys = staticmethod(synthetic_keys)


class CountedStore(DatabaseStore):
    """The database's actuals with their fingerprint read once, together with the loads' count
    and how many of them the demo made up (one query, for a page that shows both)."""

    def __init__(self) -> None:
        super().__init__()
        *seen, self.synthetic = _counted()[0]
        self.count: int = seen[0]
        self._fingerprint = tuple(seen)

    def fingerprint(self) -> tuple:
        return self._fingerprint


@compiled  # the monitoring summary asks it after every save
def _counted() -> QuerySet:
    """The loads' fingerprint, then how many the demo made up: `aggregate`'s one row, asked
    as the values of one group (a constant, which SQL does not group by) to compile once."""
    synthetic = Count("id", filter=Q(format=SYNTHETIC))
    one = ActualsLoad.objects.order_by().annotate(one=Value(1)).values("one")
    return one.annotate(**_FINGERPRINT, synthetic=synthetic).values_list(*_FINGERPRINT, "synthetic")
