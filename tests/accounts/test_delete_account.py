from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.accounts import two_factor
from reconnect.accounts.models import User
from tests.accounts.test_two_factor import code_for
from tests.conftest import PASSWORD


def test_it_asks_for_the_password(alice_client):
    response = alice_client.get("/accounts/delete/")
    assert response.status_code == 200
    assert 'name="password"' in response.text


def test_a_wrong_password_deletes_nothing(alice_client, alice):
    response = alice_client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "Nothing was deleted" in response.text
    assert User.objects.filter(pk=alice.pk).exists()


def test_it_deletes_the_account_and_signs_out(alice_client, alice, bob):
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert User.objects.filter(pk=bob.pk).exists()
    assert alice_client.get("/dashboard/").status_code == 302


def signed_in(username: str) -> Client:
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_it_ends_the_accounts_sessions_on_other_devices(alice, bob):
    phone, laptop, bobs = signed_in("alice"), signed_in("alice"), signed_in("bob")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    phone_key = phone.session.session_key
    assert store().exists(phone_key)

    laptop.post("/accounts/delete/", {"password": PASSWORD})
    assert not store().exists(phone_key)
    assert phone.get("/dashboard/").status_code == 302
    assert store().exists(bobs.session.session_key)
    assert bobs.get("/dashboard/").status_code == 200


def test_the_goodbye_message_is_kept_in_the_session_not_a_cookie(alice_client):
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302  # deleted, with the goodbye waiting on the next page
    assert "messages" not in response.cookies
    assert "have been deleted" in alice_client.get(response.url).text


@pytest.fixture
def app(alice: User) -> TOTPDevice:
    """Alice has turned two-factor sign-in on."""
    device: TOTPDevice = TOTPDevice.objects.create(
        user=alice, name="Authenticator app", confirmed=True
    )
    return device


def test_with_two_factor_on_it_asks_for_a_code(alice_client, app):
    assert 'name="code"' in alice_client.get("/accounts/delete/").text


def test_without_two_factor_it_asks_no_code(alice_client):
    assert 'name="code"' not in alice_client.get("/accounts/delete/").text


@pytest.mark.parametrize("code", ["", "000000"])
def test_with_two_factor_on_the_password_alone_deletes_nothing(alice_client, alice, app, code):
    if code == code_for(app):
        code = "111111"
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD, "code": code})
    assert response.status_code == 200
    assert "Nothing was deleted" in response.text
    assert User.objects.filter(pk=alice.pk).exists()


def test_with_two_factor_on_the_apps_code_deletes_it(alice_client, alice, app):
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD, "code": code_for(app)})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()


def test_with_two_factor_on_a_recovery_code_deletes_it(alice_client, alice, app):
    recovery = two_factor.new_recovery_codes(alice)[0]
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD, "code": recovery})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()


def test_a_wrong_password_spends_no_recovery_code(alice_client, alice, app):
    recovery = two_factor.new_recovery_codes(alice)[0]
    response = alice_client.post("/accounts/delete/", {"password": "wrong", "code": recovery})
    assert "Nothing was deleted" in response.text
    assert two_factor.recovery_codes_left(alice) == 10
