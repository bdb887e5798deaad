"""The account pages speak in our words: no stock Django sentence on any of them."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from reconnect.accounts.models import User
from tests.conftest import PASSWORD

# Django's own sentences for these forms, as its English catalogue has them.
STOCK = [
    "Please enter a correct",
    "may be case-sensitive",
    "This account is inactive",
    "This field is required",
    "Required. 150 characters or fewer",
    "Letters, digits and @/./+/-/_ only",
    "Enter a valid username",
    "A user with that username already exists",
    "Enter a valid email address",
    "Ensure this value has at most",
    "Enter the same password as before",
    "Password confirmation",
    "didn’t match",
    "didn't match",
    "Your password can’t",
    "Your password must contain",
    "This password is too short",
    "This password is too common",
    "This password is entirely numeric",
    "The password is too similar",
    "Your old password was entered incorrectly",
]


def stock_sentences(html: str) -> list[str]:
    text = re.sub(r"\s+", " ", html)
    return [sentence for sentence in STOCK if sentence in text]


def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/login/", None),
        ("/accounts/login/", {}),
        ("/accounts/login/", {"username": "alice", "password": "wrong"}),
        ("/accounts/login/", {"username": "x" * 151, "password": "wrong"}),
        ("/accounts/signup/", None),
        ("/accounts/signup/", {}),
        (
            "/accounts/signup/",
            {"username": "a b", "email": "nope", "password1": "12345", "password2": "54321"},
        ),
        (
            "/accounts/signup/",
            {"username": "alice", "password1": "123456789012", "password2": "123456789012"},
        ),
        (
            "/accounts/signup/",
            {"username": "x" * 151, "password1": "password1234", "password2": "password1234"},
        ),
        ("/accounts/password_reset/", None),
        ("/accounts/password_reset/", {}),
        ("/accounts/password_reset/", {"email": "not an address"}),
    ],
)
def test_signed_out_pages_use_our_words(visitor, alice, path, data):
    response = visitor.get(path) if data is None else visitor.post(path, data)
    assert response.status_code == 200
    assert stock_sentences(response.text) == []


def test_the_signup_form_explains_itself(visitor):
    html = visitor.get("/accounts/signup/").text
    assert "What you sign in with; nobody else sees it." in html
    assert "At least 12 characters, and hard to guess" in html
    assert "The same password again" in html


def test_choosing_a_new_password_uses_our_words(visitor, alice):
    link = visitor.get(reset_link(alice), follow=True)
    assert "Choose a new password" in link.text
    assert stock_sentences(link.text) == []
    mismatch = visitor.post(
        link.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "54321"}
    )
    assert "The two passwords are not the same." in mismatch.text
    assert stock_sentences(mismatch.text) == []
    short = visitor.post(
        link.redirect_chain[-1][0], {"new_password1": "1234567", "new_password2": "1234567"}
    )
    assert "A password of only numbers is quick to guess" in short.text
    assert stock_sentences(short.text) == []


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
        {"old_password": PASSWORD, "new_password1": "alice-alice", "new_password2": "alice-alice"},
    ],
)
def test_changing_the_password_uses_our_words(alice_client, data):
    path = "/accounts/password_change/"
    response = alice_client.get(path) if data is None else alice_client.post(path, data)
    assert response.status_code == 200
    assert stock_sentences(response.text) == []
    if data and data.get("old_password") == "wrong":
        assert "That is not your current password. Nothing was changed." in response.text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/two-factor/", None),
        ("/accounts/two-factor/", {"action": "start"}),
        ("/accounts/delete/", {}),
        ("/accounts/profile/", {"timezone": "UTC", "email": "nope", "friend_email": "nope"}),
    ],
)
def test_signed_in_account_pages_use_our_words(alice_client, path, data):
    response = (
        alice_client.get(path) if data is None else alice_client.post(path, data, follow=True)
    )
    assert response.status_code == 200
    assert stock_sentences(response.text) == []


def test_the_two_factor_steps_use_our_words(alice_client):
    alice_client.post("/accounts/two-factor/", {"action": "start", "password": PASSWORD})
    response = alice_client.post("/accounts/two-factor/", {"action": "confirm", "code": ""})
    assert "Type the code your app shows." in response.text
    assert stock_sentences(response.text) == []
