"""The page's chrome (the header and its links, the footer) is drawn once per process for each
actor (`chrome`, in jinja.py): each person still sees their own role's links."""

from __future__ import annotations

import re

from tests.web.conftest import client_for, user_of

LINK = re.compile(r'nhsuk-header__navigation-link" href="([^"]+)"')


def _links(role: str) -> list[str]:
    member = user_of(role)
    return LINK.findall(client_for(member).get("/monitoring/").content.decode())


def test_each_role_s_header_has_its_own_links_whoever_was_drawn_first(world):
    lead, regional = user_of("system_lead"), user_of("regional_lead")
    for _ in range(2):  # drawn, then kept: the same
        assert _links("system_lead") == [
            "/",
            f"/plans/{lead.system_id}/",
            "/rollup/what-if/",
            "/monitoring/",
            "/people/",
        ]
        assert _links("regional_lead") == [
            "/",
            f"/regions/{regional.region_id}/",
            f"/rollup/regions/{regional.region_id}/",
            "/rollup/what-if/",
            "/monitoring/",
            "/people/",
        ]
        assert _links("observer") == ["/", "/national/", "/rollup/", "/monitoring/"]
    assert _links("system_lead") != LINK.findall(
        client_for(user_of("system_lead", 1)).get("/monitoring/").content.decode()
    )  # another system's lead: their own plan
