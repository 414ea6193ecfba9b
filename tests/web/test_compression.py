"""Pages and static files go gzipped to browsers that take it; the first page a user opens,
with everything it loads, weighs under 150 KB so (issue 19 item 7)."""

from __future__ import annotations

import re

from django.test import Client

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
FIRST_PAGE_LIMIT = 150 * 1024


def _body(response) -> bytes:
    """The bytes sent, the file WhiteNoise streams closed after."""
    try:
        return b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        response.close()


def _weights(client: Client, url: str, headers: dict) -> dict[str, int]:
    """The bytes sent for a page and each file its HTML loads (styles, scripts, icons)."""
    page = client.get(url, headers=headers)
    html = client.get(url).content.decode()
    sizes = {url: len(_body(page))}
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    while assets:
        asset = assets.pop()
        if asset in sizes or not asset.endswith((".css", ".js", ".svg", ".ico", ".json")):
            continue
        response = client.get(asset, headers=headers)
        assert response.status_code == 200, asset
        sizes[asset] = len(_body(response))
        if asset.endswith(".js"):  # and the modules it imports
            text = _body(client.get(asset)).decode()
            folder = asset.rpartition("/")[0]
            for module in re.findall(r'from "\.\./([^"]+)"', text):
                assets.append(f"{folder.rpartition('/')[0]}/{module}")
    return sizes


def test_pages_and_static_files_are_sent_gzipped(world):
    client = Client()
    page = client.get("/sign-in/", headers=GZIP)
    assert page["Content-Encoding"] == "gzip" and "Accept-Encoding" in page["Vary"]
    style = client.get("/static/nhsuk/nhsuk-frontend.min.css", headers=GZIP)
    assert style["Content-Encoding"] == "gzip"
    plain = client.get("/static/nhsuk/nhsuk-frontend.min.css")
    assert "Content-Encoding" not in plain  # a browser that does not take gzip still can read
    assert len(_body(style)) < len(_body(plain)) / 3


def test_the_cold_first_page_weighs_under_150_kb_compressed(world):
    client = Client()
    compressed = _weights(client, "/sign-in/", GZIP)
    uncompressed = _weights(client, "/sign-in/", {})
    total, before = sum(compressed.values()), sum(uncompressed.values())
    print(f"first page: {before / 1024:.0f} KB uncompressed, {total / 1024:.0f} KB gzipped")
    assert total < FIRST_PAGE_LIMIT, compressed
