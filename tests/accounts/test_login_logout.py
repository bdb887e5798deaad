from __future__ import annotations

from axes.models import AccessAttempt

from tests.conftest import PASSWORD
from tests.markup import elements


def test_login_works(visitor, alice):
    response = visitor.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/dashboard/"


def test_login_with_a_wrong_password_says_so(visitor, alice):
    response = visitor.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "That username and password do not match an account." in response.text
    assert "You can try 4 more times" in response.text


def test_logout_is_post_only(alice_client):
    assert alice_client.get("/accounts/logout/").status_code == 405
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert alice_client.get("/dashboard/").status_code == 302


def test_password_change_needs_login(visitor):
    response = visitor.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_password_change_works(alice_client, alice):
    new = "another-long-passphrase"
    response = alice_client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_password_reset_sends_mail_only_to_a_known_address(visitor, alice, mailoutbox):
    known = visitor.post("/accounts/password_reset/", {"email": "alice@example.org"})
    unknown = visitor.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    # The same answer either way: the page never reveals whether an account exists.
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_an_overlong_username_is_a_form_error_not_a_500(visitor, db):
    # Found by fuzzing on PostgreSQL: the failed-attempt record overflowed varchar(255).
    response = visitor.post("/accounts/login/", {"username": "é" * 300, "password": "x"})
    assert response.status_code == 200
    assert "longer than 150 characters" in response.text
    assert not AccessAttempt.objects.exists()


def test_the_page_after_logging_out_says_so(alice_client):
    response = alice_client.post("/accounts/logout/", follow=True)
    assert "You are logged out." in response.text
    assert alice_client.get("/dashboard/").status_code == 302


def focused(html: str) -> list[str]:
    """The names of the fields that take the focus when the page opens."""
    return [attrs.get("name", "") for _tag, attrs in elements(html) if "autofocus" in attrs]


def test_after_a_wrong_password_the_cursor_is_on_the_password(client, alice):
    assert focused(client.get("/accounts/login/").text) == ["username"]
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong one"})
    assert response.status_code == 200 and 'value="alice"' in response.text
    assert focused(response.text) == ["password"]
