"""The benchmark's URLconf: the real one plus two floors that never reach production."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from reconnect.urls import urlpatterns as app_urlpatterns

SIGNED_IN = engines["django"].from_string(
    "<!doctype html><title>floor</title><p>Hello, {{ request.user.get_username }}.</p>"
)


def hello(request: HttpRequest) -> HttpResponse:
    """Django's floor: routing and middleware, no database, no template."""
    return HttpResponse("hello")


@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """The signed-in floor: session and user lookup and a tiny template."""
    return HttpResponse(SIGNED_IN.render({}, request))


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/signed-in/", signed_in),
    *app_urlpatterns,
]
