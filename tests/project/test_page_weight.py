"""What a first visit of the dashboard downloads, compressed as whitenoise serves it."""

from __future__ import annotations

import re

import brotli
from django.contrib.staticfiles import finders

PAGE_BUDGET = 150 * 1024
JS_BUDGET = 30 * 1024


def compressed_size(data: bytes) -> int:
    return len(brotli.compress(data))


def test_the_dashboard_stays_within_its_weight_budget(alice_client):
    html = alice_client.get("/dashboard/").content
    assets = re.findall(rb'<(?:script[^>]+src|link[^>]+href)="/static/([^"]+)"', html)
    assert assets, "the page links no static files"
    sizes = {"html": compressed_size(html), "css": 0, "js": 0, "other": 0}
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as file:
            kind = asset.rsplit(b".", 1)[-1].decode()
            sizes[kind if kind in ("css", "js") else "other"] += compressed_size(file.read())
    total = sum(sizes.values())
    assert sizes["js"] <= JS_BUDGET, sizes
    assert total <= PAGE_BUDGET, sizes
