"""Language: the browser's for visitors, the switcher's cookie, and a person's own choice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from journal.models import WaitingPeriod
from reconnect.lib.language import in_language_of, language_of
from tests.responses import Response

ES = {"Accept-Language": "es"}
EN = {"Accept-Language": "en"}


def lang(response: Response) -> str:
    return response.text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_visitor_gets_the_browsers_language(visitor):
    assert lang(visitor.get("/", headers=ES)) == "es"
    assert lang(visitor.get("/", headers=EN)) == "en"
    assert lang(visitor.get("/", HTTP_ACCEPT_LANGUAGE="fr, es;q=0.8")) == "es"
    assert lang(visitor.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_every_page_has_the_switcher(visitor, alice_client):
    for client, path in (
        (visitor, "/"),
        (visitor, "/accounts/login/"),
        (alice_client, "/journal/"),
    ):
        page = client.get(path).text
        assert 'action="/language/"' in page
        assert 'name="csrfmiddlewaretoken"' in page.split("data-language-switcher")[1]
        assert 'name="language" value="es"' in page


def test_the_switcher_sets_a_visitors_language(visitor):
    response = visitor.post("/language/", {"language": "es", "next": "/advice/"}, headers=EN)
    assert response.status_code == 302
    assert response["Location"] == "/advice/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert lang(visitor.get("/", headers=EN)) == "es"  # the cookie wins over the browser


def test_the_switcher_keeps_to_this_site(visitor):
    response = visitor.post("/language/", {"language": "es", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(alice, alice_client):
    response = alice_client.post("/language/", {"language": "xx", "next": "/journal/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == ""


def test_the_switcher_takes_only_a_post_with_a_token(csrf_client, visitor):
    assert visitor.get("/language/?language=es").status_code == 405
    assert csrf_client.post("/language/", {"language": "es"}).status_code == 403


def test_a_signed_in_switch_is_saved_to_settings(alice, alice_client):
    alice_client.post("/language/", {"language": "es", "next": "/dashboard/"})
    alice.refresh_from_db()
    assert alice.language == "es"
    other_device = Client()
    other_device.force_login(alice)
    assert lang(other_device.get("/dashboard/", headers=EN)) == "es"


def test_the_persons_choice_wins_over_browser_and_cookie(alice, alice_client):
    alice.language = "es"
    alice.save()
    alice_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = alice_client.get("/dashboard/", headers=EN)
    assert lang(response) == "es"
    assert response["Content-Language"] == "es"


def test_no_choice_follows_the_browser(alice, alice_client):
    assert lang(alice_client.get("/dashboard/", headers=ES)) == "es"
    assert lang(alice_client.get("/dashboard/", headers=EN)) == "en"


@pytest.mark.parametrize(("chosen", "saved"), [("es", "es"), ("en", "en"), ("", "")])
def test_settings_has_a_language(alice, alice_client, chosen, saved):
    page = alice_client.get("/accounts/profile/").text
    assert 'name="language"' in page
    assert "As my browser says" in page
    form = {"timezone": "UTC", "email": "alice@example.org", "language": chosen}
    response = alice_client.post("/accounts/profile/", form, follow=True)
    alice.refresh_from_db()
    assert alice.language == saved
    if chosen == "es":
        assert "Tus ajustes están guardados." in response.text


def test_settings_refuses_an_unknown_language(alice, alice_client):
    form = {"timezone": "UTC", "email": "alice@example.org", "language": "x" * 500}
    response = alice_client.post("/accounts/profile/", form)
    assert response.status_code == 200
    assert 'name="language"' in response.text
    alice.refresh_from_db()
    assert alice.language == ""


def test_mail_language_falls_back_to_the_default(alice):
    assert language_of(alice) == "en"
    assert language_of(alice, fallback="es") == "es"
    alice.language = "es"
    assert language_of(alice, fallback="en") == "es"
    alice.language = "xx"  # a language the site no longer offers
    assert language_of(alice) == "en"
    with translation.override("en"), in_language_of(type("U", (), {"language": "es"})()):
        assert translation.get_language() == "es"


START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_reminders_go_in_each_persons_language(alice, bob, mailoutbox):
    alice.language, alice.email_reminders = "es", True
    alice.save()
    bob.email_reminders = True
    bob.save()
    for user in (alice, bob):
        WaitingPeriod.objects.create(
            user=user, label="Sin contacto", start=START.date(), days=30, started_at=START
        )
    with time_machine.travel(START + dt.timedelta(days=7, hours=1)), translation.override("en"):
        call_command("send_reminders", stdout=io.StringIO())
    mails = {mail.to[0]: mail for mail in mailoutbox}
    spanish, english = mails["alice@example.org"], mails["bob@example.org"]
    assert spanish.subject == "Tu periodo de espera"
    assert "«Sin contacto»: 7 días mantenidos, faltan 23." in spanish.body
    assert "Hola, alice:" in spanish.body
    assert english.subject == "Your waiting period"
    assert "7 days kept, 23 to go" in english.body


def test_the_friends_mail_goes_in_the_askers_language(alice, urge, mailoutbox):
    alice.language = "es"
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.display_name = "Alicia"
    alice.save()
    now = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    client = Client()
    client.force_login(alice)
    with time_machine.travel(now, tick=False):
        client.post(f"/urges/{urge.pk}/ask-friend/", headers=EN)
    (mail,) = mailoutbox
    assert mail.subject == "¿Podrías llamar a Alicia?"
    assert mail.body.startswith("Hola, Sam:")
    assert "Alicia está pasando un momento difícil" in mail.body


def test_the_friends_mail_without_a_name_is_in_spanish_too(alice, urge, mailoutbox):
    alice.language = "es"
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    client = Client()
    client.force_login(alice)
    client.post(f"/urges/{urge.pk}/ask-friend/", headers=EN)
    (mail,) = mailoutbox
    assert mail.subject == "¿Podrías llamar a alguien cercano?"
    assert "Alguien cercano a ti está pasando un momento difícil" in mail.body
    assert "Su correo: alice@example.org" in mail.body
