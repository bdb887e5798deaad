"""The cast: Alice owns things, Bob is someone else, a visitor is signed out.

`alice_client` and `bob_client` are signed in; `csrf_client` enforces CSRF checks,
as a real browser session would.
"""

from __future__ import annotations

import pytest
from django.test import Client

from reconnect.models import User

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice", "alice@example.org", PASSWORD, timezone="UTC")


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", "bob@example.org", PASSWORD, timezone="UTC")


@pytest.fixture
def visitor(db) -> Client:
    return Client()


@pytest.fixture
def alice_client(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def csrf_client(alice) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client
