"""The whole pack as one JSON-ready document, in a stable order."""

from __future__ import annotations

from typing import Any

from ltpif.framework.pack import Pack
from ltpif.framework.typed import to_plain


def pack_document(pack: Pack) -> dict[str, Any]:
    dump = to_plain
    return {
        "pack": dump(pack.meta),
        "periods": {
            **dump(pack.periods),
            "quarters": {y: pack.year_calendar.quarters(y) for y in pack.periods.years},
            "months": {y: pack.year_calendar.months(y) for y in pack.periods.years},
        },
        "geography": dump(pack.geography),
        "sections": dump(pack.sections)["section"],
        "principles": dump(pack.principles)["principle"],
        "areas": [{"file": area.file, **dump(area.area)} for area in pack.areas],
        "finance": dump(pack.finance),
        "calendar": dump(pack.calendar)["deadline"],
        "maturity": dump(pack.maturity),
        "rules": dump(pack.rules)["rule"],
    }
