from __future__ import annotations

import re

import pytest

from tests.security.routes import OWNER, POST_ONLY, PUBLIC, SIGNED_IN


def test_welcome_shows_to_visitors(visitor):
    response = visitor.get("/")
    assert response.status_code == 200
    assert 'href="/advice/"' in response.text
    assert 'href="/accounts/signup/"' in response.text


def test_welcome_sends_users_to_the_dashboard(alice_client):
    response = alice_client.get("/")
    assert response.status_code == 302
    assert response.url == "/dashboard/"


def test_dashboard_needs_login(visitor):
    response = visitor.get("/dashboard/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/dashboard/"


def test_unknown_page_is_a_styled_404(visitor, settings):
    settings.DEBUG = False
    response = visitor.get("/no-such-page/")
    assert response.status_code == 404
    assert "That page isn't here" in response.text


def test_base_layout_has_a_skip_link_language_and_no_other_host(visitor):
    html = visitor.get("/").text
    assert '<html lang="en">' in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    # Every src= and href= stays on this host.
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page links nothing"
    for url in urls:
        assert not re.match(r"^(https?:)?//", url), url


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_send_security_headers(visitor, path):
    response = visitor.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_never_cached(alice_client):
    response = alice_client.get("/dashboard/")
    assert "no-store" in response["Cache-Control"]


SIGNED_IN_PAGES = sorted((set(SIGNED_IN) | set(OWNER) | set(PUBLIC)) - POST_ONLY)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_every_signed_in_page_answers_no_store(alice_client, url_for, guide, name):
    """So no page comes back from a cache or the back-forward cache after leaving."""
    response = alice_client.get(url_for(name))
    assert response.status_code in (200, 302), name
    assert "no-store" in response["Cache-Control"], name


@pytest.mark.parametrize("path", ["/advice/", "/advice/wait/"])
def test_the_guide_stays_cacheable_for_visitors(visitor, guide, path):
    response = visitor.get(path)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
