from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks.backends.dummy import DummyBackend

from reconnect.accounts import two_factor
from tests.accounts.test_two_factor import code_for, wrong_code
from tests.conftest import PASSWORD
from tests.responses import Response


def test_it_needs_login(visitor):
    response = visitor.get("/accounts/profile/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_saves_a_time_zone(alice_client, alice):
    response = alice_client.post(
        "/accounts/profile/",
        {"timezone": "America/New_York", "email": "a@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "America/New_York"
    assert alice.email == "a@example.org"


def test_it_rejects_an_unknown_time_zone(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {"timezone": "Mars/Olympus", "email": ""})
    assert response.status_code == 200
    assert "Choose your time zone from the list" in response.text
    assert "IANA" not in response.text
    alice.refresh_from_db()
    assert alice.timezone == "UTC"
    assert alice.email == "alice@example.org"


def test_it_saves_a_friend_to_call(alice_client, alice):
    html = alice_client.get("/accounts/profile/").text
    assert 'name="friend_name"' in html and 'name="friend_email"' in html
    data = {"timezone": "UTC", "email": "alice@example.org", "friend_name": "Sam",
            "friend_email": "sam@example.org"}  # fmt: skip
    assert alice_client.post("/accounts/profile/", data).status_code == 302
    alice.refresh_from_db()
    assert (alice.friend_name, alice.friend_email) == ("Sam", "sam@example.org")


def test_a_friend_needs_a_name_and_an_address(alice_client, alice):
    for data in ({"friend_name": "Sam"}, {"friend_email": "sam@example.org"},
                 {"friend_name": "Sam", "friend_email": "not an address"},
                 {"friend_name": "S" * 61, "friend_email": "sam@example.org"}):  # fmt: skip
        response = alice_client.post("/accounts/profile/", {"timezone": "UTC", **data})
        assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.friend_name, alice.friend_email) == ("", "")


def test_it_saves_the_care_settings(alice_client, alice):
    html = alice_client.get("/accounts/profile/").text
    for name in ("display_name", "callback_phone", "discreet", "quick_exit"):
        assert f'name="{name}"' in html
    data = {
        "timezone": "UTC",
        "email": "alice@example.org",
        "display_name": "Ali",
        "callback_phone": "  +44   7700 900123 ",
        "discreet": "on",
        "quick_exit": "on",
    }
    assert alice_client.post("/accounts/profile/", data).status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.callback_phone) == ("Ali", "+44 7700 900123")
    assert alice.discreet and alice.quick_exit


@pytest.mark.parametrize("phone", ["call me", "12", "+44 77\x0000", "1" * 31, "<script>"])
def test_a_phone_that_is_no_number_is_explained(alice_client, alice, phone):
    response = alice_client.post("/accounts/profile/", {"timezone": "UTC", "callback_phone": phone})
    assert response.status_code == 200
    assert "invalid-feedback" in response.text
    alice.refresh_from_db()
    assert alice.callback_phone == ""


def test_delete_my_account_lives_in_settings_only(alice_client, guide):
    assert "/accounts/delete/" in alice_client.get("/accounts/profile/").text
    for url in ("/dashboard/", "/urges/new/", "/journal/", "/advice/wait/"):
        html = alice_client.get(url).text
        assert "/accounts/delete/" not in html, url
        assert "Delete my account" not in html, url


# Changing the email address: where a password reset goes, so it needs the password (and,
# with two-factor sign-in on, a code), and the old address is told.


def mails(queued: DummyBackend) -> list[dict[str, Any]]:
    """Each queued letter, written as the worker would write it; the queue itself holds
    no address."""
    written = []
    for result in queued.results:
        assert "@" not in str(result.args)
        writer, arguments = result.args
        letter = import_string(writer)(**arguments)
        written.append(vars(letter))
    return written


def change_email(client: Client, **extra: str) -> Response:
    return client.post(
        "/accounts/profile/", {"timezone": "UTC", "email": "new@example.org", **extra}
    )


def test_a_stolen_session_cannot_change_the_email_address(alice_client, alice, queued):
    """Whoever holds only a signed-in browser cannot send the password reset elsewhere."""
    for extra in ({}, {"password": "not the password at all"}):
        response = change_email(alice_client, **extra)
        assert response.status_code == 200
        assert "Your email address was not changed" in response.text or (
            "To change your email address, type your current password." in response.text
        )
        alice.refresh_from_db()
        assert alice.email == "alice@example.org"
    assert mails(queued) == []


def test_the_password_changes_it_and_the_old_address_is_told(alice_client, alice, queued):
    html = alice_client.get("/accounts/profile/").text
    assert 'name="password"' in html and 'name="code"' not in html
    response = change_email(alice_client, password=PASSWORD)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "new@example.org"
    (mail,) = mails(queued)
    assert mail["to"] == ["alice@example.org"]
    assert mail["subject"] == "Your Reconnect email address was changed"
    assert "new@example.org" not in mail["text"] and "alice" not in mail["text"].split("@")[0]
    assert "change your password" in mail["text"]


def test_in_discreet_mode_the_mail_does_not_name_the_app(alice_client, alice, queued):
    alice.discreet = True
    alice.save()
    data = {"discreet": "on", "password": PASSWORD}
    assert change_email(alice_client, **data).status_code == 302
    (mail,) = mails(queued)
    assert "reconnect" not in (mail["subject"] + mail["text"] + mail["html"]).lower()
    assert mail["subject"] == "Your email address was changed"


def test_the_mail_to_the_old_address_is_in_the_persons_language(alice_client, alice, queued):
    data = {"language": "es", "password": PASSWORD}
    assert change_email(alice_client, **data).status_code == 302
    (mail,) = mails(queued)
    assert mail["subject"] == "Se ha cambiado tu correo electrónico de Reconnect"


def test_other_settings_need_no_password_and_send_nothing(alice_client, alice, queued):
    data = {"timezone": "Europe/Madrid", "email": "alice@example.org"}
    assert alice_client.post("/accounts/profile/", data).status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Madrid"
    assert mails(queued) == []


def test_a_first_address_needs_the_password_and_tells_nobody(alice_client, alice, queued):
    alice.email = ""
    alice.save()
    assert change_email(alice_client).status_code == 200
    assert change_email(alice_client, password=PASSWORD).status_code == 302
    alice.refresh_from_db()
    assert alice.email == "new@example.org"
    assert mails(queued) == []


def test_with_two_factor_on_it_needs_a_code_too(alice_client, alice, queued):
    device = TOTPDevice.objects.create(user=alice, name="Authenticator app", confirmed=True)
    recovery = two_factor.new_recovery_codes(alice)
    assert 'name="code"' in alice_client.get("/accounts/profile/").text
    for extra in ({}, {"code": wrong_code(device)}, {"code": "abcdefgh"}):
        response = change_email(alice_client, password=PASSWORD, **extra)
        assert response.status_code == 200 and 'name="code"' in response.text
        alice.refresh_from_db()
        assert alice.email == "alice@example.org"
    # A code without the password is not enough either, and is not used up.
    assert change_email(alice_client, code=recovery[0]).status_code == 200
    assert change_email(alice_client, password=PASSWORD, code=recovery[0]).status_code == 302
    alice.refresh_from_db()
    assert alice.email == "new@example.org"
    assert two_factor.recovery_codes_left(alice) == 9
    assert len(mails(queued)) == 1


def test_with_two_factor_on_a_code_from_the_app_works(alice_client, alice):
    device = TOTPDevice.objects.create(user=alice, name="Authenticator app", confirmed=True)
    assert change_email(alice_client, password=PASSWORD, code=code_for(device)).status_code == 302
    alice.refresh_from_db()
    assert alice.email == "new@example.org"


def test_the_time_zone_list_shows_the_persons_zone_chosen(alice_client, alice):
    alice.timezone = "Europe/Madrid"
    alice.save(update_fields=["timezone"])
    page = alice_client.get("/accounts/profile/").content.decode()
    chosen = re.findall(r'<option value="([^"]+)" selected>', page)
    assert "Europe/Madrid" in chosen and "UTC" not in chosen
    assert page.count('<option value="') > 400  # every zone, each drawn once
