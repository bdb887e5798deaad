from __future__ import annotations

from reconnect.models import User

GOOD = "a-long-enough-passphrase"


def post(client, **overrides):
    data = {"username": "carol", "email": "", "password1": GOOD, "password2": GOOD}
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_it_shows_the_form(visitor):
    response = visitor.get("/accounts/signup/")
    assert response.status_code == 200
    for field in ("username", "email", "password1", "password2"):
        assert f'name="{field}"' in response.text


def test_it_creates_an_account_and_signs_in(visitor):
    response = post(visitor)
    assert response.status_code == 302
    user = User.objects.get(username="carol")
    assert user.password.startswith("argon2")
    assert visitor.get("/dashboard/").status_code == 200


def test_email_is_optional_but_checked(visitor):
    response = post(visitor, email="not-an-email")
    assert response.status_code == 200
    assert "valid email" in response.text
    assert not User.objects.exists()


def test_it_rejects_a_duplicate_username(visitor, alice):
    response = post(visitor, username="alice")
    assert response.status_code == 200
    assert "already exists" in response.text
    assert User.objects.count() == 1


def test_it_rejects_mismatched_passwords(visitor):
    response = post(visitor, password2=GOOD + "x")
    assert response.status_code == 200
    assert "didn’t match" in response.text
    assert not User.objects.exists()


def test_it_rejects_a_short_password(visitor):
    response = post(visitor, password1="short-pw-1", password2="short-pw-1")
    assert response.status_code == 200
    assert "at least 12 characters" in response.text
    assert not User.objects.exists()


def test_it_rejects_a_common_password(visitor):
    response = post(visitor, password1="password1234", password2="password1234")
    assert response.status_code == 200
    assert "too common" in response.text
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
    assert response.url == "/accounts/profile/"


def test_the_time_zone_is_chosen_at_signup_as_a_readable_place(client, db):
    html = client.get("/accounts/signup/").text
    assert '<option value="Europe/Berlin">Berlin (Europe)</option>' in html
    assert "data-detect-timezone" in html and "js/timezone.js" in html
    assert "IANA" not in html
    client.post("/accounts/signup/", {
        "username": "carol", "password1": "a long enough pass 42", "password2":
        "a long enough pass 42", "timezone": "Europe/Berlin",
    })  # fmt: skip
    from reconnect.models import User

    assert User.objects.get(username="carol").timezone == "Europe/Berlin"


def test_without_a_time_zone_signup_keeps_utc(client, db):
    client.post("/accounts/signup/", {
        "username": "dan", "password1": "a long enough pass 42", "password2":
        "a long enough pass 42",
    })  # fmt: skip
    from reconnect.models import User

    assert User.objects.get(username="dan").timezone == "UTC"
