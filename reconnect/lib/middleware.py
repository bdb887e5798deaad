from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import limits

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class UserLanguageMiddleware:
    """A signed-in person's language from Settings wins over the browser's and the cookie's.

    LocaleMiddleware has already chosen from the switcher's cookie or Accept-Language; this
    runs after authentication and, when the person chose a language, activates it instead.
    Read on every request from the user already loaded (no query), so a choice made on
    another device, or in the admin, applies at once; a hook at login would miss both.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        chosen = getattr(user, "language", "") if user.is_authenticated else ""
        if chosen and translation.check_for_language(chosen):
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in user's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            timezone.activate(user.tzinfo)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrivacyHeadersMiddleware:
    """Headers Django does not set itself.

    Signed-in pages hold a person's private writing, so no cache (browser or proxy)
    may keep a copy of them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


# Discreet mode is the person's choice, and the device's too: once it is on, the pages a
# signed-out visitor sees on that device (the welcome, signing in, the guide) stay plain.
DISCREET_COOKIE = "discreet"
DISCREET_COOKIE_AGE = 400 * 24 * 60 * 60  # the longest a browser keeps a cookie


def is_discreet_device(request: HttpRequest) -> bool:
    """Whether discreet mode was on when someone last signed in on this device."""
    return request.COOKIES.get(DISCREET_COOKIE) == "1"


class DiscreetDeviceMiddleware:
    """Keep the device's discreet mode in step with the signed-in person's choice.

    Set while they have it on, cleared once they turn it off; signing out leaves it, so
    the welcome page does not say what the app is to whoever picks the device up next.
    HttpOnly and same-site: no script and no other site reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if user.discreet and not is_discreet_device(request):
            response.set_cookie(
                DISCREET_COOKIE,
                "1",
                max_age=DISCREET_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif not user.discreet and DISCREET_COOKIE in request.COOKIES:
            response.delete_cookie(DISCREET_COOKIE, samesite="Lax")
        return response


# When the person was last seen, in the session: seconds since the epoch.
LAST_SEEN = "last_seen"
# The page signs out at the chosen time (static/js/leaving.js) and keeps a draft first; the
# server is the backstop, a little later, so that draft still arrives signed in.
IDLE_GRACE_SECONDS = 90
# The session is written at most this often just to say someone is still here.
LAST_SEEN_EVERY_SECONDS = 30


class IdleSignOutMiddleware:
    """Sign out a person who chose an idle time (`idle_minutes`) and has been away longer.

    Checked on the server, so it holds when the page's timer never ran (no script, a
    closed laptop). The request then goes on signed out: a page that needs a person sends
    to the sign-in, with a line saying why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        minutes = getattr(user, "idle_minutes", None) if user.is_authenticated else None
        if minutes:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int | float) and now - last > minutes * 60 + IDLE_GRACE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after a while away."))
            elif not isinstance(last, int | float) or now - last > LAST_SEEN_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# The largest body any form takes: an import (IMPORT_MAX_BYTES), or an entry with its ten
# photos (PHOTOS_PER_ENTRY x PHOTO_MAX_BYTES), and room for the form's other fields.
MAX_BODY_BYTES = max(limits.IMPORT_MAX_BYTES, limits.PHOTOS_PER_ENTRY * limits.PHOTO_MAX_BYTES)
BODY_ROOM = limits.MB


class BodySizeMiddleware:
    """Refuse a request whose Content-Length says it is larger than any form takes, before
    a byte of its body is read: a 1 GiB upload was read to disk before the form said no."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES + BODY_ROOM:
            response = render(
                request, "413.html", {"size": limits.megabytes(MAX_BODY_BYTES)}, status=413
            )
            response["Connection"] = "close"  # the unread body is not worth reading
            return response
        return self.get_response(request)
