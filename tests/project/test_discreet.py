"""Discreet mode: tabs, history, the home-screen icon and email subjects say "Notes"."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail

from reconnect.accounts.models import User
from tests.security.routes import OWNER, POST_ONLY, PUBLIC, SIGNED_IN

PAGES = sorted(
    (set(SIGNED_IN) | set(OWNER) | set(PUBLIC)) - POST_ONLY - {"journal:export", "journal:photo"}
)


def title(html: str) -> str:
    """The page's own title, in its head (charts carry SVG titles of their own)."""
    head = html.split("</head>", 1)[0]
    found: list[str] = re.findall(r"<title>(.*?)</title>", head, flags=re.S)
    assert len(found) == 1, found
    return found[0]


def telling(text: str) -> list[str]:
    """The words that would say what the app is."""
    lowered = text.lower()
    words = [w for w in ("reconnect", "urge", "contact") if w in lowered]
    return words + (["ex"] if re.search(r"\bex\b", lowered) else [])


@pytest.fixture
def discreet(alice: User) -> None:
    alice.discreet = True
    alice.save()


@pytest.mark.parametrize("name", PAGES)
def test_no_title_says_what_the_app_is(alice_client, discreet, url_for, guide, name):
    response = alice_client.get(url_for(name), follow=True)
    assert response.status_code == 200, name
    if not response["Content-Type"].startswith("text/html"):
        return
    shown = title(response.text)
    assert shown == "Notes", (name, shown)
    assert not telling(shown)


def test_without_it_titles_name_the_page(alice_client, urge):
    assert title(alice_client.get("/urges/new/").text) == "I want to contact them · Reconnect"
    assert title(alice_client.get("/dashboard/").text) == "Home · Reconnect"


def test_the_brand_and_icons_are_plain(alice_client, discreet):
    html = alice_client.get("/dashboard/").text
    assert '<span class="brand-name">Notes</span>' in html
    assert ">Reconnect</a>" not in html
    assert '<link rel="manifest" href="/manifest.webmanifest?discreet=1">' in html
    assert "/static/img/notes-icon-192.png" in html
    assert "/static/img/notes-favicon.svg" in html
    assert "img/icon-192.png" not in html


@pytest.mark.parametrize("how", ["the link", "the session"])
def test_the_manifest_is_neutral(alice_client, visitor, discreet, how):
    response = (
        visitor.get("/manifest.webmanifest?discreet=1")
        if how == "the link"
        else alice_client.get("/manifest.webmanifest")
    )
    data = json.loads(response.content)
    assert data["name"] == data["short_name"] == "Notes"
    assert not telling(json.dumps(data, ensure_ascii=False).replace("/urges/new/", ""))
    assert data["icons"]
    assert all("notes-icon" in icon["src"] for icon in data["icons"])
    assert data["shortcuts"][0]["url"] == "/urges/new/"
    assert data["shortcuts"][0]["name"] == "A new note"


def test_the_password_reset_subject_is_plain(visitor, alice, discreet, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    visitor.post("/accounts/password_reset/", {"email": alice.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your password"
    assert "Reconnect" not in mail.outbox[0].body


def test_without_it_the_reset_subject_names_the_app(visitor, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    visitor.post("/accounts/password_reset/", {"email": alice.email})
    assert mail.outbox[0].subject == "Reset your Reconnect password"


def test_the_friend_note_subject_is_plain(alice_client, alice, discreet, urge):
    alice.friend_name, alice.friend_email, alice.display_name = "Sam", "sam@example.org", "Ali"
    alice.save()
    alice_client.post(f"/urges/{urge.pk}/ask-friend/")
    assert mail.outbox[0].to == ["sam@example.org"]
    assert not telling(str(mail.outbox[0].subject))
    assert not telling(mail.outbox[0].body.replace("alice@example.org", ""))
