from __future__ import annotations


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
