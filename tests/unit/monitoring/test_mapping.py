"""Organisations to systems through the official lookups, with code history."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("E92000001", ("national", "E92000001", "national")),
        ("E54000007", ("system", "E54000007", "system")),
        ("qop", ("system", "E54000007", "system")),  # ODS code, any case
        ("E54000050", ("system", "E54000049", "system")),  # 2020 code → the 2019 system
        ("QHM", ("system", "E54000049", "system")),
        ("R0A", ("system", "E54000007", "provider")),  # trust → its STP QOP
        ("03E", ("system", "E54000005", "commissioner")),  # the 2019 footprint wins
        ("16C", ("system", "E54000049", "commissioner")),  # a 2020 merger → STP21 → history
        ("36J", ("system", "E54000005", "commissioner")),
        ("42D", ("system", "E54000006", "commissioner")),  # a 2021 CCG code
        ("RQF", None),  # a trust under the national "Q99": no system
        ("13Q", None),  # NHS England's commissioning hub
        ("XYZ", None),
    ],
)
def test_codes_resolve_to_places(orgs, code, expected):
    place = orgs.resolve(code)
    assert (place and (place.level, place.code, place.via)) == expected


def test_every_system_has_trusts_and_ccgs(orgs, pack):
    systems = {s.code for s in pack.geography.system}
    assert set(orgs.providers.values()) == systems
    assert set(orgs.commissioners.values()) == systems
