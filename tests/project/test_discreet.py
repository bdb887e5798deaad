"""Discreet mode: every page, mail, the calendar, the manifest and exports say "Notes".

A walk over every route (tests/security/routes.py) with it on, signed in and, on a device
where it was on, signed out: no "Reconnect" anywhere, and no title or meta description
that says what the app is for.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from journal.formats import EXPORTS
from journal.models import WaitingPeriod
from reconnect.accounts.models import User
from reconnect.lib.middleware import DISCREET_COOKIE
from tests.conftest import PASSWORD
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


# The words no title or meta description may hold with discreet mode on, as words.
GIVING_AWAY = re.compile(r"\b(reconnect|ex|breakup|urges?|contact)\b", re.IGNORECASE)
VISITOR_PAGES = sorted(
    set(PUBLIC) - POST_ONLY - {"journal:calendar_feed", "manifest", "healthz", "healthz_worker"}
)


def description(html: str) -> str:
    head = html.split("</head>", 1)[0]
    found: list[str] = re.findall(r'<meta name="description" content="([^"]*)"', head)
    assert len(found) == 1, found
    return found[0]


def assert_plain(html: str, where: str) -> None:
    """Nothing on the page names the app; its title and description give nothing away."""
    assert "Reconnect" not in html, where
    assert not GIVING_AWAY.search(title(html)), (where, title(html))
    assert not GIVING_AWAY.search(description(html)), (where, description(html))


@pytest.fixture
def discreet(alice: User) -> None:
    alice.discreet = True
    alice.save()


@pytest.fixture
def discreet_device(db: None) -> Client:
    """A signed-out browser on a device where discreet mode was on."""
    client = Client()
    client.cookies[DISCREET_COOKIE] = "1"
    return client


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


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", PAGES)
def test_no_signed_in_page_names_the_app(
    alice_client, alice, discreet, url_for, guide, name, language
):
    alice.language = language
    alice.save()
    response = alice_client.get(url_for(name), follow=True)
    assert response.status_code == 200, name
    text = response.content.decode()
    if response["Content-Type"].startswith("text/html"):
        assert_plain(text, name)
    else:
        assert "Reconnect" not in text, name


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", VISITOR_PAGES)
def test_signed_out_on_a_discreet_device_no_page_names_the_app(
    discreet_device, url_for, guide, name, language
):
    response = discreet_device.get(url_for(name), follow=True, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, name
    assert title(response.text) in ("Notes", "Notas"), name
    assert_plain(response.text, name)


def test_two_factor_pages_do_not_name_the_app(alice_client, alice, discreet):
    alice_client.post("/accounts/two-factor/", {"action": "start", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=alice)
    assert "Reconnect" not in device.config_url
    page = alice_client.get("/accounts/two-factor/").text
    assert "data-secret" in page  # the setup step, with its QR code, is what was walked
    assert_plain(page, "two_factor setup")


def test_the_welcome_on_a_discreet_device_says_only_notes(discreet_device, visitor):
    page = discreet_device.get("/").text
    assert "data-discreet-welcome" in page
    assert_plain(page, "welcome")
    assert "data-discreet-welcome" not in visitor.get("/").text
    assert "Reconnect" in visitor.get("/").text


def test_the_device_remembers_it_past_sign_out_until_it_is_turned_off(alice_client, alice):
    data = {"timezone": "UTC", "email": alice.email, "discreet": "on"}
    response = alice_client.post("/accounts/profile/", data)
    assert response.status_code == 302
    cookie = response.cookies[DISCREET_COOKIE]
    assert cookie.value == "1"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) > 365 * 24 * 60 * 60

    alice_client.post("/accounts/logout/")
    assert_plain(alice_client.get("/accounts/login/").text, "login after sign-out")

    alice_client.force_login(alice)
    response = alice_client.post("/accounts/profile/", {"timezone": "UTC", "email": alice.email})
    assert response.status_code == 302
    assert response.cookies[DISCREET_COOKIE].value == ""  # cleared
    alice_client.logout()
    assert "Reconnect" in alice_client.get("/accounts/login/").text


def test_a_device_it_was_never_on_shows_the_app(alice_client, alice):
    response = alice_client.get("/dashboard/")
    assert DISCREET_COOKIE not in response.cookies
    assert "Reconnect" in response.text


def test_the_manifest_on_a_discreet_device_is_neutral(discreet_device):
    page = discreet_device.get("/accounts/login/").text
    assert '<link rel="manifest" href="/manifest.webmanifest?discreet=1">' in page
    data = discreet_device.get("/manifest.webmanifest?discreet=1").content.decode()
    assert "Reconnect" not in data


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_export_names_are_plain(alice_client, discreet, entry, fmt):
    response = alice_client.get(f"/journal/export/{fmt}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert 'filename="notes-' in disposition
    assert "reconnect" not in disposition.lower()


def test_the_calendar_feed_names_nothing(visitor, alice, discreet):
    WaitingPeriod.objects.begin(alice, "No contact", dt.date(2027, 3, 1), 30)
    response = visitor.get(f"/journal/calendar/{alice.calendar_token}.ics")
    assert b"BEGIN:VEVENT" in response.content
    assert b"reconnect" not in response.content.lower()
    assert "reconnect" not in response["Content-Disposition"]
    assert b"X-WR-CALNAME:Notes" in response.content


def test_mail_comes_from_no_name_with_plain_subjects(visitor, alice, discreet, settings, urge):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Reconnect <mail@example.org>"
    settings.DISCREET_FROM_EMAIL = "mail@example.org"
    alice.friend_name, alice.friend_email, alice.display_name = "Sam", "sam@example.org", "Ali"
    alice.email_reminders = True
    alice.save()
    visitor.post("/accounts/password_reset/", {"email": alice.email})
    visitor.force_login(alice)
    visitor.post(f"/urges/{urge.pk}/ask-friend/")
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    WaitingPeriod.objects.create(
        user=alice, label="Quiet", start=start.date(), days=30, started_at=start
    )
    with time_machine.travel(start + dt.timedelta(days=7, hours=1)):
        call_command("send_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        assert sent.from_email == "mail@example.org"
        subject, body = str(sent.subject), str(sent.body)
        assert "Reconnect" not in subject + body, subject
        assert not GIVING_AWAY.search(subject), subject


def test_without_it_mail_comes_from_the_app(visitor, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Reconnect <mail@example.org>"
    visitor.post("/accounts/password_reset/", {"email": alice.email})
    assert mail.outbox[0].from_email == "Reconnect <mail@example.org>"


def test_the_error_page_names_nothing(rf):
    """The 500 page is drawn with no request, so it cannot know a device is discreet: it
    says what happened and nothing of what the app is."""
    from django.views.defaults import server_error

    html = server_error(rf.get("/")).content.decode()
    assert "Something went wrong on this side, not yours" in html
    assert "Reconnect" not in html and "<title>Something went wrong</title>" in html
