"""The request a signed-in page is given: its user is an account, never anonymous."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # For the type checker only. At run time the app reaches its user model through
    # settings.AUTH_USER_MODEL and never imports the project package.
    # Modules of the app import `User` from here, under TYPE_CHECKING too.
    from reconnect.accounts.models import User as User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind @login_required (django-stubs' pattern for one)."""

    user: User
