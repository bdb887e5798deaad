"""The changes being worked on."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..auth import AuthenticatedHttpRequest
from ..forms import ChangeForm
from ..models import Change
from ..readiness.facts import record_readiness
from ..shortcuts import get_owned
from .deleting import confirm_delete

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class EntryCount(TypedDict):
    entry_count: int


# A change with the number of entries filed under it. (A string: WithAnnotations takes two
# arguments only for the type checker.)
CountedChange: TypeAlias = "WithAnnotations[Change, EntryCount]"

# The changes being worked on


@login_required
def focus_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    changes = Change.objects.filter(user=request.user).annotate(entry_count=Count("entries"))
    return render(request, "journal/focus_list.html", {"changes": changes})


@login_required
def focus_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ChangeForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_readiness(request.user)
        messages.success(request, _("The change is added."))
        return redirect("journal:focus_list")
    return render(request, "journal/focus_form.html", {"form": form})


@login_required
def focus_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = get_owned(request, Change.objects.all(), pk)
    form = ChangeForm(
        request.POST if request.method == "POST" else None, instance=change, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        record_readiness(request.user)
        messages.success(request, _("Your answers are saved."))
        return redirect("journal:focus_list")
    return render(request, "journal/focus_form.html", {"form": form, "change": change})


@login_required
def focus_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a change after a confirmation; its entries stay, no longer linked to it."""
    change: CountedChange = get_owned(
        request, Change.objects.annotate(entry_count=Count("entries")), pk
    )
    # Entry.focus is SET_NULL: deleting a change leaves its entries with their text.
    return confirm_delete(
        request,
        change,
        what=_("this change"),
        done=_("The change is deleted. Its entries are still in your journal."),
        then="journal:focus_list",
        cancel_url=reverse("journal:focus_edit", args=[change.pk]),
        note=ngettext(
            "Its %(n)d entry stays in your journal, with its text, no longer linked to it.",
            "Its %(n)d entries stay in your journal, with their text, no longer linked to it.",
            change.entry_count,
        )
        % {"n": change.entry_count}
        if change.entry_count
        else "",
        alternative=_("If you have only stopped working on it, you can archive it instead."),
    )
