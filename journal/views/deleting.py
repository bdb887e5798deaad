"""Deleting a record after asking: the one confirmation every kind of record shares."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ..auth import AuthenticatedHttpRequest
from ..readiness.facts import record_readiness


def confirm_delete(
    request: AuthenticatedHttpRequest,
    record: Model,
    *,
    what: str,
    done: str,
    then: str,
    cancel_url: str,
    note: str = "",
    alternative: str = "",
) -> HttpResponse:
    """Ask whether to delete `record` ("Delete `what`?"); a POST deletes it, keeps the
    readiness timeline, says `done` and goes to `then`, a URL or a URL's name.

    `record` is already the person's own (fetched with `get_owned`). `note` says what
    happens to what hangs on it; `alternative` offers something gentler than deleting.
    """
    if request.method == "POST":
        record.delete()
        record_readiness(request.user)
        messages.success(request, done)
        return redirect(then)
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "object": record,
            "what": what,
            "note": note,
            "alternative": alternative,
            "cancel_url": cancel_url,
        },
    )
