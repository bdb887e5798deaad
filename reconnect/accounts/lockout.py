"""Login throttling, on top of django-axes: per username and address, and per address.

Axes counts failures by the pair (username, address), so a stranger guessing one
person's password locks out only themselves, never its owner signing in from elsewhere.
On its own that would let one address try a common password on many usernames, so the
address is locked too once its failures over every username reach
AXES_ADDRESS_FAILURE_LIMIT.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, cast

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class AxesRequest(HttpRequest):
    """A request as axes hands it to its handler, with the attributes axes sets on it."""

    axes_ip_address: str


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: AxesRequest, credentials: dict[str, Any] | None = None) -> int:
        """The pair's failures, or the failure limit itself once the address is over its own.

        Axes locks out when this reaches AXES_FAILURE_LIMIT, both before checking a
        password and after a failure.
        """
        pair = super().get_failures(request, credentials)
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        address = recent.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair


def forget_failures(username: str) -> None:
    """Lift every lockout of one account, from every address: its owner proved who they are."""
    AccessAttempt.objects.filter(username=username).delete()


def tries_left(request: HttpRequest, username: str) -> int | None:
    """How many more wrong passwords for `username` from this address before the pause.

    None when the login did not reach the check (the address is unknown to it).
    """
    if not isinstance(getattr(request, "axes_ip_address", None), str):
        return None
    failures = LockoutHandler().get_failures(cast(AxesRequest, request), {"username": username})
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The paused-login page, saying when the pause lifts (AXES_LOCKOUT_CALLABLE)."""
    address = getattr(request, "axes_ip_address", None)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    # The pause is the pair's when that pair reached the limit, else the address's.
    pair = recent.filter(username=username)
    pair_failures = pair.aggregate(n=Sum("failures_since_start"))["n"] or 0
    counted = pair if username and pair_failures >= settings.AXES_FAILURE_LIMIT else recent
    last = counted.aggregate(at=Max("attempt_time"))["at"] or timezone.now()
    lifts_at = last + settings.AXES_COOLOFF_TIME
    minutes = max(math.ceil((lifts_at - timezone.now()) / dt.timedelta(minutes=1)), 1)
    return render(
        request,
        "registration/lockout.html",
        {
            "lifts_at": lifts_at,
            "minutes": minutes,
            "limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
