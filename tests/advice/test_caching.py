from __future__ import annotations

import pytest
from django.core.cache import cache

from advice.models import Tip


@pytest.mark.parametrize("path", ["/advice/", "/advice/wait/"])
def test_visitors_get_validators_and_a_304(visitor, guide, path):
    response = visitor.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "Cookie" in response["Vary"]
    again = visitor.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    since = visitor.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_an_edit_changes_the_etag_once_the_cached_page_expires(visitor, guide):
    etag = visitor.get("/advice/wait/")["ETag"]
    tip = Tip.objects.get(slug="show-how-you-have-changed")  # the next tip after "wait"
    tip.title = "Show, don't tell"
    tip.save()
    # Within PAGE_CACHE_SECONDS the cached page still answers...
    assert visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    cache.clear()  # ...as if that time had passed
    response = visitor.get("/advice/wait/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Show, don&#x27;t tell" in response.text


def test_signed_in_pages_are_never_cached(alice_client, guide):
    response = alice_client.get("/advice/wait/")
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]
    assert alice_client.get("/advice/wait/", HTTP_IF_NONE_MATCH="*").status_code == 200


def make_tips(count: int) -> None:
    Tip.objects.bulk_create(
        Tip(slug=f"extra-{i}", kind="tip", order=100 + i, title=f"Extra {i}", summary="s", body="b")
        for i in range(count)
    )


@pytest.mark.parametrize("extra", [0, 63])
def test_query_counts_do_not_grow_with_the_guide(
    visitor, alice_client, guide, extra, django_assert_num_queries
):
    make_tips(extra)
    with django_assert_num_queries(2):  # the outline, the body shown
        assert visitor.get("/advice/").status_code == 200
    with django_assert_num_queries(2):
        assert visitor.get("/advice/wait/").status_code == 200
    with django_assert_num_queries(0):  # cached for visitors
        assert visitor.get("/advice/wait/").status_code == 200
    # Signed in: session, user, the outline, the body shown.
    with django_assert_num_queries(4):
        assert alice_client.get("/advice/wait/").status_code == 200


def test_an_unknown_page_is_not_cached_as_a_page(visitor, guide):
    assert visitor.get("/advice/nope/").status_code == 404
    assert visitor.get("/advice/nope/").status_code == 404
