"""The API's what-if: the national gap with one system's trajectory replaced, nothing saved.

Added to the API in api.py (same Bearer token, same permission as the what-if page).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from ltpif.app import whatif
from ltpif.framework.problems import InputError
from ltpif.plans.access import Action, Target, can
from ltpif.web.planning.current_rollup import current
from ltpif.web.planning.models import System

router = Router(tags=["roll-up"])


class WhatIfIn(Schema):
    system: str
    metric: str
    values: dict[str, float | str | None] = Field(default_factory=dict)
    numerator: dict[str, float | str | None] = Field(default_factory=dict)
    denominator: dict[str, float | str | None] = Field(default_factory=dict)


class WhatIfOut(Schema):
    system: str
    metric: str
    plans: int
    saved: bool
    ambitions: list[whatif.AmbitionAnswer]


def _problems(errors: list[tuple[str, str]]) -> dict:
    return {"problems": [{"field": f, "message": m} for f, m in errors]}


@router.post(
    "/what-if",
    response={200: WhatIfOut, 422: dict},
    summary="The national gap, per year, with one system's trajectory replaced (not saved)",
)
def what_if(request: HttpRequest, body: WhatIfIn):
    system = System.objects.filter(code=body.system).first()
    if system is None:
        return Status(422, _problems([("system", f"unknown system code {body.system!r}")]))
    if not can(request.actor, Action.WHAT_IF, Target(system.code, system.region_id)):
        raise HttpError(403, "You may not try changes to this system's plan.")
    now = current()
    pack = now.rollup.pack
    metric = pack.metric_by_id.get(body.metric)
    if metric is None or metric not in whatif.what_if_metrics(pack):
        return Status(422, _problems([("metric", f"no national ambition on {body.metric!r}")]))
    given = {"values": body.values, "numerator": body.numerator, "denominator": body.denominator}
    trajectory, errors = whatif.read_trajectory(pack, metric, given)
    if trajectory is None:
        return Status(422, _problems(errors))
    try:
        results = whatif.run(now, system.code, trajectory)
    except InputError as exc:
        return Status(422, _problems(whatif.input_errors(exc)))
    return {
        "system": system.code,
        "metric": metric.id,
        "plans": len(now.included.plans),
        "saved": False,
        "ambitions": whatif.answer(results),
    }
