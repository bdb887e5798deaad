"""The friend's email: one short note asking for a call, at most every 30 minutes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reconnect.lib import throttle
from reconnect.lib.language import in_language_of
from reconnect.lib.mail import Letter, queue_letter

from ..models import Urge

if TYPE_CHECKING:
    from ..auth import User

FRIEND_EMAIL_EVERY = dt.timedelta(minutes=30)


def last_friend_ask(user: User) -> dt.datetime | None:
    return (
        Urge.objects.filter(user=user, friend_asked_at__isnull=False)
        .order_by("-friend_asked_at")
        .values_list("friend_asked_at", flat=True)
        .first()
    )


def name_for_friend(user: User) -> str:
    """What the friend knows the person as: their own choice, never the login name."""
    return user.display_name.strip() or user.get_full_name().strip()


def friend_email(user: User) -> tuple[str, str, str]:
    """The subject, plain text and HTML of the note to the person's friend.

    It says who is asking, what would help and how to reach them; nothing from the
    journal, the urge or the ex. In discreet mode it does not name the app.
    """
    context = {
        "friend": user.friend_name,
        "name": name_for_friend(user),
        "phone": user.callback_phone,
        "email": user.email,
        "discreet": user.discreet,
    }
    if context["name"]:
        subject = _("Could you call %(name)s?") % {"name": context["name"]}
    else:
        subject = _("Could you call your friend?")
    text = render_to_string("journal/urges/friend_email.txt", context)
    html = render_to_string("journal/urges/friend_email.html", {**context, "subject": subject})
    return subject, text, html


def friend_letter(user_id: int, language: str) -> Letter | None:
    """The note, written when it is sent: the queue keeps ids, not the friend's address."""
    user = get_user_model().objects.filter(pk=user_id).exclude(friend_email="").first()
    if user is None:
        return None
    # The friend reads it in the language of the person asking: it is their note.
    with in_language_of(user, fallback=language):
        subject, text, html = friend_email(user)
    return Letter(
        subject,
        text,
        [user.friend_email],
        html,
        reply_to=[user.email] if user.email else [],
        discreet=user.discreet,
    )


def ask_friend(urge: Urge, now: dt.datetime) -> bool:
    """Email the user's friend, asking for a call; False when asked under 30 minutes ago."""
    user = urge.user
    # One mail per 30 minutes, decided on one row that concurrent asks queue on.
    if not throttle.allow("friend", str(user.pk), 1, FRIEND_EMAIL_EVERY):
        return False
    queue_letter(
        friend_letter,
        send_now=user.journal_locked,  # its words open only here
        user_id=user.pk,
        language=get_language() or "",
    )
    urge.friend_asked_at = now
    urge.save(update_fields=["friend_asked_at"])
    return True
