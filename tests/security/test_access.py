"""Every URL is classified, and each class is enforced: visitors, other users, owners.

Adding a URL without classifying it in tests/security/routes.py fails
`test_every_url_is_classified`.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from journal.models import Reset

from .routes import OWNER, POST_ONLY, PUBLIC, SIGNED_IN, STATE_CHANGING, route_names


def test_every_url_is_classified():
    assert route_names() == set(PUBLIC) | set(SIGNED_IN) | set(OWNER)


@pytest.mark.parametrize("name", sorted(SIGNED_IN) + sorted(OWNER))
def test_visitors_are_sent_to_log_in(visitor, url_for, name):
    url = url_for(name)
    response = visitor.get(url) if name not in POST_ONLY else visitor.post(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("name", sorted(OWNER))
def test_another_user_gets_404(bob_client, url_for, name):
    url = url_for(name)
    assert bob_client.post(url, {"note": "x", "title": "x"}).status_code == 404
    if name not in POST_ONLY:
        assert bob_client.get(url).status_code == 404


@pytest.mark.parametrize("name", sorted((set(SIGNED_IN) | set(OWNER) | set(PUBLIC)) - POST_ONLY))
def test_the_owner_gets_the_page(alice_client, url_for, guide, name):
    response = alice_client.get(url_for(name))
    # Signed-in users are sent on from the pages for visitors; everything else answers.
    assert response.status_code in ((200, 302) if name in PUBLIC else (200,)), name


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_no_get_changes_the_database(
    alice_client,
    visitor,
    url_for,
    guide,
    entry,
    change,
    period,
    photo,
    urge,
    reason,
    import_job,
    own_help,
    quick_tag,
):
    Reset.objects.create(period=period, run_started_at=period.started_at, note="x")
    before = row_counts()
    for name in sorted((set(SIGNED_IN) | set(OWNER) | set(PUBLIC)) - POST_ONLY):
        for client in (alice_client, visitor):
            response = client.get(url_for(name))
            assert response.status_code < 500, name
    assert row_counts() == before


@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_posts_without_a_csrf_token_are_refused(alice, url_for, name):
    client = Client(enforce_csrf_checks=True)
    if name not in ("signup", "login", "password_reset"):
        client.force_login(alice)
    url = url_for(name)
    before = row_counts()
    response = client.post(url, {"note": "x", "title": "x", "password": "x"})
    assert response.status_code == 403, name
    assert "That is not allowed" in response.text
    after = row_counts()
    after.pop("sessions.Session"), before.pop("sessions.Session")
    assert after == before
