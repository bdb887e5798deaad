"""Entries: the journal list, writing, reading, starring, printing, and their photos."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reconnect.lib import limits, sealing

from .. import charts, rows
from ..auth import AuthenticatedHttpRequest
from ..catch_up import catch_up
from ..forms import EntryDraftForm, EntryForm, JournalFilterForm, JournalFilters
from ..models import (
    Change,
    Entry,
    EntryDraft,
    EntryPhoto,
    Tag,
    clean_tag,
    name_key,
    sorted_names,
    words,
)
from ..readiness.facts import record_readiness
from ..recall import on_this_day
from ..shortcuts import get_owned
from ..stats import journal_summary
from .deleting import confirm_delete

if TYPE_CHECKING:
    from ..auth import User

PAGE_SIZE = 20


# Entries


def filtered_entries(user: User, values: JournalFilters) -> QuerySet[Entry]:
    """The user's entries matching the filter form's valid values."""
    entries = Entry.objects.filter(user=user)
    if "q" in values:
        entries = searched(entries, user, values["q"])
    if "month" in values:
        entries = entries.filter(day__range=values["month"])
    if "from" in values:
        entries = entries.filter(day__gte=values["from"])
    if "to" in values:
        entries = entries.filter(day__lte=values["to"])
    if "tag" in values:
        entries = entries.filter(tags__name_key=name_key(user.pk, clean_tag(values["tag"])))
    if "focus" in values:
        entries = entries.filter(focus=values["focus"])
    if "mood" in values:
        entries = entries.filter(mood=values["mood"])
    if values.get("starred"):
        entries = entries.filter(starred=True)
    return entries


def searched(entries: QuerySet[Entry], user: User, query: str) -> QuerySet[Entry]:
    """Entries with every word of the query, or a word beginning with it (the keyed index:
    sealing.index_terms). A query of only marks and spaces finds nothing."""
    found = words(query)
    if not found:
        return entries.none()
    for word in found:
        entries = entries.filter(search_index__contains=sealing.query_term(user.pk, word))
    return entries


@login_required
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # A locked journal's entries written while it was closed join search here (catch_up).
    not_searchable = catch_up(request.user.pk) if request.user.journal_locked else 0
    today = request.user.local_today()
    changes = list(Change.objects.filter(user=request.user))
    form = JournalFilterForm(request.GET, user=request.user, changes=changes)
    values = form.values()
    page_number = values.pop("page", 1)
    entries = filtered_entries(request.user, values).values_list(*rows.ROW_FIELDS)
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    params = request.GET.copy()
    params.pop("page", None)
    # The heat map rings the days with a mood tapped on the home.
    summary = journal_summary(request.user.pk, today)
    # One token for every form on the page: given here, it stands in for the lazy one
    # the context processor would mask again for each form.
    csrf_token = get_token(request)
    return render(
        request,
        "journal/entry_list.html",
        {
            "csrf_token": csrf_token,
            "not_searchable": not_searchable,
            "form": form,
            "rows": rows.entry_rows(
                _rows(page.object_list, changes),
                csrf_token=csrf_token,
                back=request.get_full_path(),
            ),
            "page": page,
            "query_string": params.urlencode(),
            "changes": changes,
            "tags": sorted(
                Tag.objects.filter(user=request.user).values_list("name", flat=True),
                key=str.casefold,
            ),
            "shown": values,
            "filter_errors": [e for errors in form.errors.values() for e in errors],
            "today": today,
            "summary": summary,
            # Unfiltered, the paginator has counted them all already.
            "total": Entry.objects.filter(user=request.user).count()
            if values
            else page.paginator.count,
            "heat_map": charts.heat_map(
                summary.days,
                today,
                link=reverse("journal:entry_list") + "?from={day}&to={day}",
                moods=summary.tapped_days,
            ),
            "on_this_day": on_this_day(request.user, today),
        },
    )


def _rows(page: Iterable[tuple[Any, ...]], changes: list[Change]) -> list[rows.Row]:
    """The page's entries (tuples of ROW_FIELDS) as rows, with their tags' names, in one
    query for all of them, and their changes' names from `changes` (no join)."""
    found = list(page)
    names = {change.pk: change.name for change in changes}
    tags: dict[int, list[str]] = {}
    through = Entry.tags.through.objects.filter(entry_id__in=[values[0] for values in found])
    for entry_id, name in through.values_list("entry_id", "tag__name"):
        tags.setdefault(entry_id, []).append(name)
    return [
        rows.Row(
            pk, title, day, time, mood, starred, names.get(focus), sorted_names(tags.get(pk, ()))
        )
        for pk, title, day, time, mood, starred, focus in found
    ]


