from __future__ import annotations

import re
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import calendar, charts, exports, importers
from .facts import record_readiness, waiting_periods
from .forms import EntryForm, FocusAreaForm, ImportForm, ResetForm, WaitingPeriodForm
from .models import Entry, FocusArea, Reset, WaitingPeriod
from .stats import journal_summary

M = TypeVar("M", bound=Model)
PAGE_SIZE = 20
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _get_owned(request: HttpRequest, queryset: QuerySet[M], pk: int) -> M:
    """The signed-in user's own object, or 404.

    Scoping the query by owner makes another user's id look exactly like a missing one,
    so no page reveals that someone else's record exists.
    """
    return get_object_or_404(queryset.filter(user=request.user), pk=pk)


# Entries


def _entry_filters(request: HttpRequest, areas: list[FocusArea]) -> tuple[Q, dict, list[str]]:
    """Read ?focus=, ?month= and ?q= into a filter, the values to show, and error messages."""
    query, shown, errors = Q(), {}, []
    focus = request.GET.get("focus", "")
    if focus:
        area = next((a for a in areas if str(a.pk) == focus), None)
        if area is None:
            errors.append(_("That change isn't one of yours, so the list is not filtered by it."))
        else:
            query &= Q(focus=area)
            shown["focus"] = area
    month = request.GET.get("month", "")
    if month:
        match = MONTH.match(month)
        if match is None:
            errors.append(_("Months look like 2026-03; the list is not filtered by month."))
        else:
            query &= Q(day__year=int(match[1]), day__month=int(match[2]))
            shown["month"] = month
    text = request.GET.get("q", "").strip()[:200]
    if text:
        query &= Q(title__icontains=text) | Q(body__icontains=text)
        shown["q"] = text
    return query, shown, errors


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    today = request.user.local_today()
    areas = list(FocusArea.objects.filter(user=request.user))
    query, shown, errors = _entry_filters(request, areas)
    page = _page_number(request)
    params = request.GET.copy()
    params.pop("page", None)
    # One row more than a page tells whether an older page exists, without a COUNT(*).
    rows = list(
        Entry.objects.filter(query, user=request.user)
        .select_related("focus")
        .defer("body", "body_html")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    summary = journal_summary(request.user.pk, today)
    return render(
        request,
        "journal/entry_list.html",
        {
            "entries": rows[:PAGE_SIZE],
            "page": page,
            "has_older": len(rows) > PAGE_SIZE,
            "query_string": params.urlencode(),
            "areas": areas,
            "shown": shown,
            "filter_errors": errors,
            "today": today,
            "summary": summary,
            "total": Entry.objects.filter(user=request.user).count(),
            "heat_map": charts.heat_map(summary.days, today),
        },
    )


@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    form = EntryForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        entry = form.save()
        record_readiness(request.user)
        messages.success(request, _("Your entry is saved."))
        return redirect("journal:entry_detail", pk=entry.pk)
    return render(request, "journal/entry_form.html", {"form": form})


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_owned(request, Entry.objects.select_related("focus"), pk)
    return render(request, "journal/entry_detail.html", {"entry": entry})


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_owned(request, Entry.objects.all(), pk)
    form = EntryForm(
        request.POST if request.method == "POST" else None, instance=entry, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        record_readiness(request.user)
        messages.success(request, _("Your changes are saved."))
        return redirect("journal:entry_detail", pk=entry.pk)
    return render(request, "journal/entry_form.html", {"form": form, "entry": entry})


@login_required
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_owned(request, Entry.objects.all(), pk)
    if request.method == "POST":
        entry.delete()
        record_readiness(request.user)
        messages.success(request, _("The entry is deleted."))
        return redirect("journal:entry_list")
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "object": entry,
            "what": _("this entry"),
            "cancel_url": entry.get_absolute_url(),
        },
    )


# Focus areas: the changes being worked on


@login_required
def focus_list(request: HttpRequest) -> HttpResponse:
    areas = FocusArea.objects.filter(user=request.user).annotate(entry_count=Count("entries"))
    return render(request, "journal/focus_list.html", {"areas": areas})


@login_required
def focus_new(request: HttpRequest) -> HttpResponse:
    form = FocusAreaForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_readiness(request.user)
        messages.success(request, _("The change is added."))
        return redirect("journal:focus_list")
    return render(request, "journal/focus_form.html", {"form": form})


