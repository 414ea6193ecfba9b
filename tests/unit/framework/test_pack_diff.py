"""`diff_packs`: hand-made changes to a copy of the pack, and the exact rows each must give."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltpif.framework.diff import PackChange, change_line, diff_json, diff_packs, render_diff
from ltpif.framework.loader import load_pack
from ltpif.framework.pack import Pack
from tests.packs import copy_pack, cut_entry, next_round_pack, replace_once

OLD = load_pack()


def _digital(pack: Path) -> Path:
    return pack / "commitments-digital.toml"


def remove_fax_machines(pack: Path) -> None:
    text = _digital(pack).read_text(encoding="utf-8")
    _digital(pack).write_text(cut_entry(text, "commitment", "fax-machines"), encoding="utf-8")


def raise_threshold(pack: Path) -> None:
    replace_once(
        pack / "rules.toml", "params = { min_length = 100 }", "params = { min_length = 150 }"
    )


def add_a_year(pack: Path) -> None:
    replace_once(pack / "pack.toml", 'last = "2023/24"', 'last = "2024/25"')
    replace_once(pack / "periods.toml", '"2023/24"]', '"2023/24", "2024/25"]')


def change_a_unit(pack: Path) -> None:
    text = _digital(pack).read_text(encoding="utf-8")
    old = 'id = "fax-machines-in-use"\nname = "Fax machines in use"\nunit = "count"'
    _digital(pack).write_text(text.replace(old, old.replace('"count"', '"flag"')))


def change_an_ambition(pack: Path) -> None:
    replace_once(
        pack / "commitments-service-model.toml",
        'metric = "pcn-additional-roles-wte"\nvalue = 20000\n',
        'metric = "pcn-additional-roles-wte"\nvalue = 22000\n',
    )


def move_a_deadline(pack: Path) -> None:
    replace_once(pack / "calendar.toml", "date = 2019-07-01\n", "date = 2019-08-01\n")


def make_foundational(pack: Path) -> None:
    replace_once(
        _digital(pack),
        'id = "fax-machines"\ntitle = "Stop using fax machines"\nkind = "local"\n'
        'latitude = "pace-and-scope"',
        'id = "fax-machines"\ntitle = "Stop using fax machines"\nkind = "foundational"',
    )


def add_a_commitment(pack: Path) -> None:
    block = """
[[commitment]]
id = "paper-free"
title = "Paper-free at the point of care"
kind = "local"
clinical_implications = false
sections = ["infrastructure"]
summary = "No paper records at the point of care."
source.seed = "000_2385091acb8fa90e.txt"
source.quote = "Fax machines: NHSX will monitor progress of NHS organisations in stopping use"

