"""Waiting periods: their clocks, resets, practical contacts, and the calendar feed."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import calendar
from ..auth import AuthenticatedHttpRequest
from ..forms import LogisticsContactForm, ResetForm, WaitingPeriodForm
from ..models import WaitingPeriod, trigger_labels
from ..readiness.facts import record_readiness
from ..shortcuts import get_owned
from .deleting import confirm_delete

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from ..auth import User


class ResetCount(TypedDict):
    reset_count: int
    kept_before: int | None  # the days its broken runs kept, in all (None without resets)
    longest_before: int | None


# A period with its resets counted. (A string: WithAnnotations takes two arguments only
# for the type checker.)
CountedPeriod: TypeAlias = "WithAnnotations[WaitingPeriod, ResetCount]"


def waiting_periods(user: User) -> list[CountedPeriod]:
    """The user's waiting periods, newest first, each with its `reset_count` and the sum
    and longest of its broken runs (one query)."""
    return list(
        WaitingPeriod.objects.filter(user=user).annotate(
            reset_count=Count("resets"),
            kept_before=Sum("resets__run_days"),
            longest_before=Max("resets__run_days"),
        )
    )


# Waiting periods


@login_required
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    now, tz = timezone.now(), request.user.tzinfo
    rows = [
        (
            p.progress(now, tz, p.reset_count),
            p.history_of(now, tz, p.reset_count, p.kept_before or 0, p.longest_before or 0),
        )
        for p in waiting_periods(request.user)
    ]
    return render(request, "journal/period_list.html", {"rows": rows})


@login_required
def period_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WaitingPeriodForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = WaitingPeriod.objects.begin(
            request.user, data["label"], data["start"], data["days"], purpose=data["purpose"]
        )
        record_readiness(request.user)
        if period.is_complete(timezone.now(), request.user.tzinfo):
            # Its page says "you did it": one place is enough.
            messages.success(request, _("Your waiting period is saved."))
        else:
            messages.success(request, _("Your waiting period has started. You can do this."))
        return redirect("journal:period_detail", pk=period.pk)
    return render(request, "journal/period_form.html", {"form": form})


def _period_page(
    request: AuthenticatedHttpRequest, period: WaitingPeriod, form: ResetForm
) -> HttpResponse:
    resets = list(period.resets.all())
    now, tz = timezone.now(), request.user.tzinfo
    return render(
        request,
        "journal/period_detail.html",
        {
            "period": period,
            "progress": period.progress(now, tz, reset_count=len(resets)),
            "history": period.history(resets, now, tz),
            "resets": [(reset, trigger_labels(reset.trigger_keys)) for reset in resets],
            "contacts": list(period.contacts.all()),
            "form": form,
        },
    )


@login_required
def period_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_owned(request, WaitingPeriod.objects.all(), pk)
    return _period_page(request, period, ResetForm())


@login_required
@require_POST
def period_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_owned(request, WaitingPeriod.objects.all(), pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        return _period_page(request, period, form)
    data = form.cleaned_data
    return restart_clock(request, period, data["note"], timezone.now(), data["triggers"])


def restart_clock(
    request: AuthenticatedHttpRequest,
    period: WaitingPeriod,
    note: str,
    now: dt.datetime,
    triggers: str = "",
) -> HttpResponse:
    """Restart `period`'s clock at `now`, keeping the run with the days it kept (and what
    led to it, packed trigger keys), keep the readiness timeline, and show the period with
    a kind word; both ways to restart (a reset, a contacted urge) end here."""
    broken = period.reset(note, now, request.user.tzinfo, triggers)
    record_readiness(request.user)
    messages.info(request, kept_words(broken.run_days))
    return redirect("journal:period_detail", pk=period.pk)


def kept_words(days: int) -> str:
    """What a reset says of the run it ended: what was kept, never what was lost."""
    if not days:
        return _("The clock has restarted. Beginning again is part of it, and it counts.")
    return ngettext(
        "The clock has restarted. You kept %(days)d day. That still counts.",
        "The clock has restarted. You kept %(days)d days. That still counts.",
        days,
    ) % {"days": days}


@login_required
def period_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_owned(request, WaitingPeriod.objects.all(), pk)
    return confirm_delete(
        request,
        period,
        what=_("this waiting period and its history"),
        done=_("The waiting period is deleted."),
        then="journal:period_list",
        cancel_url=period.get_absolute_url(),
    )


CALENDAR_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed URL is the only key: no login, so calendar apps can fetch it."""
    # Tokens are URL-safe base64; anything else (a NUL, which PostgreSQL refuses in a
    # query, or a very long string) is no token at all.
    if not CALENDAR_TOKEN.fullmatch(token):
        raise Http404
    user = get_object_or_404(get_user_model(), calendar_token=token, is_active=True)
    response = HttpResponse(
        calendar.feed(user, timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    name = "notes" if user.discreet else "reconnect"
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    add_never_cache_headers(response)
    return response


@login_required
def period_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A practical contact (children, a lease, belongings): on the history, never a reset."""
    period = get_owned(request, WaitingPeriod.objects.all(), pk)
    form = LogisticsContactForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.instance.period = period
        form.save()
        messages.success(request, _("Noted. A practical contact does not reset your clock."))
        return redirect("journal:period_detail", pk=period.pk)
    return render(request, "journal/contact_form.html", {"form": form, "period": period})
