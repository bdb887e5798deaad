"""Who is asking: the client's address, as far as the deployment lets us know it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`.

    REMOTE_ADDR, unless the deployment trusts N proxies of its own
    (DJANGO_TRUSTED_PROXIES): then the Nth address from the right of X-Forwarded-For,
    the one the outermost trusted proxy saw. Addresses further left were written by the
    client and prove nothing; a header too short or not an address falls back to
    REMOTE_ADDR, so a client can never pick who it is counted as.
    """
    remote: str = request.META.get("REMOTE_ADDR", "")
    proxies: int = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
