from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from reconnect import settings as project_settings
from reconnect.accounts.models import User
from tests.conftest import PASSWORD
from tests.responses import Response

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)

GOOD = "a-long-enough-passphrase"


def post(client: Client, **overrides: str) -> Response:
    data = {"username": "carol", "email": "", "password1": GOOD, "password2": GOOD}
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_it_shows_the_form(visitor):
    response = visitor.get("/accounts/signup/")
    assert response.status_code == 200
    for field in ("username", "email", "password1", "password2"):
        assert f'name="{field}"' in response.text


def test_it_creates_an_account_and_signs_in(visitor, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # Argon2, as served
    response = post(visitor)
    assert response.status_code == 302
    user = User.objects.get(username="carol")
    assert user.password.startswith("argon2")
    assert visitor.get("/dashboard/").status_code == 200


def test_email_is_optional_but_checked(visitor):
    response = post(visitor, email="not-an-email")
    assert response.status_code == 200
    assert "does not look like an email address" in response.text
    assert not User.objects.exists()


def test_it_rejects_a_duplicate_username(visitor, alice):
    response = post(visitor, username="alice")
    assert response.status_code == 200
    assert "That username is taken." in response.text
    assert User.objects.count() == 1


def test_it_rejects_mismatched_passwords(visitor):
    response = post(visitor, password2=GOOD + "x")
    assert response.status_code == 200
    assert "The two passwords are not the same." in response.text
    assert not User.objects.exists()


def test_it_rejects_a_short_password(visitor):
    response = post(visitor, password1="short-pw-1", password2="short-pw-1")
    assert response.status_code == 200
    assert "it needs at least 12 characters" in response.text
    assert not User.objects.exists()


def test_it_rejects_a_common_password(visitor):
    response = post(visitor, password1="password1234", password2="password1234")
    assert response.status_code == 200
    assert "Many people use that password" in response.text
    assert not User.objects.exists()


def test_signed_in_users_go_to_their_dashboard(alice_client):
    assert alice_client.get("/accounts/signup/").url == "/dashboard/"


def test_it_goes_on_to_a_safe_next_page(visitor):
    response = visitor.post(
        "/accounts/signup/?next=/journal/waiting/new/",
        {
            "username": "carol",
            "password1": GOOD,
            "password2": GOOD,
            "next": "/journal/waiting/new/",
        },
    )
    assert response.url == "/journal/waiting/new/"


def test_it_never_goes_on_to_another_site(visitor):
    response = post(visitor, next="https://evil.example/")
    assert response["Location"] == "/start/"


WEAK = ["Password123!", "aaaaaaaaaaaa", "qwertyuiop123", "carolcarol1990"]


@pytest.mark.parametrize("weak", WEAK)
def test_it_rejects_an_easily_guessed_password(visitor, weak):
    response = post(visitor, password1=weak, password2=weak)
    assert response.status_code == 200
    assert "would be easy to guess" in response.text
    assert "A few unrelated words together" in response.text
    assert not User.objects.exists()


def test_a_very_long_password_is_judged_quickly_by_its_start(visitor):
    # zxcvbn needs seconds for a long run of distinct characters; only the start is read.
    run = "".join(chr(33 + i % 90) for i in range(5000))
    assert post(visitor, password1=run, password2=run).status_code in (200, 302)


def test_the_password_change_form_checks_strength_too(alice_client):
    weak = "Password123!"
    response = alice_client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert "would be easy to guess" in response.text


def test_sign_ups_from_one_address_are_limited(db):
    client = Client(REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(5):
            assert post(client, username=f"person{n}").status_code == 302
            client.post("/accounts/logout/")
        paused = post(client, username="person5")
        assert paused.status_code == 429
        assert "Sign-up is paused for a while" in paused.text
        assert "Nothing is wrong with you" in paused.text
        assert not User.objects.filter(username="person5").exists()

        # Another address is not held up...
        assert post(Client(REMOTE_ADDR="198.51.100.7"), username="person6").status_code == 302
        # ...and this one may sign up again an hour later.
        clock.move_to(NOW + dt.timedelta(hours=1, minutes=1))
        assert post(client, username="person5").status_code == 302


def test_behind_a_trusted_proxy_the_limit_is_per_client(db, settings):
    settings.TRUSTED_PROXIES = 1
    for n in range(6):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert post(client, username=f"person{n}").status_code == 302


def test_the_time_zone_is_chosen_at_signup_as_a_readable_place(client, db):
    html = client.get("/accounts/signup/").text
    assert '<option value="Europe/Berlin">Berlin (Germany)</option>' in html
    assert "data-detect-timezone" in html and "js/timezone.js" in html
    assert "IANA" not in html
    client.post("/accounts/signup/", {
        "username": "carol", "password1": "a long enough pass 42", "password2":
        "a long enough pass 42", "timezone": "Europe/Berlin",
    })  # fmt: skip
    from reconnect.accounts.models import User

    assert User.objects.get(username="carol").timezone == "Europe/Berlin"


def test_without_a_time_zone_signup_keeps_utc(client, db):
    client.post("/accounts/signup/", {
        "username": "dan", "password1": "a long enough pass 42", "password2":
        "a long enough pass 42",
    })  # fmt: skip
    from reconnect.accounts.models import User

    assert User.objects.get(username="dan").timezone == "UTC"


def test_failed_sign_ups_count_too(db, alice):
    # Trying name after name tells which are taken: 20 tries an hour from one address.
    client = Client(REMOTE_ADDR="203.0.113.44")
    with time_machine.travel(NOW, tick=False):
        for _ in range(20):
            assert "That username is taken." in post(client, username="alice").text
        paused = post(client, username="someone-new")
        assert paused.status_code == 429
        assert not User.objects.filter(username="someone-new").exists()


def test_time_zones_are_named_in_the_language_of_the_page(client, db):
    """Spanish read "Madrid (Europe)": the city and its country, both in Spanish."""
    html = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="es").text
    assert '<option value="Europe/Madrid">Madrid (España)</option>' in html
    assert '<option value="America/New_York">Nueva York (Estados Unidos)</option>' in html
    assert "(Europe)" not in html and "(America)" not in html
