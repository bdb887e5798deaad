"""Opening a locked journal in the request of its owner (reconnect/accounts/lock.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from reconnect.lib import sealing

from . import lock

# While a locked journal is closed on this device, its pages would show "could not be
# opened" where the words are, and a form saved from them would write that over the words:
# they go to the unlock page instead. Still open: the guide, the account's own pages,
# signing out, the calendar feed (plain words), and the hard moment, which must never wait.
CLOSED_NAMESPACES = {"journal", "urges", "readiness", "insights"}
CLOSED_NAMES = {"dashboard", "start", "readiness", "profile", "insights"}
OPEN_WHILE_CLOSED = {
    "journal:calendar_feed",
    "urges:new",
    "urges:new_draft",
    "urges:pause",
    "urges:outcome",
}


def is_closed_page(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None or match.view_name in OPEN_WHILE_CLOSED:
        return False
    return match.namespace in CLOSED_NAMESPACES or match.url_name in CLOSED_NAMES


class JournalKeyMiddleware:
    """Offers the session's sealed key to the request's keyring, drops the cookie that
    opens it once the session no longer holds one, and sends a locked journal's pages to
    the unlock page while this device cannot open it, rather than show or save nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        lock.offer_to_keyring(request)
        response = self.get_response(request)
        holds = any(key in request.session for key in (lock.SESSION_OPEN, lock.SESSION_REWRAP))
        if settings.JOURNAL_KEY_COOKIE in request.COOKIES and not holds:
            response.delete_cookie(settings.JOURNAL_KEY_COOKIE, samesite="Lax")
        return response

    def process_view(self, request: HttpRequest, *args: object) -> HttpResponse | None:
        user = request.user
        if not (user.is_authenticated and getattr(user, "journal_locked", False)):
            return None
        if sealing.keyring().offered(user.pk) or not is_closed_page(request):
            return None
        return redirect("unlock")

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, sealing.Unopened) or not request.user.is_authenticated:
            return None
        messages.info(request, _("Your journal is closed on this device. Open it to go on."))
        return redirect("unlock")
