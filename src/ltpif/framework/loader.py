"""Reading a pack folder: every file parsed and validated, every problem reported at once."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import tomli

from ltpif.framework import schema as s
from ltpif.framework.citations import find_seeds_dir, quoted_sources, sha256_of, squash
from ltpif.framework.crosscheck import cross_check
from ltpif.framework.pack import AreaCommitments, Pack
from ltpif.framework.problems import InputError, Problem, key_path, quoted
from ltpif.framework.toml_lines import LineMap, deep_line
from ltpif.framework.toml_lines import Path as KeyPath
from ltpif.framework.typed import Invalid, parse

PACKS_DIR = Path(__file__).parent / "packs"
DEFAULT_PACK = "ltpif-2019"
M = TypeVar("M", bound=s.Strict)
MAX_DEPTH = 20  # a pack file nests about 6 deep; checks walk the data recursively


@dataclass
class PackFiles:
    """The parsed files of one pack folder and what went wrong reading them."""

    directory: Path
    data: dict[str, dict] = field(default_factory=dict)
    models: dict[str, s.Strict] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _lines: dict[str, LineMap] = field(default_factory=dict)

    def problem(self, file: str, path: KeyPath, message: str) -> None:
        line = None
        if file in self.texts:
            # Scanning for lines costs as much as parsing: only a file with a problem pays it,
            # and only once (not once per problem, which made listing problems quadratic).
            if file not in self._lines:
                self._lines[file] = LineMap(self.texts[file])
            line = self._lines[file].line_of(path)
        self.problems.append(Problem(file, line, key_path(path), message))

    def model(self, name: str, kind: type[M]) -> M:
        """The record file `name` was parsed into (`_model_for` chose `kind` by its name)."""
        model = self.models[name]
        if not isinstance(model, kind):
            raise TypeError(f"{name} was parsed as {type(model).__name__}, not {kind.__name__}")
        return model


@dataclass(frozen=True)
class CheckResult:
    pack: Pack | None
    problems: list[Problem]
    seeds_dir: Path | None

    @property
    def ok(self) -> bool:
        return not self.problems


def resolve_pack_dir(name_or_path: str | Path | None = None) -> Path:
    """A built-in pack by name ("ltpif-2019"), or a folder."""
    candidate = Path(name_or_path or DEFAULT_PACK)
    if (PACKS_DIR / candidate).is_dir():
        return PACKS_DIR / candidate
    return candidate


def shipped_packs() -> list[str]:
    """The names of the packs installed with ltpif (the folders of `packs/`)."""
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.toml").is_file())


def _model_for(name: str) -> type[s.Strict] | None:
    if name.startswith(s.COMMITMENTS_PREFIX):
        return s.CommitmentsFile
    return s.FILE_MODELS.get(name)


def _read(files: PackFiles) -> None:
    names = sorted(p.name for p in files.directory.glob("*.toml"))
    for missing in sorted(set(s.FILE_MODELS) - set(names)):
        files.problems.append(Problem(missing, None, "", "required file is missing"))
    if not any(n.startswith(s.COMMITMENTS_PREFIX) for n in names):
        files.problems.append(
            Problem(f"{s.COMMITMENTS_PREFIX}*.toml", None, "", "the pack has no commitments file")
        )
    for name in names:
        model = _model_for(name)
        if model is None:
            files.problems.append(Problem(name, None, "", "not a pack file name"))
            continue
        try:
            text = (files.directory / name).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            files.problems.append(Problem(name, None, "", f"not UTF-8 text ({exc.reason})"))
            continue
        try:
            data = tomli.loads(text)
        except tomli.TOMLDecodeError as exc:
            files.problems.append(_toml_problem(name, text, exc))
            continue
        except ValueError:  # Python's limit on the digits of an int, met inside the parser
            digits = re.search(rf"\d{{{sys.get_int_max_str_digits()},}}", text)
            line = text.count("\n", 0, digits.start()) + 1 if digits else None
            files.problems.append(Problem(name, line, "", "not valid TOML: a number far too long"))
            continue
        except RecursionError:  # the parser's own limit on nesting, before ours
            line = deep_line(text, MAX_DEPTH)
            files.problems.append(Problem(name, line, "", _TOO_DEEP))
            continue
        if (deep := _too_deep(data)) is not None:
            line = LineMap(text).line_of(deep) or deep_line(text, MAX_DEPTH)
            files.problems.append(Problem(name, line, key_path(deep), _TOO_DEEP))
            continue
        files.data[name] = data
        files.texts[name] = text
        try:
            files.models[name] = parse(model, data)
        except Invalid as exc:
            for loc, message in exc.errors:
                files.problem(name, loc, message)


_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep: far deeper than a pack file"


def _too_deep(data: dict) -> KeyPath | None:
    """The path of the first value nested past `MAX_DEPTH`, found without recursion."""
    stack: list[tuple[KeyPath, dict | list]] = [((), data)]
    while stack:
        path, node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, dict | list):
                if len(path) >= MAX_DEPTH:
                    return (*path, key)
                stack.append(((*path, key), value))
    return None


def _toml_problem(name: str, text: str, exc: tomli.TOMLDecodeError) -> Problem:
    """Python 3.11's parser puts the position only in its message: "... (at line 3, column 5)"."""
    message = str(exc)
    at = re.search(r" \(at line (\d+), column \d+\)$", message)
    if at:
        return Problem(name, int(at.group(1)), "", f"not valid TOML: {message[: at.start()]}")
    message = message.removesuffix(" (at end of document)")
    return Problem(name, text.count("\n") + 1, "", f"not valid TOML: {message} at the end")


