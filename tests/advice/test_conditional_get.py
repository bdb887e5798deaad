"""Visitors' guide pages answer conditional GETs from their stored copy; signed-in pages and
pages carrying a one-time message are rendered for that request alone and never stored."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test import RequestFactory

from advice.models import Tip


@pytest.mark.parametrize("path", ["/advice/", "/advice/wait/"])
def test_visitors_get_validators_and_a_304(visitor, guide, path):
    response = visitor.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "Cookie" in response["Vary"]
    assert response["Cache-Control"] == "no-cache"
    again = visitor.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    since = visitor.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_an_edit_shows_at_once(visitor, guide):
    etag = visitor.get("/advice/wait/")["ETag"]
    # The next tip after "wait", in English, the language of this visitor.
    tip = Tip.objects.get(slug="show-how-you-have-changed", language="en")
    tip.title = "Show, don't tell"
    tip.save()
    response = visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Show, don&#x27;t tell" in response.text


def test_a_removed_page_changes_the_etag(visitor, guide):
    etag = visitor.get("/advice/")["ETag"]
    Tip.objects.filter(slug="take-it-slow").delete()  # a queryset delete, as the admin does
    response = visitor.get("/advice/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "/advice/take-it-slow/" not in response.text


def test_signed_in_pages_are_never_stored(alice_client, guide):
    response = alice_client.get("/advice/wait/")
    assert response.status_code == 200
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]
    assert alice_client.get("/advice/wait/", HTTP_IF_NONE_MATCH="*").status_code == 200


def test_a_visitors_message_is_theirs_alone(client, guide, django_user_model):
    """Deleting an account leaves a message for that visitor; nobody else may see it."""
    user = django_user_model.objects.create_user("leaving", password="correct horse battery")
    client.force_login(user)
    client.post("/accounts/delete/", {"password": "correct horse battery"})
    response = client.get("/advice/", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 200  # never a 304 that would hide the message
    assert "have been deleted" in response.text
    from django.test import Client

    assert "have been deleted" not in Client().get("/advice/").text


def test_a_message_is_never_answered_with_304(rf, guide):
    from advice.views import index

    etag = index(_visit(rf))["ETag"]
    request = _visit(rf, {"If-None-Match": etag})
    messages.add_message(request, constants.INFO, "Hello")
    response = index(request)
    assert response.status_code == 200
    assert "Hello" in response.content.decode()


def _visit(rf: RequestFactory, headers: dict[str, str] | None = None) -> WSGIRequest:
    """A visitor's request as the middleware leaves it: a session and the messages."""
    request = rf.get("/advice/", headers=headers)
    request.user = AnonymousUser()
    request.session = SessionStore()
    MessageMiddleware(lambda request: HttpResponse()).process_request(request)
    return request


def make_tips(count: int) -> None:
    Tip.objects.bulk_create(
        Tip(slug=f"extra-{i}", kind="tip", order=100 + i, title=f"Extra {i}", summary="s", body="b")
        for i in range(count)
    )


@pytest.mark.parametrize("extra", [0, 63])
def test_query_counts_do_not_grow_with_the_guide(
    visitor, alice_client, guide, extra, django_assert_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        make_tips(extra)  # the write makes every page again once it commits
    for _ in range(2):
        with django_assert_num_queries(1):  # the stored page, whatever the guide's size
            assert visitor.get("/advice/").status_code == 200
        with django_assert_num_queries(1):
            assert visitor.get("/advice/wait/").status_code == 200
        with django_assert_num_queries(1):
            assert visitor.get("/advice/safety/", HTTP_ACCEPT_LANGUAGE="es").status_code == 200
    etag = visitor.get("/advice/wait/")["ETag"]
    with django_assert_num_queries(1):  # a 304 reads the same row
        assert visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Signed in, rendered live: session, user, the outline, the body shown.
    with django_assert_num_queries(4):
        assert alice_client.get("/advice/wait/").status_code == 200


def test_an_unknown_page_is_404(visitor, guide):
    assert visitor.get("/advice/nope/").status_code == 404
    assert visitor.get("/advice/nope/").status_code == 404
