"""The demo's actuals into the database: the synthetic set, labelled as such, once; then, over
it, NHS England's real A&E files from the shared data folder where there is one.

The real files are loaded exactly as `ltpif actuals load --format ae-monthly` loads them (the
same `Loader` and `load_files`): April 2016 to March 2019 (the baseline) and April to December
2019, the first actuals of the plan period, so that A&E attendances, the four-hour share and
emergency admissions via A&E are published figures against the demo plans' first year. A
later load of the same place, metric and period replaces the synthetic value, so what stays
synthetic (the RTT metrics, and any month a file lacks) is labelled so on every chart.
Without the shared folder every series stays synthetic, and labelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ltpif.demo.actuals import FORMAT, SOURCE, content_hash, demo_actuals
from ltpif.framework.pack import Pack
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.pipelines.load import Loader, Outcome, load_files
from ltpif.monitoring.pipelines.store import LoadRecord, Pending
from ltpif.monitoring.sources import SourceResult
from ltpif.plans.document import Plan
from ltpif.web.actuals.actions import record_loads
from ltpif.web.actuals.models import ActualsLoad
from ltpif.web.actuals.queries import DatabaseStore

# NHS England's A&E attendances and emergency admissions by provider, type and month, in the
# shared data folder (its README): the pre-plan baseline and the plan's first year.
REAL_AE_FILES = (
    "nhse_ae_attendances_trust_monthly_2016-04_to_2019-03.csv",
    "derived_nhse_ae_attendances_trust_monthly_2019-04_to_2019-12.csv",
)


def load_demo_actuals(pack: Pack, plans: Mapping[str, Plan], by=None) -> LoadRecord | None:
    """Store the synthetic demo actuals (None if this very set is loaded already)."""
    actuals = demo_actuals(pack, plans, catalogue_for(pack).national_code)
    sha = content_hash(actuals)
    if ActualsLoad.objects.filter(sha256=sha).exists():
        return None
    result = SourceResult(actuals, [], rows=len(actuals))
    return record_loads(pending=[Pending(SOURCE, sha, FORMAT, result)], by=by)[0]


def load_real_ae(pack: Pack, lookups: Path | None, by=None) -> list[Outcome]:
    """NHS England's A&E files of the shared data folder `lookups`, over the synthetic set
    (nothing, [], when there is no such folder or it lacks them)."""
    if lookups is None:
        return []
    files = [lookups / name for name in REAL_AE_FILES if (lookups / name).is_file()]
    if not files:
        return []
    loader = Loader(pack, catalogue_for(pack), lookups)
    return load_files(files, "ae-monthly", DatabaseStore(by=by), loader)
