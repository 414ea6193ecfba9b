"""What monitoring reads of operational plans: an agreed operational plan's months of a metric,
the trajectory a system's monthly actuals are assured against in its operational year."""

from __future__ import annotations

from ltpif.framework.pack import Pack
from ltpif.geography.lookups import system_codes
from ltpif.web.operational.models import OperationalRecord
from ltpif.web.organisations.rounds import current_plans


def agreed_months(pack: Pack, place_code: str, metric: str) -> dict[str, float] | None:
    """The months of `metric` in the agreed operational plan of the system the actuals call
    `place_code` (this round's plan); None when it has none agreed, or no such metric (only
    the pack's metrics are phased: `plans.operational_files`)."""
    system = system_codes(pack).get(place_code)
    if system is None or metric not in pack.metric_by_id:
        return None
    record = (
        OperationalRecord.objects.filter(
            plan__in=current_plans(), plan__system_id=system, status=OperationalRecord.AGREED
        )
        .only("working")
        .first()
    )
    if record is None:
        return None
    for phased in record.working.get("metrics", []):
        if phased.get("metric") == metric:
            return {month: float(value) for month, value in phased["months"].items()}
    return None
