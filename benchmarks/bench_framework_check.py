"""Loading and validating the framework pack: in-process and as the whole CLI command.

Target (issue 2): `ltpif framework check` under 0.3 s. The baseline is a bare Python start
measured in the same run, so the ratio shows what ltpif itself adds.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PYTHON, command, median_seconds
from ltpif.framework.loader import check_pack, resolve_pack_dir


def main() -> None:
    pack_dir = resolve_pack_dir()
    in_process = median_seconds(lambda: check_pack(pack_dir), repeat=30)
    bare_python = median_seconds(command(PYTHON, "-c", "pass"))
    cli = median_seconds(command(PYTHON, "-m", "ltpif", "framework", "check"))
    print(f"framework check, in process (parse, validate, cross-check, quotes): {in_process:.3f} s")
    print(f"bare Python start:                                         {bare_python:.3f} s")
    print(
        f"ltpif framework check, whole CLI:                          {cli:.3f} s "
        f"(target < 0.300; {cli / bare_python:.1f}× a bare Python start)"
    )


if __name__ == "__main__":
    main()