@login_required
@require_POST
def entry_star(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Star or unstar an entry (`starred` = 1 or 0), then go back where the button was."""
    entry = get_owned(request, Entry.objects.all(), pk)
    entry.starred = request.POST.get("starred") == "1"
    Entry.objects.filter(pk=entry.pk).update(starred=entry.starred)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = entry.get_absolute_url()
    return redirect(back)


@login_required
def entry_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    draft = EntryDraft.objects.filter(user=request.user).first()
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        initial={"title": draft.title, "body": draft.body} if draft else None,
    )
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        entry = form.save()
        if draft:
            draft.delete()
        record_readiness(request.user)
        messages.success(request, _("Your entry is saved."))
        return redirect("journal:entry_detail", pk=entry.pk)
    # What is typed here is kept as a draft if the page is left by the quick exit or an
    # idle sign-out, and given back above.
    context = {"form": form, "draft": draft, "draft_url": reverse("journal:entry_draft")}
    return render(request, "journal/entry_form.html", context)


def too_big_for_a_draft(request: AuthenticatedHttpRequest) -> bool:
    """A draft comes by sendBeacon, which carries 64 KB at most; anything larger is not
    one, and is refused before its body is read."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limits.DRAFT_MAX_BYTES
    except ValueError:
        return True


@login_required
@require_POST
def entry_draft(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keep the new entry being written as the page is left (the quick exit, an idle
    sign-out): one draft a person, put back into the new-entry form. Nobody waits for the
    answer, so it is only a status: 204 kept, 400 not kept, 413 too big."""
    if too_big_for_a_draft(request):
        return HttpResponse(status=413)
    if request.POST.get("discard"):
        EntryDraft.objects.filter(user=request.user).delete()
        return redirect("journal:entry_new")
    draft = EntryDraft.objects.filter(user=request.user).first()
    form = EntryDraftForm(request.POST, instance=draft or EntryDraft(user=request.user))
    if not form.is_valid():
        return HttpResponse(status=400)
    if form.cleaned_data["title"].strip() or form.cleaned_data["body"].strip():
        form.save()
    return HttpResponse(status=204)


@login_required
def entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_owned(request, Entry.objects.select_related("focus"), pk)
    photos = list(entry.photos.all())
    preparing = any(p.state == EntryPhoto.State.PREPARING for p in photos)
    return render(
        request,
        "journal/entry_detail.html",
        {"entry": entry, "photos": photos, "preparing": preparing},
    )


@login_required
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_owned(request, Entry.objects.all(), pk)
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
def entry_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_owned(request, Entry.objects.all(), pk)
    return confirm_delete(
        request,
        entry,
        what=_("this entry"),
        done=_("The entry is deleted."),
        then="journal:entry_list",
        cancel_url=entry.get_absolute_url(),
    )


# Print: a date range laid out for paper or PDF

PRINT_LIMIT = limits.PRINT_MAX


@login_required
def print_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`/journal/print/?from=&to=`: entries oldest first, for the browser's Print or PDF."""
    changes = list(Change.objects.filter(user=request.user))
    form = JournalFilterForm(request.GET, user=request.user, changes=changes)
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


# Photos: only ever to their owner, never cached, never from a guessable address


@login_required
def photo(request: AuthenticatedHttpRequest, token: str, size: str) -> FileResponse:
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
