"""The hard moment's pages: write it down, pause, say how it went, drafts, reasons."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from reconnect.lib import limits

from .. import charts
from ..auth import AuthenticatedHttpRequest
from ..models import (
    PAUSE_MINUTES,
    Help,
    HelpChoice,
    LogisticsContact,
    ReasonToWait,
    Urge,
)
from ..shortcuts import get_owned
from ..views.entries import too_big_for_a_draft
from ..views.waiting import restart_clock
from . import friend, helped, patterns
from .forms import (
    DraftDecisionForm,
    HelpChoiceForm,
    HelpedForm,
    LetGoForm,
    OutcomeForm,
    ReasonForm,
    UrgeForm,
)

if TYPE_CHECKING:
    from ..auth import User

# The hard moment: an urge to contact them, the pause, drafts, reasons to wait


def _urge_owned(request: AuthenticatedHttpRequest, pk: int) -> Urge:
    """The user's own urge, or 404 (another user's id looks like a missing one)."""
    return get_owned(request, Urge.objects.select_related("user"), pk)


@login_required
def urge_patterns(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = patterns.urge_patterns(request.user, timezone.now())
    parts = [str(label) for _first, label in patterns.PARTS_OF_DAY]
    return render(
        request,
        "journal/urges/patterns.html",
        {
            "patterns": found,
            "per_week": charts.urges_per_week(found.weeks),
            "grid": charts.urge_grid(found.grid, parts),
            "grid_rows": charts.urge_grid_rows(found.grid, len(parts)),
            "parts": parts,
            "hours": [(dt.time(hour), dt.time((hour + 1) % 24), n) for hour, n in found.hours],
            "days": patterns.PASSED_DAYS,
        },
    )


def new_urge(user: User, data: dict[str, Any], now: dt.datetime, **moment: Any) -> Urge:
    """An urge from the new-urge form's cleaned data, written at `now`."""
    return Urge.objects.create(
        user=user,
        message=data["message"],
        triggers=Urge.pack_triggers(list(dict.fromkeys(data["triggers"]))),
        trigger_note=data["trigger_note"],
        intensity=data["intensity"],
        created=now,
        **moment,
    )


@login_required
def urge_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UrgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        pause_until = now + dt.timedelta(minutes=PAUSE_MINUTES)
        return redirect(new_urge(request.user, form.cleaned_data, now, pause_until=pause_until))
    return render(request, "journal/urges/new.html", {"form": form})


@login_required
@require_POST
def urge_draft(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keep the urge being written as the page is left (the quick exit, an idle sign-out):
    the moment is recorded and its words wait among the drafts, unsent, as "keep it as a
    draft" keeps them. Nobody waits for the answer: 204 kept, 400 not kept, 413 too big."""
    if too_big_for_a_draft(request):
        return HttpResponse(status=413)
    form = UrgeForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    data = form.cleaned_data
    if not data["message"].strip():
        return HttpResponse(status=204)  # no words to keep; leaving is not an urge
    now = timezone.now()
    new_urge(
        request.user,
        data,
        now,
        pause_until=now,
        outcome=Urge.Outcome.KEPT_DRAFT,
        outcome_at=now,
        draft=Urge.Draft.KEPT,
    )
    return HttpResponse(status=204)


@login_required
def urge_pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    urge = _urge_owned(request, pk)
    now = timezone.now()
    period = patterns.running_period(request.user, now)
    line, slug = patterns.GUIDE_LINES[urge.pk % len(patterns.GUIDE_LINES)]
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
            "friend_asked_at": friend.last_friend_ask(request.user),
            "form": OutcomeForm(initial={"outcome": urge.outcome or None}),
            "can_reset": urge.outcome == Urge.Outcome.CONTACTED
            and urge.reset_at is None
            and period is not None,
            "question": helped.question(urge)
            if urge.has_ended(now) and urge.asks_what_helped
            else None,
        },
    )


@login_required
@require_POST
def urge_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
        period = patterns.running_period(request.user, now)
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
def urge_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Restart the running waiting period after a `contacted` urge, at most once."""
    urge = _urge_owned(request, pk)
    now = timezone.now()
    period = patterns.running_period(request.user, now)
    if urge.outcome != Urge.Outcome.CONTACTED or urge.reset_at is not None or period is None:
        messages.info(request, _("There is no waiting period to restart for this moment."))
        return redirect(urge)
    with transaction.atomic():  # the urge is marked only if the clock restarts
        urge.reset_at = now
        urge.save(update_fields=["reset_at"])
        return restart_clock(request, period, patterns.reset_note(urge), now, urge.triggers)


@login_required
@require_POST
def urge_helped(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "What helped?": one tap adds (or takes back) an answer. With script the form is
    sent by fetch and this answers with the form again, updated; without, it redirects
    back to the pause or the home, where the form was."""
    urge = _urge_owned(request, pk)
    place = "home" if request.POST.get("place") == "home" else "pause"
    form = HelpedForm(request.POST, helped.question(urge, place))
    said = problem = ""
    if not form.is_valid():
        problem = form.problem()
    else:
        try:
            said = helped.record(urge, form.cleaned_data, timezone.now())
        except helped.NotNow as why:
            problem = str(why)
    if request.headers.get("X-Requested-With") == "fetch":
        asked = helped.question(urge, place, problem)
        asked.said = said
        asked.skipped = bool(form.is_valid() and form.cleaned_data["skip"] and not problem)
        return render(
            request,
            "journal/urges/_what_helped.html",
            {"question": asked, "fragment": True},
            status=400 if problem else 200,
        )
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, said)
    return redirect("dashboard") if place == "home" else redirect(urge)


