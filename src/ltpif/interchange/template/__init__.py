"""The Excel planning template: a plan out as a workbook, and back in, all or nothing.

`export_workbook(pack, plan, plan_version, plan_hash)` gives the workbook's bytes (the hash
is `ltpif.plans.canonical.plan_sha256`, the identity of a plan version everywhere);
`import_workbook(pack, data, filename, ...)` gives an `ImportResult` (the new plan and its
changes) or raises `WorkbookError` (an `InputError`) listing every problem as
`Sheet!Cell: message`. The format is described in docs/reference/excel-template.md.
"""

from ltpif.interchange.template.export import export_workbook
from ltpif.interchange.template.importer import (
    ImportResult,
    StaleWorkbook,
    WorkbookError,
    import_workbook,
)

__all__ = [
    "ImportResult",
    "StaleWorkbook",
    "WorkbookError",
    "export_workbook",
    "import_workbook",
]
