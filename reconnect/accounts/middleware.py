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


class JournalKeyMiddleware:
    """Offers the session's sealed key to the request's keyring, drops the cookie that
    opens it once the session no longer holds one, and turns a locked journal that could
    not be opened into the unlock page rather than an error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        lock.offer_to_keyring(request)
        response = self.get_response(request)
        holds = any(key in request.session for key in (lock.SESSION_OPEN, lock.SESSION_REWRAP))
        if settings.JOURNAL_KEY_COOKIE in request.COOKIES and not holds:
            response.delete_cookie(settings.JOURNAL_KEY_COOKIE, samesite="Lax")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, sealing.Unopened) or not request.user.is_authenticated:
            return None
        messages.info(request, _("Your journal is closed on this device. Open it to go on."))
        return redirect("unlock")
