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
    return _canonical(to_plain(plan))


def plan_sha256(plan: Plan) -> str:
    return plain_sha256(to_plain(plan))


def plain_sha256(plain: dict) -> str:
    """The SHA-256 of a plan already made plain (`to_plain`), for a caller that keeps both."""
    return hashlib.sha256(_canonical(plain).encode("utf-8")).hexdigest()


def _canonical(plain: dict) -> str:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
