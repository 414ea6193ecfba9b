"""A plan's canonical form and its SHA-256: the identity of a submitted version.

Canonical JSON: the plan's plain data with keys sorted, no insignificant whitespace, and
UTF-8; equal plans always hash alike, whatever file or workbook they came from.
"""

from __future__ import annotations

import hashlib
import json

from ltpif.framework.typed import to_plain
from ltpif.plans.document import Plan


def canonical_json(plan: Plan) -> str:
    return json.dumps(to_plain(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plan_sha256(plan: Plan) -> str:
    return hashlib.sha256(canonical_json(plan).encode("utf-8")).hexdigest()