@login_required
def help_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's list of what helps: the built-in choices (hide or show each), their
    own items (add, rename, remove)."""
    rows = list(HelpChoice.objects.filter(user=request.user).annotate(noted=Count("answers")))
    own = [row for row in rows if not row.hidden]
    form = HelpChoiceForm(
        request.POST if request.method == "POST" else None, taken=[row.label for row in own]
    )
    if request.method == "POST":
        if len(own) >= limits.HELPS_OWN_MAX:
            messages.error(
                request,
                _("Your list holds up to %(limit)d items of your own. Remove one to add another.")
                % {"limit": limits.HELPS_OWN_MAX},
            )
            return redirect("urges:helps")
        if form.is_valid():
            form.instance.user = request.user
            form.save()
            messages.success(request, _("Added to your list."))
            return redirect("urges:helps")
    hidden = {row.hidden for row in rows if row.hidden}
    return render(
        request,
        "journal/urges/helps.html",
        {
            "form": form,
            "built_in": [(key, label, key in hidden) for key, label in Help.choices],
            "own": own,
        },
    )


def _own_help(request: AuthenticatedHttpRequest, pk: int) -> HelpChoice:
    """One of the person's own items (a hidden built-in's row is no item)."""
    return get_owned(request, HelpChoice.objects.filter(hidden=""), pk)


@login_required
def help_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    choice = _own_help(request, pk)
    others = HelpChoice.objects.filter(user=request.user, hidden="").exclude(pk=pk)
    form = HelpChoiceForm(
        request.POST if request.method == "POST" else None,
        instance=choice,
        taken=[other.label for other in others],
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("urges:helps")
    return render(request, "journal/urges/help_form.html", {"form": form, "choice": choice})


@login_required
@require_POST
def help_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove an item of one's own, and with it the times it was noted (its words)."""
    choice = _own_help(request, pk)
    choice.delete()
    messages.success(request, _("Removed from your list."))
    return redirect("urges:helps")


@login_required
@require_POST
def help_built_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Hide a built-in choice from the buttons (`key`), or show it again (`show`)."""
    key = request.POST.get("key", "")
    if key not in Help.values:
        messages.error(request, _("That is not one of the choices; nothing was changed."))
        return redirect("urges:helps")
    if request.POST.get("show"):
        HelpChoice.objects.filter(user=request.user, hidden=key).delete()
    else:
        HelpChoice.objects.get_or_create(user=request.user, hidden=key)
    return redirect("urges:helps")


@login_required
@require_POST
def urge_ask_friend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    urge = _urge_owned(request, pk)
    user = request.user
    if not (user.friend_name and user.friend_email):
        messages.info(request, _("Add a friend in Settings first; then this button asks them."))
        return redirect(urge)
    if friend.ask_friend(urge, timezone.now()):
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
def urge_drafts(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Joined to the user when it was loaded (reconnect.accounts.backends), so no query of its own.
    situation = getattr(request.user, "situation", None)
    hard_stop = bool(situation and (situation.asked_no_contact or situation.safety_concern))
    return render(
        request,
        "journal/urges/drafts.html",
        {
            "drafts": Urge.objects.filter(user=request.user, draft=Urge.Draft.KEPT),
            "let_go": Urge.objects.filter(user=request.user, draft=Urge.Draft.LET_GO).only(
                "pk", "created"
            ),
            "now": timezone.now(),
            "hard_stop": hard_stop,
            "safety": bool(situation and situation.safety_concern),
        },
    )


@login_required
@require_POST
def urge_draft_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """After the 72 hours: keep the draft, or let it go (its words deleted unless kept)."""
    urge = get_object_or_404(Urge.objects.filter(user=request.user, draft=Urge.Draft.KEPT), pk=pk)
    form = DraftDecisionForm(request.POST)
    let_go = LetGoForm(request.POST)
    if not form.is_valid() or not let_go.is_valid() or urge.is_cooling(timezone.now()):
        messages.error(request, _("Nothing was changed."))
        return redirect("urges:drafts")
    if form.cleaned_data["decision"] == "keep":
        urge.draft_kept_at = timezone.now()
        urge.save(update_fields=["draft_kept_at"])
        messages.success(request, _("Kept. It stays here, unsent, for as long as you like."))
    elif let_go.cleaned_data["keep_words"]:
        urge.draft = Urge.Draft.LET_GO
        urge.save(update_fields=["draft"])
        messages.success(request, _("You let it go. The words stay in your records, out of sight."))
    else:
        urge.forget_draft()
        messages.success(request, _("You let it go. The words are deleted, here and in exports."))
    return redirect("urges:drafts")


@login_required
@require_POST
def urge_draft_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a draft's words at any time, resting or not, kept or let go."""
    urge = get_object_or_404(
        Urge.objects.filter(user=request.user).exclude(draft=Urge.Draft.NONE), pk=pk
    )
    urge.forget_draft()
    messages.success(request, _("The draft is deleted: its words are gone, from exports too."))
    return redirect("urges:drafts")


@login_required
def reason_list(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def reason_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reason = get_owned(request, ReasonToWait.objects.all(), pk)
    form = ReasonForm(request.POST if request.method == "POST" else None, instance=reason)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reason is saved."))
        return redirect("urges:reasons")
    return render(request, "journal/urges/reason_form.html", {"form": form, "reason": reason})


@login_required
@require_POST
def reason_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reason = get_owned(request, ReasonToWait.objects.all(), pk)
    reason.delete()
    messages.success(request, _("The reason is removed."))
    return redirect("urges:reasons")


@login_required
@require_POST
def reason_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Swap a reason with its neighbour above (`direction=up`) or below (`down`)."""
    reason = get_owned(request, ReasonToWait.objects.all(), pk)
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