@login_required
def focus_edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = _get_owned(request, FocusArea.objects.all(), pk)
    form = FocusAreaForm(
        request.POST if request.method == "POST" else None, instance=area, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        record_readiness(request.user)
        messages.success(request, _("Your answers are saved."))
        return redirect("journal:focus_list")
    return render(request, "journal/focus_form.html", {"form": form, "area": area})


@login_required
def focus_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a change after a confirmation; its entries stay, no longer linked to it."""
    area = _get_owned(request, FocusArea.objects.annotate(entry_count=Count("entries")), pk)
    if request.method == "POST":
        area.delete()  # Entry.focus is SET_NULL: the entries keep their text
        record_readiness(request.user)
        messages.success(
            request, _("The change is deleted. Its entries are still in your journal.")
        )
        return redirect("journal:focus_list")
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "object": area,
            "what": _("this change"),
            "note": ngettext(
                "Its %(n)d entry stays in your journal, with its text, no longer linked to it.",
                "Its %(n)d entries stay in your journal, with their text, no longer linked to it.",
                area.entry_count,
            )
            % {"n": area.entry_count}
            if area.entry_count
            else "",
            "alternative": _("If you have only stopped working on it, you can archive it instead."),
            "cancel_url": reverse("journal:focus_edit", args=[area.pk]),
        },
    )


# Waiting periods


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    now, tz = timezone.now(), request.user.tzinfo
    progress = [p.progress(now, tz, p.reset_count) for p in waiting_periods(request.user)]
    return render(request, "journal/period_list.html", {"progress": progress})


@login_required
def period_new(request: HttpRequest) -> HttpResponse:
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


def _period_page(request: HttpRequest, period: WaitingPeriod, form: ResetForm) -> HttpResponse:
    resets = list(period.resets.all())
    now, tz = timezone.now(), request.user.tzinfo
    return render(
        request,
        "journal/period_detail.html",
        {
            "period": period,
            "progress": period.progress(now, tz, reset_count=len(resets)),
            "history": period.history(resets, now, tz),
            "resets": resets,
            "form": form,
        },
    )


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = _get_owned(request, WaitingPeriod.objects.all(), pk)
    return _period_page(request, period, ResetForm())


@login_required
@require_POST
def period_reset(request: HttpRequest, pk: int) -> HttpResponse:
    period = _get_owned(request, WaitingPeriod.objects.all(), pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        return _period_page(request, period, form)
    now = timezone.now()
    with transaction.atomic():
        Reset.objects.create(
            period=period, run_started_at=period.started_at, at=now, note=form.cleaned_data["note"]
        )
        period.started_at = now
        period.save(update_fields=["started_at"])
    record_readiness(request.user)
    messages.info(
        request,
        _("The clock has restarted. A slip is not the end: what you kept still counts."),
    )
    return redirect("journal:period_detail", pk=period.pk)


@login_required
def period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = _get_owned(request, WaitingPeriod.objects.all(), pk)
    if request.method == "POST":
        period.delete()
        record_readiness(request.user)
        messages.success(request, _("The waiting period is deleted."))
        return redirect("journal:period_list")
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "object": period,
            "what": _("this waiting period and its history"),
            "cancel_url": period.get_absolute_url(),
        },
    )


# Data out and in

EXPORTS = {
    "json": (exports.export_json, "application/json; charset=utf-8", "json"),
    "markdown": (exports.export_markdown, "application/zip", "zip"),
    "csv": (exports.export_csv, "text/csv; charset=utf-8", "csv"),
}


@login_required
def export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in EXPORTS:
        raise Http404("No such export format.")
    write, content_type, extension = EXPORTS[fmt]
    response = StreamingHttpResponse(write(request.user), content_type=content_type)
    filename = f"reconnect-{request.user.local_today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm()
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > importers.MAX_BYTES + 64 * 1024:
            # Refuse before Django reads the upload at all.
            form.problem = _("The file is larger than 20 MB. Nothing was imported.")
            return render(request, "journal/import.html", {"form": form})
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > importers.MAX_BYTES:
                    raise importers.ImportProblem(_("The file is larger than 20 MB."))
                outcome = importers.import_file(upload.name, upload.read(), request.user)
                record_readiness(request.user)
            except importers.ImportProblem as problem:
                form.add_error(
                    "file", _("%(problem)s Nothing was imported.") % {"problem": problem}
                )
            else:
                messages.success(
                    request,
                    _("Imported %(added)d entries; %(already)d were already here.")
                    % {"added": outcome.added, "already": outcome.already},
                )
                return redirect("journal:entry_list")
    return render(request, "journal/import.html", {"form": form})


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
    response["Content-Disposition"] = 'inline; filename="reconnect.ics"'
    add_never_cache_headers(response)
    return response
