"""`ltpif footprint`: how the systems' footprints line up with local authority boundaries."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_lookups(parser: argparse.ArgumentParser) -> None:
    """--lookups: the folder of the official lookup files."""
    parser.add_argument(
        "--lookups",
        type=Path,
        metavar="DIR",
        help="folder of the official lookup files (default $LTPIF_SHARED/data or ../shared/data)",
    )


def register(commands: argparse._SubParsersAction) -> None:
    footprint = commands.add_parser("footprint", help="the systems' footprints and contiguity")
    actions = footprint.add_subparsers(dest="action", required=True, metavar="ACTION")
    contiguity = actions.add_parser(
        "contiguity",
        help="each system's authorities with the share inside it; the authorities split "
        "across systems",
    )
    add_lookups(contiguity)
    contiguity.add_argument("--format", choices=["text", "json"], default="text")
    contiguity.set_defaults(run=run_contiguity)


def run_contiguity(args: argparse.Namespace) -> int:
    from ltpif.framework.loader import load_pack
    from ltpif.geography.contiguity import as_json, as_text, contiguity
    from ltpif.geography.lookups import default_lookups_dir
    from ltpif.geography.organisations import read_landscape

    pack = load_pack()
    landscape = read_landscape(pack, args.lookups or default_lookups_dir())
    result = contiguity(pack, landscape)
    if args.format == "json":
        sys.stdout.write(json.dumps(as_json(result, pack), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(as_text(result, pack))
    return 0
