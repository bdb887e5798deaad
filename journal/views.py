from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import calendar, charts, exports, importers, imports, urges
from .facts import record_readiness, waiting_periods
from .forms import (
    DraftDecisionForm,
    EntryForm,
    FocusAreaForm,
    ImportForm,
    JournalFilterForm,
    LogisticsContactForm,
    OutcomeForm,
    ReasonForm,
    ResetForm,
    UrgeForm,
    WaitingPeriodForm,
)
from .models import (
    PAUSE_MINUTES,
    Entry,
    EntryPhoto,
    FocusArea,
    ImportJob,
    LogisticsContact,
    ReasonToWait,
    Situation,
    Tag,
    Urge,
    WaitingPeriod,
    clean_tag,
    fold,
)
from .recall import on_this_day
from .stats import journal_summary

M = TypeVar("M", bound=Model)
PAGE_SIZE = 20


def _get_owned(request: HttpRequest, queryset: QuerySet[M], pk: int) -> M:
    """The signed-in user's own object, or 404.

    Scoping the query by owner makes another user's id look exactly like a missing one,
    so no page reveals that someone else's record exists.
    """
    return get_object_or_404(queryset.filter(user=request.user), pk=pk)


# Entries


def filtered_entries(user, values: dict) -> QuerySet[Entry]:
    """The user's entries matching the filter form's valid values."""
    entries = Entry.objects.filter(user=user)
    if "q" in values:
        entries = entries.filter(search_text__contains=fold(values["q"].strip()))
    if "month" in values:
        entries = entries.filter(day__range=values["month"])
    if "from" in values:
        entries = entries.filter(day__gte=values["from"])
    if "to" in values:
        entries = entries.filter(day__lte=values["to"])
    if "tag" in values:
        entries = entries.filter(tags__name__iexact=clean_tag(values["tag"]))
    if "focus" in values:
        entries = entries.filter(focus=values["focus"])
    if "mood" in values:
        entries = entries.filter(mood=values["mood"])
    if values.get("starred"):
        entries = entries.filter(starred=True)
    return entries


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    today = request.user.local_today()
    areas = list(FocusArea.objects.filter(user=request.user))
    form = JournalFilterForm(request.GET, user=request.user, areas=areas)
    values = form.values()
    page_number = values.pop("page", 1)
    entries = (
        filtered_entries(request.user, values)
        .select_related("focus")
        .prefetch_related("tags")
        .defer("body", "body_html", "search_text")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    params = request.GET.copy()
    params.pop("page", None)
    summary = journal_summary(request.user.pk, today)
    return render(
        request,
        "journal/entry_list.html",
        {
            "form": form,
            "entries": page.object_list,
            "page": page,
            "query_string": params.urlencode(),
            "areas": areas,
            "tags": Tag.objects.filter(user=request.user),
            "shown": values,
            "filter_errors": [e for errors in form.errors.values() for e in errors],
            "today": today,
            "summary": summary,
            "total": Entry.objects.filter(user=request.user).count(),
            "heat_map": charts.heat_map(
                summary.days, today, link=reverse("journal:entry_list") + "?from={day}&to={day}"
            ),
            "on_this_day": on_this_day(request.user, today),
        },
    )


@login_required
@require_POST
def entry_star(request: HttpRequest, pk: int) -> HttpResponse:
    """Star or unstar an entry (`starred` = 1 or 0), then go back where the button was."""
    entry = _get_owned(request, Entry.objects.all(), pk)
    entry.starred = request.POST.get("starred") == "1"
    Entry.objects.filter(pk=entry.pk).update(starred=entry.starred)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = entry.get_absolute_url()
    return redirect(back)


@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
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
    photos = list(entry.photos.all())
    preparing = any(p.state == EntryPhoto.State.PREPARING for p in photos)
    return render(
        request,
        "journal/entry_detail.html",
        {"entry": entry, "photos": photos, "preparing": preparing},
    )


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_owned(request, Entry.objects.all(), pk)
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=entry,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        record_readiness(request.user)
        messages.success(request, _("Your changes are saved."))
        return redirect("journal:entry_detail", pk=entry.pk)
    return render(
        request,
        "journal/entry_form.html",
        {"form": form, "entry": entry, "photos": list(entry.photos.all())},
    )


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
            "contacts": list(period.contacts.all()),
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
    period.reset(form.cleaned_data["note"], now)
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
    "jrnl": (exports.export_jrnl, "text/plain; charset=utf-8", "txt"),
    "dayone": (exports.export_day_one, "application/zip", "dayone.zip"),
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
    """Check the upload (size, kind, encoding), store it and queue its import."""
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
                imports.check_upload(upload)
            except importers.ImportProblem as problem:
                form.add_error(
                    "file", _("%(problem)s Nothing was imported.") % {"problem": problem}
                )
            else:
                return redirect(imports.start_import(request.user, upload))
    return render(request, "journal/import.html", {"form": form})


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """`/journal/import/<id>/`: how an import is going; at the end, what came of it.

    Without JavaScript the page refreshes itself until the import ends; with it, a script
    asks for `?progress` (a small JSON) and updates the bar in place.
    """
    job = _get_owned(request, ImportJob.objects.all(), pk)
    if "progress" in request.GET:
        response: HttpResponse = JsonResponse({"state": job.state, "progress": job.progress})
    else:
        response = render(request, "journal/import_progress.html", {"job": job})
    add_never_cache_headers(response)
    return response


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


# Print: a date range laid out for paper or PDF

PRINT_LIMIT = 1000


@login_required
def print_view(request: HttpRequest) -> HttpResponse:
    """`/journal/print/?from=&to=`: entries oldest first, for the browser's Print or PDF."""
    areas = list(FocusArea.objects.filter(user=request.user))
    form = JournalFilterForm(request.GET, user=request.user, areas=areas)
    values = form.values()
    values.pop("page", None)
    entries = list(
        filtered_entries(request.user, values)
        .select_related("focus")
        .prefetch_related("tags", "photos")
        .order_by("day", "time", "created")[: PRINT_LIMIT + 1]
    )
    return render(
        request,
        "journal/print.html",
        {
            "form": form,
            "entries": entries[:PRINT_LIMIT],
            "cut_short": len(entries) > PRINT_LIMIT,
            "limit": PRINT_LIMIT,
            "shown": values,
            "filter_errors": [e for errors in form.errors.values() for e in errors],
        },
    )


# The hard moment: an urge to contact them, the pause, drafts, reasons to wait


def _urge_owned(request: HttpRequest, pk: int) -> Urge:
    """The user's own urge, or 404 (another user's id looks like a missing one)."""
    return _get_owned(request, Urge.objects.select_related("user"), pk)


@login_required
def urge_patterns(request: HttpRequest) -> HttpResponse:
    patterns = urges.urge_patterns(request.user, timezone.now())
    parts = [str(label) for _first, label in urges.PARTS_OF_DAY]
    return render(
        request,
        "journal/urges/patterns.html",
        {
            "patterns": patterns,
            "per_week": charts.urges_per_week(patterns.weeks),
            "grid": charts.urge_grid(patterns.grid, parts),
            "days": urges.PASSED_DAYS,
        },
    )


# Photos: only ever to their owner, never cached, never from a guessable address


@login_required
def photo(request: HttpRequest, token: str, size: str) -> FileResponse:
    if size not in ("full", "thumb"):
        raise Http404("No such size.")
    photo = get_object_or_404(
        EntryPhoto, token=token, user=request.user, state=EntryPhoto.State.READY
    )
    file = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The photo's file is missing.") from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def urge_new(request: HttpRequest) -> HttpResponse:
    form = UrgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        now = timezone.now()
        urge = Urge.objects.create(
            user=request.user,
            message=data["message"],
            triggers=Urge.pack_triggers(data["triggers"]),
            trigger_note=data["trigger_note"],
            intensity=data["intensity"],
            created=now,
            pause_until=now + dt.timedelta(minutes=PAUSE_MINUTES),
        )
        return redirect(urge)
    return render(request, "journal/urges/new.html", {"form": form})


@login_required
def urge_pause(request: HttpRequest, pk: int) -> HttpResponse:
    urge = _urge_owned(request, pk)
    now = timezone.now()
    period = urges.running_period(request.user, now)
    line, slug = urges.GUIDE_LINES[urge.pk % len(urges.GUIDE_LINES)]
    return render(
        request,
        "journal/urges/pause.html",
        {
            "urge": urge,
            "paused": now < urge.pause_until,
            "reasons": ReasonToWait.objects.filter(user=request.user),
            "progress": period.progress(now, request.user.tzinfo) if period else None,
            "guide_line": line,
            "guide_slug": slug,
            "friend_asked_at": urges.last_friend_ask(request.user),
            "form": OutcomeForm(initial={"outcome": urge.outcome or None}),
            "can_reset": urge.outcome == Urge.Outcome.CONTACTED
            and urge.reset_at is None
            and period is not None,
        },
    )


@login_required
@require_POST
def urge_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    urge = _urge_owned(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick one of the answers; nothing was changed."))
        return redirect(urge)
    outcome = form.cleaned_data["outcome"]
    now = timezone.now()
    with transaction.atomic():
        urge.outcome, urge.outcome_at = outcome, now
        if outcome == Urge.Outcome.KEPT_DRAFT and urge.message.strip():
            urge.draft = Urge.Draft.KEPT
        urge.save(update_fields=["outcome", "outcome_at", "draft"])
        period = urges.running_period(request.user, now)
        if outcome == Urge.Outcome.LOGISTICS and period is not None:
            LogisticsContact.objects.create(
                period=period,
                day=now.astimezone(request.user.tzinfo).date(),
                note=urge.trigger_note or _("Something practical"),
            )
    if outcome == Urge.Outcome.KEPT_DRAFT and urge.draft != Urge.Draft.KEPT:
        messages.success(request, _("Noted. The wish can stay a wish, here with you."))
        return redirect(urge)
    messages.success(request, OUTCOME_WORDS[outcome])
    if outcome == Urge.Outcome.KEPT_DRAFT:
        return redirect("urges:drafts")
    return redirect(urge)


OUTCOME_WORDS = {
    Urge.Outcome.RODE_OUT: _lazy("It passed. You rode out the wave: that is real strength."),
    Urge.Outcome.KEPT_DRAFT: _lazy("Your message is kept here, unsent. It will keep."),
    Urge.Outcome.CONTACTED: _lazy(
        "Thank you for being honest with yourself. One moment does not undo the work you did."
    ),
    Urge.Outcome.LOGISTICS: _lazy(
        "Noted as something practical. It does not count against your waiting period."
    ),
}


@login_required
@require_POST
def urge_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Restart the running waiting period after a `contacted` urge, at most once."""
    urge = _urge_owned(request, pk)
    now = timezone.now()
    period = urges.running_period(request.user, now)
    if urge.outcome != Urge.Outcome.CONTACTED or urge.reset_at is not None or period is None:
        messages.info(request, _("There is no waiting period to restart for this moment."))
        return redirect(urge)
    with transaction.atomic():
        period.reset(urges.reset_note(urge), now)
        urge.reset_at = now
        urge.save(update_fields=["reset_at"])
    record_readiness(request.user)
    messages.info(
        request,
        _("The clock has restarted. A slip is not the end: what you kept still counts."),
    )
    return redirect("journal:period_detail", pk=period.pk)


@login_required
@require_POST
def urge_ask_friend(request: HttpRequest, pk: int) -> HttpResponse:
    urge = _urge_owned(request, pk)
    user = request.user
    if not (user.friend_name and user.friend_email):
        messages.info(request, _("Add a friend in Settings first; then this button asks them."))
        return redirect(urge)
    if urges.ask_friend(urge, timezone.now()):
        messages.success(
            request, _("%(name)s has been asked to call you.") % {"name": user.friend_name}
        )
    else:
        messages.info(
            request,
            _("%(name)s was asked less than 30 minutes ago. Give them a little time.")
            % {"name": user.friend_name},
        )
    return redirect(urge)


@login_required
def urge_drafts(request: HttpRequest) -> HttpResponse:
    situation = Situation.objects.filter(user=request.user).first()
    hard_stop = bool(situation and (situation.asked_no_contact or situation.safety_concern))
    return render(
        request,
        "journal/urges/drafts.html",
        {
            "drafts": Urge.objects.filter(user=request.user, draft=Urge.Draft.KEPT),
            "let_go": Urge.objects.filter(user=request.user, draft=Urge.Draft.LET_GO).count(),
            "now": timezone.now(),
            "hard_stop": hard_stop,
            "safety": bool(situation and situation.safety_concern),
        },
    )


@login_required
@require_POST
def urge_draft_decide(request: HttpRequest, pk: int) -> HttpResponse:
    urge = get_object_or_404(Urge.objects.filter(user=request.user, draft=Urge.Draft.KEPT), pk=pk)
    form = DraftDecisionForm(request.POST)
    if not form.is_valid() or urge.is_cooling(timezone.now()):
        messages.error(request, _("Nothing was changed."))
        return redirect("urges:drafts")
    if form.cleaned_data["decision"] == "let_go":
        urge.draft = Urge.Draft.LET_GO
        urge.save(update_fields=["draft"])
        messages.success(request, _("You let it go. It stays in your records, out of sight."))
    else:
        urge.draft_kept_at = timezone.now()
        urge.save(update_fields=["draft_kept_at"])
        messages.success(request, _("Kept. It stays here, unsent, for as long as you like."))
    return redirect("urges:drafts")


@login_required
def reason_list(request: HttpRequest) -> HttpResponse:
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        last = ReasonToWait.objects.filter(user=request.user).order_by("-order").first()
        form.instance.user = request.user
        form.instance.order = last.order + 1 if last else 0
        form.save()
        messages.success(request, _("Your reason is added."))
        return redirect("urges:reasons")
    reasons = ReasonToWait.objects.filter(user=request.user)
    return render(request, "journal/urges/reasons.html", {"form": form, "reasons": reasons})


@login_required
def reason_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reason = _get_owned(request, ReasonToWait.objects.all(), pk)
    form = ReasonForm(request.POST if request.method == "POST" else None, instance=reason)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reason is saved."))
        return redirect("urges:reasons")
    return render(request, "journal/urges/reason_form.html", {"form": form, "reason": reason})


@login_required
@require_POST
def reason_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reason = _get_owned(request, ReasonToWait.objects.all(), pk)
    reason.delete()
    messages.success(request, _("The reason is removed."))
    return redirect("urges:reasons")


@login_required
@require_POST
def reason_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Swap a reason with its neighbour above (`direction=up`) or below (`down`)."""
    reason = _get_owned(request, ReasonToWait.objects.all(), pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Nothing was moved."))
        return redirect("urges:reasons")
    with transaction.atomic():
        ordered = list(ReasonToWait.objects.filter(user=request.user).select_for_update())
        index = next(i for i, r in enumerate(ordered) if r.pk == reason.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
            for position, item in enumerate(ordered):
                if item.order != position:
                    item.order = position
                    item.save(update_fields=["order"])
    return redirect("urges:reasons")


@login_required
def period_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """A practical contact (children, a lease, belongings): on the history, never a reset."""
    period = _get_owned(request, WaitingPeriod.objects.all(), pk)
    form = LogisticsContactForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.instance.period = period
        form.save()
        messages.success(request, _("Noted. A practical contact does not reset your clock."))
        return redirect("journal:period_detail", pk=period.pk)
    return render(request, "journal/contact_form.html", {"form": form, "period": period})
