"""Where each key of a TOML document is written, so that problems can name a line.

The standard library's parser keeps no positions; this scanner follows table headers and
`key =` lines and records the line of every path it sees. A path not written on a line of
its own (inside an inline table, say) resolves to its nearest written parent.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")
# what nests (brackets, dots of keys), with strings and comments matched only to be passed over
_NESTING = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|([\[{])|([\]}])|(\.)|(\n)'
)


def _segments(dotted: str) -> list[str]:
    return [part.strip().strip('"') for part in dotted.split(".")]


class LineMap:
    def __init__(self, text: str):
        self._lines: dict[Path, int] = {}
        self._scan(text)

    def _scan(self, text: str) -> None:
        latest_index: dict[Path, int] = {}
        current: Path = ()
        in_multiline = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                in_multiline = line.count('"""') % 2 == 0
                continue
            header = _HEADER.match(line)
            if header:
                current = self._resolve(header.group(2), header.group(1) == "[[", latest_index)
                self._lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                self._lines.setdefault(current + tuple(_segments(key.group(1))), number)
                in_multiline = line.count('"""') % 2 == 1

    @staticmethod
    def _resolve(dotted: str, is_array: bool, latest_index: dict[Path, int]) -> Path:
        prefix: Path = ()
        *parents, last = _segments(dotted)
        for name in parents:
            prefix = (*prefix, name)
            if prefix in latest_index:
                prefix = (*prefix, latest_index[prefix])
        path = (*prefix, last)
        if not is_array:
            return path
        latest_index[path] = latest_index.get(path, -1) + 1
        return (*path, latest_index[path])

    def line_of(self, path: Path) -> int | None:
        for end in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def deep_line(text: str, limit: int) -> int:
    """The first line nested more than `limit` deep, by brackets or by the dots of a key;
    line 1 if none is. Only for naming a line once the parser has refused the depth."""
    depth, dots, line = 0, 0, 1
    for match in _NESTING.finditer(text):
        opened, closed, dot, newline = match.groups()
        if newline:
            line, dots = line + 1, 0
        depth += bool(opened) - bool(closed)
        dots += bool(dot)
        if depth > limit or dots > limit:
            return line
        line += match.group().count("\n") if not newline else 0
    return 1