[[commitment.metric]]
id = "paper-records-in-use"
name = "Paper records in use"
unit = "count"
polarity = "lower_is_better"
rollup = "sum"
source.seed = "000_2385091acb8fa90e.txt"
source.quote = "Fax machines: NHSX will monitor progress of NHS organisations in stopping use"
"""
    with _digital(pack).open("a", encoding="utf-8") as handle:
        handle.write(block)


def other_systems(pack: Path) -> None:
    """Cumbria and North East leaves, Lancashire and South Cumbria is renamed."""
    geography = pack / "geography.toml"
    text = cut_entry(geography.read_text(encoding="utf-8"), "system", "E54000049", key="code")
    geography.write_text(text, encoding="utf-8")
    replace_once(geography, 'name = "Lancashire and South Cumbria"', 'name = "Lancashire"')


def change_nothing(pack: Path) -> None:
    pass


LSC = "Lancashire and South Cumbria"
PCN_AMBITION = (
    "Together, the 42 systems' PCNs employ more than 20,000 additional staff; each system plans "
    "at least its need-weighted share."
)
CASES: list[tuple[Callable[[Path], None], list[tuple]]] = [
    (change_nothing, []),
    (
        remove_fax_machines,
        [
            ("commitment", "fax-machines", "removed", "Stop using fax machines", "", None, None),
            ("metric", "fax-machines-in-use", "removed", "Fax machines in use", "", None, None),
        ],
    ),
    (
        raise_threshold,
        [
            (
                "rule",
                "sections-substantial",
                "changed",
                "Each section of the strategy delivery plan is long enough to say what the "
                "framework asks",
                "params.min_length",
                100,
                150,
            )
        ],
    ),
    (
        add_a_year,
        [
            ("plan period", "", "changed", "", "last", "2023/24", "2024/25"),
            ("year", "2024/25", "added", "", "", None, None),
        ],
    ),
    (
        change_a_unit,
        [
            (
                "metric",
                "fax-machines-in-use",
                "changed",
                "Fax machines in use",
                "unit",
                "count",
                "flag",
            )
        ],
    ),
    (
        change_an_ambition,
        [
            (
                "ambition",
                "pcn-additional-roles-20000",
                "changed",
                PCN_AMBITION,
                "value",
                20000,
                22000,
            )
        ],
    ),
    (
        move_a_deadline,
        [
            (
                "deadline",
                "pcn-membership",
                "changed",
                "Every GP practice in a primary care network",
                "date",
                dt.date(2019, 7, 1),
                dt.date(2019, 8, 1),
            )
        ],
    ),
    (
        make_foundational,
        [
            (
                "commitment",
                "fax-machines",
                "changed",
                "Stop using fax machines",
                "kind",
                "local",
                "foundational",
            ),
            (
                "commitment",
                "fax-machines",
                "changed",
                "Stop using fax machines",
                "latitude",
                "pace-and-scope",
                None,
            ),
        ],
    ),
    (
        add_a_commitment,
        [
            (
                "commitment",
                "paper-free",
                "added",
                "Paper-free at the point of care",
                "",
                None,
                None,
            ),
            ("metric", "paper-records-in-use", "added", "Paper records in use", "", None, None),
        ],
    ),
    (
        other_systems,
        [
            ("system", "E54000048", "changed", "Lancashire", "name", LSC, "Lancashire"),
            ("system", "E54000049", "removed", "Cumbria and North East", "", None, None),
        ],
    ),
]


def _rows(changes: list[PackChange]) -> list[tuple]:
    return [(c.kind, c.key, c.change, c.label, c.field, c.before, c.after) for c in changes]


@pytest.mark.parametrize(("modify", "expected"), CASES, ids=[m.__name__ for m, _ in CASES])
def test_each_change_gives_its_rows(modify, expected, tmp_path):
    pack = copy_pack(tmp_path)
    modify(pack)
    assert _rows(diff_packs(OLD, load_pack(pack))) == expected


def test_the_other_way_round_an_addition_is_a_removal(tmp_path):
    pack = copy_pack(tmp_path)
    remove_fax_machines(pack)
    rows = _rows(diff_packs(load_pack(pack), OLD))
    assert rows == [
        ("commitment", "fax-machines", "added", "Stop using fax machines", "", None, None),
        ("metric", "fax-machines-in-use", "added", "Fax machines in use", "", None, None),
    ]


def test_the_next_round_as_text_and_json(tmp_path):
    new = load_pack(next_round_pack(tmp_path))
    changes = diff_packs(OLD, new)
    assert render_diff(OLD, new, changes).splitlines() == [
        "ltpif-2019 2019.1 → ltpif-2020 2020.1: 7 change(s)",
        "~ pack id: 'ltpif-2019' → 'ltpif-2020'",
        "~ pack version: '2019.1' → '2020.1'",
        "~ plan period last: '2023/24' → '2024/25'",
        "+ year 2024/25",
        "- commitment fax-machines: 'Stop using fax machines'",
        "- metric fax-machines-in-use: 'Fax machines in use'",
        "~ rule sections-substantial params.min_length: 100 → 150",
    ]
    document = diff_json(OLD, new, changes)
    assert document["old"] == {"pack": "ltpif-2019", "version": "2019.1"}
    assert document["changes"][3] == {
        "kind": "year",
        "key": "2024/25",
        "change": "added",
        "label": "",
        "field": "",
        "before": None,
        "after": None,
    }


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            PackChange("deadline", "x", "changed", "X", "date", dt.date(2019, 7, 1), None),
            "~ deadline x date: 2019-07-01 → (none)",
        ),
        (
            PackChange("rule", "r", "changed", "R", "params.on", False, True),
            "~ rule r params.on: false → true",
        ),
        (
            PackChange("rule", "r", "changed", "R", "params.ids", ("a", "b"), ("a",)),
            "~ rule r params.ids: ['a', 'b'] → ['a']",
        ),
        (
            PackChange("ambition", "a", "changed", "A", "value", 0.5, 0.75),
            "~ ambition a value: 0.5 → 0.75",
        ),
        (PackChange("year", "2024/25", "removed"), "- year 2024/25"),
    ],
)
def test_how_a_change_reads(change, line):
    assert change_line(change) == line


def test_the_same_pack_has_no_changes():
    assert diff_packs(OLD, OLD) == []
    assert render_diff(OLD, OLD, []) == "ltpif-2019 2019.1 → ltpif-2019 2019.1: no changes.\n"


def _mirrored(change: PackChange) -> tuple:
    """The change as the diff the other way round gives it (a changed entry's label is its
    name in the later pack, so it is left out)."""
    flipped = {"added": "removed", "removed": "added", "changed": "changed"}[change.change]
    return (change.kind, change.key, flipped, change.field, change.after, change.before)


def _unlabelled(change: PackChange) -> tuple:
    return (change.kind, change.key, change.change, change.field, change.before, change.after)


def _edited_rule(rule, draw):
    if draw(st.booleans()):
        return dataclasses.replace(
            rule, params={**rule.params, "min_length": draw(st.integers(0, 500))}
        )
    return rule


def _edited_system(system, draw):
    if draw(st.integers(0, 9)) == 0:
        return dataclasses.replace(system, name=draw(st.sampled_from(["Renamed", "Other name"])))
    return system


@st.composite
def edited_packs(draw) -> Pack:
    """The built-in pack with some commitments, rules and systems left out and some rule
    thresholds and system names changed, in memory."""
    areas = tuple(
        dataclasses.replace(
            area,
            area=dataclasses.replace(
                area.area,
                commitment=[c for c in area.area.commitment if draw(st.booleans())],
            ),
        )
        for area in OLD.areas
    )
    rules = [_edited_rule(r, draw) for r in OLD.rules.rule if draw(st.booleans())]
    systems = [_edited_system(x, draw) for x in OLD.geography.system if draw(st.integers(0, 9))]
    return dataclasses.replace(
        OLD,
        areas=areas,
        rules=dataclasses.replace(OLD.rules, rule=rules),
        geography=dataclasses.replace(OLD.geography, system=systems),
    )


@settings(max_examples=30, deadline=None)
@given(edited_packs())
def test_the_diff_backwards_is_the_diff_forwards_mirrored(edited):
    forwards = sorted(map(_mirrored, diff_packs(OLD, edited)), key=repr)
    backwards = sorted(map(_unlabelled, diff_packs(edited, OLD)), key=repr)
    assert forwards == backwards
    assert diff_packs(edited, edited) == []
