"""A mood in one tap: today's face and quick tags from the home, and the quick tags' list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..auth import AuthenticatedHttpRequest
from ..forms import MOOD_WORDS, MoodTodayForm, QuickTagForm
from ..models import DayMood, QuickTag, fold
from ..shortcuts import get_owned
from .deleting import confirm_delete


def wants_json(request: AuthenticatedHttpRequest) -> bool:
    """The home's script asks for JSON; a form sent without script gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def mood_today(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Today's mood (in the person's own time zone) and its quick tags, one tap at a time.

    A face sets the mood, the chosen face again clears it, a quick tag goes on or off the
    day. Anything wrong changes nothing and says why. Script gets the day as JSON; a form
    sent without script comes back to the home.
    """
    form = MoodTodayForm(request.POST, user=request.user)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"error": form.problem()}, status=400)
        messages.error(request, form.problem())
        return redirect("dashboard")
    data = form.cleaned_data
    on, off = data["quick_tag"], data["quick_tag_off"]
    with transaction.atomic():
        day, created = DayMood.objects.get_or_create(
            user=request.user, day=request.user.local_today(), defaults={"mood": data["mood"]}
        )
        if not created and (data["mood"] is not None or data["clear"]):
            day.mood = data["mood"]
            day.save(update_fields=["mood", "updated"])
        if on:
            day.quick_tags.add(*on)
        if off:
            day.quick_tags.remove(*off)
        # A day just made with a face has no quick tags yet: no need to ask.
        tags = set() if created and not on else set(day.quick_tags.values_list("pk", flat=True))
        if day.mood is None and not tags:
            day.delete()  # nothing left to keep for today
    said = said_of(day.mood)
    if wants_json(request):
        return JsonResponse({"mood": day.mood, "quick_tags": sorted(tags), "said": said})
    messages.success(request, said)
    return redirect("dashboard")


def said_of(mood: int | None) -> str:
    """What the page says after a tap."""
    if mood is None:
        return _("Today has no mood now.")
    return _("Today's mood is saved: %(n)d of 5, %(word)s.") % {
        "n": mood,
        "word": str(MOOD_WORDS[mood]).lower(),
    }


# The person's quick tags


@login_required
def quick_tags(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quick tags under the faces: add one here, rename or remove each."""
    form = QuickTagForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your quick tag is added. It is under the faces on the home."))
        return redirect("journal:quick_tags")
    tags = list(QuickTag.objects.filter(user=request.user))
    tags.sort(key=lambda tag: (fold(tag.name), tag.name))  # sealed: sorted here
    return render(request, "journal/quick_tags.html", {"form": form, "tags": tags})


@login_required
def quick_tag_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tag = get_owned(request, QuickTag.objects.all(), pk)
    form = QuickTagForm(
        request.POST if request.method == "POST" else None, instance=tag, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your quick tag is renamed."))
        return redirect("journal:quick_tags")
    return render(request, "journal/quick_tag_form.html", {"form": form, "tag": tag})


@login_required
def quick_tag_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tag = get_owned(request, QuickTag.objects.all(), pk)
    return confirm_delete(
        request,
        tag,
        what=_("this quick tag"),
        done=_("The quick tag is removed. The days you tapped it keep their moods."),
        then="journal:quick_tags",
        cancel_url=reverse("journal:quick_tags"),
        note=_("It comes off every day you tapped it; those days keep their moods."),
    )
