"""Excel planning template speed (issue 6).

- export of all 42 demo plans' workbooks, beside writing the same plans as YAML files' text;
- import of one full plan's workbook (target < 1 s), beside the floor any import pays (openpyxl
  opening the workbook and walking its cells) and beside reading the same plan from YAML;
- import time per 1,000 input cells.
"""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))
from common import median_seconds
from ltpif.demo.plans import demo_plans
from ltpif.framework.loader import load_pack
from ltpif.interchange.template.export import export_workbook
from ltpif.interchange.template.importer import import_workbook
from ltpif.plans.files import plan_yaml, read_plan_text


def _walk_cells(data: bytes) -> int:
    """openpyxl opening the workbook read-only and touching every cell: the floor of a read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        cells = sum(1 for sheet in book for row in sheet.iter_rows() for _ in row)
        book.close()
    return cells


def main() -> None:
    pack = load_pack()
    plans = [plan for _, _, plan in demo_plans(pack)]
    export_all = median_seconds(lambda: [export_workbook(pack, p, 1) for p in plans], repeat=3)
    yaml_all = median_seconds(lambda: [plan_yaml(p) for p in plans], repeat=3)
    each = export_all / len(plans) * 1000
    print(f"export, all 42 workbooks:             {export_all:.3f} s ({each:.0f} ms each)")
    print(f"  the same plans as YAML text:        {yaml_all:.3f} s ({export_all / yaml_all:.1f}×)")

    data = export_workbook(pack, plans[0], 1)
    text = plan_yaml(plans[0])
    cells = import_workbook(pack, data, "bench.xlsx").cells_read
    one = median_seconds(lambda: import_workbook(pack, data, "bench.xlsx"))
    floor = median_seconds(lambda: _walk_cells(data))
    from_yaml = median_seconds(lambda: read_plan_text(text, "bench.yaml"))
    size = len(data) / 1000
    print(f"import, one full plan ({size:.0f} kB):      {one:.3f} s (target < 1.000)")
    print(f"  openpyxl walking all its cells:     {floor:.3f} s (import takes {one / floor:.1f}×)")
    print(f"  the same plan read from YAML:       {from_yaml:.3f} s ({one / from_yaml:.1f}×)")
    print(f"import per 1,000 input cells ({cells:,}): {one / cells * 1000:.3f} s")


if __name__ == "__main__":
    main()