def _check_citations(files: PackFiles, seeds_dir: Path | None) -> None:
    if "pack.toml" not in files.models:
        return
    meta = files.model("pack.toml", s.PackFile)
    seeds = {seed.file: seed for seed in meta.seed}
    texts = {}
    if seeds_dir is not None:
        for index, seed in enumerate(meta.seed):
            path = seeds_dir / seed.file
            if not path.is_file():
                files.problem(
                    "pack.toml", ("seed", index, "file"), f"seed not found in {seeds_dir}"
                )
            elif sha256_of(path) != seed.sha256:
                files.problem(
                    "pack.toml", ("seed", index, "sha256"), "seed file differs from the one cited"
                )
            else:
                texts[seed.file] = squash(path.read_text(encoding="utf-8"))
    publications = {p.id for p in meta.publication}
    for name, data in files.data.items():
        for key, source in quoted_sources(data):
            cited, quote = source.get("seed"), source.get("quote")
            publication = source.get("publication")
            if publication is not None and publication not in publications:
                files.problem(name, key, f"unknown publication {quoted(publication)}")
            if cited is None:
                continue
            if cited not in seeds:
                files.problem(name, key, f"unknown seed {quoted(cited)}: not listed in pack.toml")
            elif isinstance(quote, str) and cited in texts and squash(quote) not in texts[cited]:
                files.problem(name, key, f"quote is not verbatim in {cited}: {quoted(quote, 60)}")


def _assemble(files: PackFiles) -> Pack:
    areas = tuple(
        AreaCommitments(name, files.model(name, s.CommitmentsFile))
        for name in sorted(files.models)
        if name.startswith(s.COMMITMENTS_PREFIX)
    )
    return Pack(
        meta=files.model("pack.toml", s.PackFile),
        periods=files.model("periods.toml", s.PeriodsFile),
        geography=files.model("geography.toml", s.GeographyFile),
        sections=files.model("sections.toml", s.SectionsFile),
        principles=files.model("principles.toml", s.PrinciplesFile),
        finance=files.model("finance.toml", s.FinanceFile),
        calendar=files.model("calendar.toml", s.CalendarFile),
        maturity=files.model("maturity.toml", s.MaturityFile),
        rules=files.model("rules.toml", s.RulesFile),
        discretion=files.model("discretion.toml", s.DiscretionFile),
        areas=areas,
    )


#: a check a higher layer adds (the assurance rules' check kinds): it reports like the loader
ExtraCheck = Callable[[Pack, Callable[[str, KeyPath, str], None]], None]


def _validate(files: PackFiles, seeds_dir: Path | None, extra: ExtraCheck | None) -> Pack | None:
    _read(files)
    structurally_sound = not files.problems
    _check_citations(files, seeds_dir)
    if not structurally_sound:
        return None
    pack = _assemble(files)
    cross_check(pack, files.problem)
    if extra is not None:
        extra(pack, files.problem)
    return None if files.problems else pack


def check_pack(
    directory: Path, seeds_dir: Path | None = None, extra: ExtraCheck | None = None
) -> CheckResult:
    """Validate a pack folder; with the seeds at hand, check every quote against them."""
    files = PackFiles(directory)
    if not directory.is_dir():
        files.problems.append(Problem(str(directory), None, "", "no such pack folder"))
        return CheckResult(None, files.problems, seeds_dir)
    seeds_dir = seeds_dir or find_seeds_dir(directory)
    pack = _validate(files, seeds_dir, extra)
    return CheckResult(pack, files.problems, seeds_dir)


@lru_cache(maxsize=8)
def load_pack(name_or_path: str | Path | None = None) -> Pack:
    """A valid pack, or InputError listing every problem; quotes are checked by `check_pack`."""
    files = PackFiles(resolve_pack_dir(name_or_path))
    pack = _validate(files, seeds_dir=None, extra=None)
    if pack is None:
        raise InputError(files.problems)
    return pack


def load_packs(*names: str | Path) -> list[Pack]:
    """Several valid packs, or InputError listing every problem of every one, each file named
    with its folder (two packs have the same file names)."""
    packs, problems = [], []
    for name in names:
        directory = resolve_pack_dir(name)
        if not directory.is_dir():
            problems.append(Problem(str(name), None, "", "no such pack folder"))
            continue
        try:
            packs.append(load_pack(name))
        except InputError as exc:
            for p in exc.problems:
                problems.append(Problem(str(directory / p.file), p.line, p.key, p.message))
    if problems:
        raise InputError(problems)
    return packs
