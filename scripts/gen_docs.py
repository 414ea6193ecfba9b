"""Write the generated references, or with `--check` say which are stale (exit 1).

- docs/reference/cli.md from the argument parser (`ltpif.cli.reference`);
- docs/reference/check-kinds.md from the check registry (`ltpif.assurance.docs`), each kind
  with an example finding from its case in the spec table (tests/spec/test_check_kinds.py);
- docs/reference/plan.schema.json from the plan document's records (`ltpif plans schema`);
- docs/reference/operational-plan.schema.json from the operational plan's records.

Run from anywhere: `python scripts/gen_docs.py` (`make docs`).
tests/integration/test_docs_drift.py fails when a committed file differs from `render()`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# this checkout's code, and its tests (the spec table) as a package
sys.path[:0] = [str(REPO / "src"), str(REPO)]

REFERENCE = REPO / "docs" / "reference"


def render() -> dict[Path, str]:
    from tests.spec.test_check_kinds import PACK, example_findings

    from ltpif.assurance.docs import check_kinds_markdown
    from ltpif.cli.main import build_parser
    from ltpif.cli.reference import cli_markdown
    from ltpif.plans.schema import operational_json_schema, plan_json_schema

    # defaults as in an environment without ltpif's settings (LTPIF_DATA_DIR and the like)
    names = [name for name in os.environ if name.startswith("LTPIF_")]
    settings = {name: os.environ.pop(name) for name in names}
    try:
        parser = build_parser()
    finally:
        os.environ.update(settings)
    return {
        REFERENCE / "cli.md": cli_markdown(parser),
        REFERENCE / "check-kinds.md": check_kinds_markdown(PACK, example_findings()),
        REFERENCE / "plan.schema.json": json.dumps(plan_json_schema(), indent=2) + "\n",
        REFERENCE / "operational-plan.schema.json": (
            json.dumps(operational_json_schema(), indent=2) + "\n"
        ),
    }


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    stale = []
    for path, text in render().items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(REPO))
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path} {'is stale' if check else 'written'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
