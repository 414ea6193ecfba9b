"""The plan document's published JSON Schema (docs/reference/plan.schema.json)."""

from __future__ import annotations

from typing import Any

from ltpif.framework.typed import json_schema
from ltpif.plans.document import Plan
from ltpif.plans.operational import OperationalPlan

SCHEMA_ID = "https://ltpif.invalid/schemas/plan-1.json"


def plan_json_schema() -> dict[str, Any]:
    schema = json_schema(Plan)
    return {
        "$id": SCHEMA_ID,
        "title": "ltpif strategy delivery plan, format 1",
        "description": "A system's five-year plan against a framework pack; money in £ million, "
        "proportions from 0 to 1, values by financial year ('2019/20').",
        **schema,
    }


OPERATIONAL_SCHEMA_ID = "https://ltpif.invalid/schemas/operational-plan-1.json"


def operational_json_schema() -> dict[str, Any]:
    return {
        "$id": OPERATIONAL_SCHEMA_ID,
        "title": "ltpif operational plan, format 1",
        "description": "An agreed plan's operational year phased by month, per metric: months "
        "of a summed metric add up to its annual value; a rate's months are rates.",
        **json_schema(OperationalPlan),
    }
