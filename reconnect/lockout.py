"""Login throttling, on top of django-axes: per username and address, and per address.

Axes counts failures by the pair (username, address), so a stranger guessing one
person's password locks out only themselves, never its owner signing in from elsewhere.
On its own that would let one address try a common password on many usernames, so the
address is locked too once its failures over every username reach
AXES_ADDRESS_FAILURE_LIMIT.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


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
