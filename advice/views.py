"""The guide's pages: stored whole for visitors (advice.pages), rendered live otherwise.

A visitor's page is one query, for the stored row, then the conditional GET on its
validators; a signed-in person's page shows their own menu and is rendered for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from reconnect.lib.middleware import is_discreet_device

from . import pages


def _answers_conditionally(request: HttpRequest) -> bool:
    """Visitors' pages are the same for everyone, so they are stored and may be revalidated.

    Not a signed-in page (it shows that person's menu and is never stored), not a page
    for a device in discreet mode (its names are plain), and not a page carrying a
    one-time message (it is theirs alone, and a 304 would hide it).
    """
    return (
        not request.user.is_authenticated
        and not is_discreet_device(request)
        and len(get_messages(request)) == 0
    )


class GuideRequest(HttpRequest):
    """A request to a guide page, which remembers its stored page once it is read."""

    guide_page: pages.Stored | None  # set by _stored(), the first time


def _stored(request: GuideRequest, slug: str = pages.INDEX) -> pages.Stored | None:
    """The visitor's page as stored (made now if it is missing), read once per request.

    None for a page rendered live. Raises Http404 for a page the guide does not have.
    """
    if not hasattr(request, "guide_page"):
        request.guide_page = (
            pages.fetch_or_make(get_language() or pages.ORIGINAL, slug)
            if _answers_conditionally(request)
            else None
        )
    return request.guide_page


def _etag(request: GuideRequest, slug: str = pages.INDEX) -> str | None:
    """The stored page's own hash: it changes with anything the page shows, and only then.

    The same address answers in each language; each language's page has its own.
    """
    stored = _stored(request, slug)
    return stored.etag if stored else None


def _last_modified(request: GuideRequest, slug: str = pages.INDEX) -> dt.datetime | None:
    """When the stored page was made: every change to what it shows makes it again."""
    stored = _stored(request, slug)
    return stored.made if stored else None


def guide_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a visitor's conditional GET with 304 when their stored page is unchanged."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, **kwargs: str) -> HttpResponse:
        response = conditional(request, **kwargs)
        if "ETag" in response:
            response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def _page(request: GuideRequest, page: str) -> HttpResponse:
    stored = _stored(request, page)
    return pages.send(request, stored) if stored else pages.live(request, page)


@guide_page
def index(request: GuideRequest) -> HttpResponse:
    return _page(request, pages.INDEX)


@guide_page
def tip(request: GuideRequest, slug: str) -> HttpResponse:
    return _page(request, slug)
