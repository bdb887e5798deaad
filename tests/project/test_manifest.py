"""/manifest.webmanifest: the app on a phone's home screen, with a shortcut to the hard moment."""

from __future__ import annotations

import json

from django.contrib.staticfiles import finders


def test_it_describes_the_app(visitor):
    response = visitor.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Reconnect"
    assert data["start_url"] == "/dashboard/"
    assert data["theme_color"].startswith("#")
    assert data["display"] == "standalone"
    assert [s["url"] for s in data["shortcuts"]] == ["/urges/new/"]
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]


def test_every_page_links_it(visitor, alice_client):
    assert '<link rel="manifest" href="/manifest.webmanifest">' in visitor.get("/").text
    assert 'rel="manifest"' in alice_client.get("/dashboard/").text


def test_its_theme_colour_is_the_accent(visitor):
    """The phone's bar around the app wears the same accent as the pages."""
    data = json.loads(visitor.get("/manifest.webmanifest").content)
    path = finders.find("css/site.css")
    assert isinstance(path, str), path
    with open(path) as css:
        light = css.read().split('[data-bs-theme="dark"]')[0]
    assert f"--rc-accent: {data['theme_color']};" in light
    assert f"--rc-canvas: {data['background_color']};" in light
