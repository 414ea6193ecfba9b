"""The demo's synthetic actuals into the database, labelled as such, once."""

from __future__ import annotations

from collections.abc import Mapping

from ltpif.demo.actuals import FORMAT, SOURCE, content_hash, demo_actuals
from ltpif.framework.pack import Pack
from ltpif.monitoring.definitions import catalogue_for
from ltpif.monitoring.pipelines.store import LoadRecord, Pending
from ltpif.monitoring.sources import SourceResult
from ltpif.plans.document import Plan
from ltpif.web.actuals.actions import record_loads
from ltpif.web.actuals.models import ActualsLoad


def load_demo_actuals(pack: Pack, plans: Mapping[str, Plan], by=None) -> LoadRecord | None:
    """Store the synthetic demo actuals (None if this very set is loaded already)."""
    actuals = demo_actuals(pack, plans, catalogue_for(pack).national_code)
    sha = content_hash(actuals)
    if ActualsLoad.objects.filter(sha256=sha).exists():
        return None
    result = SourceResult(actuals, [], rows=len(actuals))
    return record_loads(pending=[Pending(SOURCE, sha, FORMAT, result)], by=by)[0]
