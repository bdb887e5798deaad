"""The quick exit: on every signed-in page once a safety concern is marked, always on the
safety note, everywhere for whoever turns it on; its address is DJANGO_QUICK_EXIT_URL."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from journal.models import Situation
from reconnect.accounts.models import User
from reconnect.settings import envurl
from tests.markup import page_html
from tests.security.routes import OWNER, POST_ONLY, SIGNED_IN

WEATHER = "https://www.bbc.co.uk/weather"
PAGES = sorted((set(SIGNED_IN) | set(OWNER)) - POST_ONLY - {"journal:export", "journal:photo"})


def exit_links(html: str) -> list[str]:
    return re.findall(r'<a class="quick-exit-button" href="([^"]*)"[^>]*data-quick-exit>', html)


@pytest.fixture
def afraid(alice: User) -> None:
    Situation.objects.create(user=alice, safety_concern=True)


@pytest.mark.parametrize("name", PAGES)
def test_with_a_safety_concern_every_signed_in_page_has_it(
    alice_client, afraid, url_for, guide, name
):
    response = alice_client.get(url_for(name))
    assert response.status_code == 200, name
    assert exit_links(response.text) == [WEATHER], name
    assert 'rel="nofollow noreferrer"' in response.text
    assert "/static/js/quick_exit.js" in response.text


def test_its_address_is_the_configured_one(alice_client, afraid, settings):
    settings.QUICK_EXIT_URL = "https://weather.example.org/today"
    assert exit_links(alice_client.get("/dashboard/").text) == ["https://weather.example.org/today"]


@pytest.mark.parametrize("url", ["/dashboard/", "/journal/", "/urges/new/", "/accounts/profile/"])
def test_without_a_concern_or_the_setting_it_stays_away(alice_client, guide, url):
    html = page_html(alice_client, url)
    assert not exit_links(html) and "data-quick-exit-bar" not in html


def test_the_safety_note_always_has_it_for_visitors_too(visitor, alice_client, guide):
    for client in (visitor, alice_client):
        html = client.get("/advice/safety/").text
        assert exit_links(html) == [WEATHER]
        assert "data-quick-exit-note" in html
    assert not exit_links(visitor.get("/advice/wait/").text)


def test_the_safety_note_says_what_it_does_and_does_not_do(visitor, guide):
    html = visitor.get("/advice/safety/").text
    assert "What it does not do" in html
    assert "It does not clear your browsing history" in html
    assert "It does nothing on your other devices" in html
    assert "Clearing your history" in html
    assert "Delete browsing data" in html


def test_the_safety_note_says_what_the_idle_sign_out_and_discreet_mode_hide(visitor, guide):
    html = visitor.get("/advice/safety/").text
    assert "Signing out when you are away" in html
    assert "It does not hide anything on screen before then." in html
    assert "Discreet mode" in html
    assert "anyone who opens it signed in sees your notes" in html
    assert "keeps a single entry in the tab’s history" in html


def test_the_setting_turns_it_on_everywhere(alice_client, alice, guide):
    alice_client.post(
        "/accounts/profile/", {"timezone": "UTC", "email": alice.email, "quick_exit": "on"}
    )
    alice.refresh_from_db()
    assert alice.quick_exit
    for url in ("/dashboard/", "/journal/", "/advice/wait/", "/accounts/profile/"):
        assert exit_links(alice_client.get(url).text) == [WEATHER], url


def test_a_support_page_under_any_hard_stop_has_it(alice_client, alice):
    Situation.objects.create(user=alice, asked_no_contact=True)
    html = alice_client.get("/readiness/").text
    assert 'data-support="no_contact"' in html
    assert exit_links(html) == [WEATHER]


def test_it_costs_no_query(alice_client, afraid, django_assert_num_queries):
    """The answers come joined to the user, so the check adds nothing to a page."""
    with django_assert_num_queries(3):  # the session, the user, the keys to their answers
        html = alice_client.get("/accounts/password_change/").text
    assert exit_links(html) == [WEATHER]


@pytest.mark.parametrize(
    "value", ["weather", "javascript:alert(1)", "ftp://example.org/", "https://", "https://a b/"]
)
def test_a_setting_that_is_no_web_address_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("DJANGO_QUICK_EXIT_URL", value)
    with pytest.raises(ImproperlyConfigured, match="not a web address"):
        envurl("DJANGO_QUICK_EXIT_URL", WEATHER)


def test_the_setting_is_read(monkeypatch):
    monkeypatch.setenv("DJANGO_QUICK_EXIT_URL", "https://www.metoffice.gov.uk/")
    assert envurl("DJANGO_QUICK_EXIT_URL", WEATHER) == "https://www.metoffice.gov.uk/"
    monkeypatch.delenv("DJANGO_QUICK_EXIT_URL")
    assert envurl("DJANGO_QUICK_EXIT_URL", WEATHER) == WEATHER
