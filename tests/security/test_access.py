"""Every URL is classified, and each class is enforced: visitors, other users, owners.

Adding a URL without classifying it here fails `test_every_url_is_classified`.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from journal.models import Reset

PUBLIC = {
    "welcome": {},
    "healthz": {},
    "signup": {},
    "login": {},
    "two_factor_login": {},  # the code step; without a password step first it sends to login
    "logout": {},  # POST only; harmless for a visitor
    "set_language": {},  # POST only: the footer's language switcher
    "password_reset": {},
    "password_reset_done": {},
    "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "password_reset_complete": {},
    "advice:index": {},
    "advice:tip": {"slug": "wait"},
    "journal:calendar_feed": {"token": "calendar_token"},  # the secret is the key
    "manifest": {},
}
SIGNED_IN = {
    "dashboard": {},
    "start": {},
    "readiness": {},
    "profile": {},
    "delete_account": {},
    "regenerate_calendar": {},
    "two_factor": {},
    "password_change": {},
    "password_change_done": {},
    "journal:entry_list": {},
    "journal:entry_new": {},
    "journal:focus_list": {},
    "journal:focus_new": {},
    "journal:period_list": {},
    "journal:period_new": {},
    "journal:export": {"fmt": "json"},
    "journal:import": {},
    "journal:print": {},
    "urges:patterns": {},
    "urges:new": {},
    "urges:drafts": {},
    "urges:reasons": {},
}
OWNER = {  # route -> the fixture whose pk goes in the URL
    "journal:entry_detail": "entry",
    "journal:entry_edit": "entry",
    "journal:entry_delete": "entry",
    "journal:focus_edit": "area",
    "journal:focus_delete": "area",
    "journal:period_detail": "period",
    "journal:period_reset": "period",
    "journal:period_delete": "period",
    "journal:entry_star": "entry",
    "journal:photo": "photo",  # by its random token, not a pk
    "journal:import_progress": "import_job",
    "journal:period_contact": "period",
    "urges:pause": "urge",
    "urges:outcome": "urge",
    "urges:reset": "urge",
    "urges:ask_friend": "urge",
    "urges:draft_decide": "urge",
    "urges:draft_delete": "urge",
    "urges:reason_edit": "reason",
    "urges:reason_delete": "reason",
    "urges:reason_move": "reason",
}
POST_ONLY = {
    "logout", "set_language", "regenerate_calendar", "journal:period_reset", "journal:entry_star",
    "urges:outcome", "urges:reset", "urges:ask_friend", "urges:draft_decide", "urges:draft_delete",
    "urges:reason_delete", "urges:reason_move",
}  # fmt: skip
# Views that change something on POST (and must refuse a POST without a CSRF token).
STATE_CHANGING = {
    "signup", "login", "logout", "set_language", "password_reset", "password_change", "profile",
    "delete_account", "regenerate_calendar", "readiness", "journal:entry_new",
    "journal:import", "journal:focus_new", "journal:period_new", "urges:new", "urges:reasons",
    "two_factor", "two_factor_login",
    *OWNER,
} - {"journal:entry_detail", "journal:period_detail", "journal:photo", "urges:pause",
     "journal:import_progress"}  # fmt: skip


def route_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # staff only, Django's own permission checks
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


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
    alice_client, visitor, url_for, guide, entry, area, period, photo, urge, reason, import_job
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
