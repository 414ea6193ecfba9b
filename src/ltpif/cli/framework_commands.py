"""`ltpif framework check|export|docs|diff`: the pack, validated, as JSON, as a reference, and
what changed between two of its versions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ltpif.framework.loader import DEFAULT_PACK, check_pack, load_pack, resolve_pack_dir
from ltpif.framework.problems import InputError, Problem


def register(commands: argparse._SubParsersAction) -> None:
    framework = commands.add_parser("framework", help="check, export and document a pack")
    actions = framework.add_subparsers(dest="action", required=True, metavar="ACTION")

    check = actions.add_parser("check", help="validate a pack; exit 2 listing every problem")
    check.add_argument("pack_dir", nargs="?", default=DEFAULT_PACK, help="folder or pack name")
    check.add_argument("--seeds", type=Path, help="seed folder (default: found beside the repo)")
    check.set_defaults(run=run_check)

    export = actions.add_parser("export", help="the whole pack as one JSON document on stdout")
    export.add_argument("--pack", default=DEFAULT_PACK, help="pack name or folder")
    export.add_argument("--format", choices=["json"], default="json")
    export.set_defaults(run=run_export)

    docs = actions.add_parser("docs", help="write a Markdown reference of the pack")
    docs.add_argument("--pack", default=DEFAULT_PACK, help="pack name or folder")
    docs.add_argument("--out", type=Path, required=True, help="folder to write into")
    docs.set_defaults(run=run_docs)

    diff = actions.add_parser("diff", help="what changed between two pack versions")
    diff.add_argument("old", metavar="OLD", help="the earlier pack: name or folder")
    diff.add_argument("new", metavar="NEW", help="the later pack: name or folder")
    diff.add_argument("--format", choices=["text", "json"], default="text")
    diff.set_defaults(run=run_diff)


def run_check(args: argparse.Namespace) -> int:
    directory = resolve_pack_dir(args.pack_dir)
    if args.seeds is not None and not args.seeds.is_dir():
        raise InputError([Problem(str(args.seeds), None, "--seeds", "no such folder")])
    from ltpif.assurance.engine import check_rules

    result = check_pack(directory, args.seeds, extra=check_rules)
    if not result.ok:
        raise InputError(result.problems)
    pack = result.pack
    assert pack is not None
    print(
        f"{pack.id} {pack.meta.version}: valid — {len(pack.commitments)} commitments, "
        f"{len(pack.metric_by_id)} metrics, {len(pack.ambitions)} ambitions, "
        f"{len(pack.rules.rule)} rules, {len(pack.geography.system)} systems."
    )
    if result.seeds_dir is None:
        print("Citations not verified: seed folder not found (use --seeds or LTPIF_SHARED).")
    else:
        print(f"Every citation checked verbatim against {result.seeds_dir}.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ltpif.framework.export import pack_document

    json.dump(pack_document(load_pack(args.pack)), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def run_docs(args: argparse.Namespace) -> int:
    from ltpif.framework.docs import render_markdown

    pack = load_pack(args.pack)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{pack.id}.md"
    target.write_text(render_markdown(pack), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from ltpif.framework.diff import diff_json, diff_packs, render_diff
    from ltpif.framework.loader import load_packs

    old, new = load_packs(args.old, args.new)
    changes = diff_packs(old, new)
    if args.format == "json":
        document = diff_json(old, new, changes)
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_diff(old, new, changes))
    return 0
