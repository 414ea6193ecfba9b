"""Input cells to plan data: each value put at its path, list entries kept in row order, and
the cell each value came from remembered, so a problem found in the plan names its cell.

Slots become list items: an entry with a presence cell exists when it says Yes; any other
entry exists when one of its cells holds a value. Milestone rows name their commitment in a
cell, so they are moved under that commitment last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ltpif.framework.problems import quoted
from ltpif.interchange.template.layout import MISSING, PRESENT, Input, Layout, Ref, Slot, where
from ltpif.interchange.template.reading import Grid
from ltpif.interchange.template.values import BLANK, BadCell, read_value

PlanPath = tuple[Any, ...]


def _same_in_excel(a: float, b: float) -> bool:
    """Equal to Excel's 15 significant digits: a value Excel or LibreOffice wrote back."""
    return f"{a:.15g}" == f"{b:.15g}"


@dataclass
class Assembled:
    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[PlanPath, Ref] = field(default_factory=dict)  # plan path → its cell
    problems: list[tuple[Ref, str]] = field(default_factory=list)
    cells: int = 0  # input cells read
    _filled: dict[PlanPath, Ref] = field(default_factory=dict)  # raw path → cell, values only
    _raw: dict[PlanPath, Ref] = field(default_factory=dict)
    _final: dict[PlanPath, PlanPath] = field(default_factory=dict)  # slot prefix → list path

    def origin_of(self, path: PlanPath) -> tuple[Ref | None, PlanPath]:
        """The cell of a plan path, or of its nearest parent, and the rest of the path."""
        for end in range(len(path), -1, -1):
            ref = self.origins.get(tuple(path[:end]))
            if ref is not None:
                return ref, tuple(path[end:])
        return None, tuple(path)


def _put(tree: dict, path: PlanPath, value: Any) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    tree[path[-1]] = value


def _read(done: Assembled, ref: Ref, cell: Input, grid: Grid) -> Any:
    done.cells += 1
    try:
        value = read_value(cell.kind, grid.get(ref[1:]))
    except BadCell as exc:
        done.problems.append((ref, str(exc)))
        return BLANK
    if value is BLANK:
        return BLANK if cell.blank is MISSING else cell.blank
    if (
        isinstance(value, float)
        and isinstance(cell.value, float)
        and _same_in_excel(value, cell.value)
    ):
        return cell.value
    return value


def _has_content(node: Any) -> bool:
    if isinstance(node, dict):
        return any(_has_content(v) for k, v in node.items() if k != PRESENT)
    return node is not None


class _Finisher:
    def __init__(self, done: Assembled):
        self.done = done

    def finish(self, node: Any, raw: PlanPath, final: PlanPath) -> Any:
        if not isinstance(node, dict):
            return node
        if node and all(isinstance(key, Slot) for key in node):
            return self._entries(node, raw, final)
        return {key: self.finish(value, (*raw, key), (*final, key)) for key, value in node.items()}

    def _entries(self, node: dict, raw: PlanPath, final: PlanPath) -> list:
        out: list = []
        for slot in sorted(node, key=lambda s: s.index):
            child, at = node[slot], (*raw, slot)
            if isinstance(child, dict):
                present = child.pop(PRESENT, None)
                if slot.presence and not present:
                    # unread when its sheet is out of shape: that sheet's problem says enough
                    if _has_content(child) and (*at, PRESENT) in self.done._raw:
                        self._not_in_plan(at)
                    continue
            here = (*final, len(out))
            self.done._final[at] = here
            self.done.origins[here] = slot.anchor
            if isinstance(child, dict):
                child = {**dict(slot.constants), **self.finish(child, at, here)}
            out.append(child)
        return out

    def _not_in_plan(self, at: PlanPath) -> None:
        done = self.done
        filled = sorted(
            ref
            for path, ref in done._filled.items()
            if path[: len(at)] == at and PRESENT not in path
        )
        ref = done._raw.get((*at, PRESENT), at[-1].anchor)
        example = f", such as {where(filled[0])}" if filled else ""
        message = (
            f"'In plan' is not Yes, but the commitment has entries{example}: say Yes, or clear them"
        )
        done.problems.append((ref, message))


def _translate(done: Assembled, raw: PlanPath) -> PlanPath | None:
    for index in range(len(raw) - 1, -1, -1):
        if isinstance(raw[index], Slot):
            prefix = done._final.get(raw[: index + 1])
            return None if prefix is None else (*prefix, *raw[index + 1 :])
    return raw


def _place_milestones(done: Assembled, presence: dict[str, Ref]) -> None:
    """Milestone rows go to the commitment each names."""
    rows = done.data.pop("milestone_rows", [])
    if not presence:
        return  # the Commitments sheet is out of shape: which are in the plan is unknown
    commitments = done.data.get("commitments", [])
    index_of = {entry.get("commitment"): i for i, entry in enumerate(commitments)}
    for m, row in enumerate(rows):
        commitment = row.pop("commitment", None)
        cell = done.origins.get(("milestone_rows", m, "commitment"))
        if commitment not in index_of:
            if commitment is None:
                message = "choose the milestone's commitment from the list"
            elif commitment in presence:
                at = where(presence[commitment])
                message = f"{commitment} is not in the plan: say Yes under 'In plan' at {at}"
            else:
                message = f"unknown commitment {quoted(commitment)}: choose one from the list"
            done.problems.append((cell, message))
            continue
        entry = commitments[index_of[commitment]]
        milestones = entry.setdefault("milestones", [])
        at = ("commitments", index_of[commitment], "milestones", len(milestones))
        milestones.append(row)
        for key in ("", "date", "description"):
            ref = done.origins.get(("milestone_rows", m, key) if key else ("milestone_rows", m))
            if ref is not None:
                done.origins[(*at, key) if key else at] = ref


def assemble(layout: Layout, grids: dict[str, Grid], constants: dict[str, Any]) -> Assembled:
    """The plan data from the input cells of the sheets in `grids` (the readable ones)."""
    done = Assembled()
    tree: dict = {}
    presence: dict[str, Ref] = {}
    for ref, cell in layout.inputs():
        if ref[0] not in grids:
            continue
        done._raw[cell.path] = ref
        if cell.path[-1] == PRESENT:  # a commitment's 'In plan': milestone rows point to it
            presence[dict(cell.path[-2].constants)["commitment"]] = ref
        value = _read(done, ref, cell, grids[ref[0]])
        if value is not BLANK:
            _put(tree, cell.path, value)
            done._filled[cell.path] = ref
    done.data = {**constants, **_Finisher(done).finish(tree, (), ())}
    for raw, ref in done._raw.items():
        final = _translate(done, raw)
        if final is not None:
            done.origins[final] = ref
    _place_milestones(done, presence)
    return done
