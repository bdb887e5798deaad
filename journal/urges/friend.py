"""The friend's email: one short note asking for a call, at most every 30 minutes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..language import in_language_of
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


def ask_friend(urge: Urge, now: dt.datetime) -> bool:
    """Email the user's friend, asking for a call; False when asked under 30 minutes ago.

    The email says who is asking and that they could use a call now. Nothing from the
    journal, the urge or the ex is in it.
    """
    user = urge.user
    last = last_friend_ask(user)
    if last is not None and now - last < FRIEND_EMAIL_EVERY:
        return False
    name = user.get_full_name() or user.get_username()
    # The friend reads it in the language of the person asking: it is their note.
    with in_language_of(user, fallback=get_language()):
        subject, body = _friend_mail(user, name)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.friend_email])
    urge.friend_asked_at = now
    urge.save(update_fields=["friend_asked_at"])
    return True


def _friend_mail(user: User, name: str) -> tuple[str, str]:
    """The friend's mail, subject and body, in the active language."""
    body = _(
        "Hi %(friend)s,\n\n"
        "%(name)s is having a hard moment and could use a call or a message from you now.\n\n"
        "They asked Reconnect, an app they use, to send you this note. Nothing else about "
        "them is shared.\n"
    ) % {"friend": user.friend_name, "name": name}
    if user.email:
        body += "\n" + _("Their email address: %(email)s") % {"email": user.email} + "\n"
    return _("%(name)s asks if you could call") % {"name": name}, body
