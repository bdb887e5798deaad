from __future__ import annotations

import pytest


def test_it_needs_login(visitor):
    response = visitor.get("/accounts/profile/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_saves_a_time_zone(alice_client, alice):
    response = alice_client.post(
        "/accounts/profile/", {"timezone": "America/New_York", "email": "a@example.org"}
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
    data = {"timezone": "UTC", "friend_name": "Sam", "friend_email": "sam@example.org"}
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
