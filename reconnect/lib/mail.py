"""Mail: it leaves from a task, is written when it leaves, and a server without mail set
up sends nothing.

A request never waits on a mail server: it queues a letter and answers, so a password
reset takes the same time whether or not the address has an account. What is queued is
the name of the function that writes the letter and the ids it reads (a user, a
reminder), never the letter: the queue's table keeps a task's arguments and result after
it has run, and goes into backups, so a reset link, a friend's address or a waiting
period's name must never be there. The worker calls the function when it sends; a record
deleted in between means no letter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# What a letter's writer may be given: ids, and words of the server's own (its address).
Arguments = int | str | list[int]


@dataclass
class Letter:
    """One message, written when it is sent."""

    subject: str
    text: str
    to: list[str]
    html: str = ""
    reply_to: list[str] = field(default_factory=list)
    discreet: bool = False  # sent from DISCREET_FROM_EMAIL, which does not name the app


@task()
def send_letter(writer: str, arguments: dict[str, Arguments]) -> int:
    """Write the letter `writer` (a dotted path) makes of `arguments`, and send it."""
    letter = import_string(writer)(**arguments)
    if letter is None:  # its record was deleted since it was queued
        return 0
    message = EmailMultiAlternatives(
        letter.subject,
        letter.text,
        settings.DISCREET_FROM_EMAIL if letter.discreet else settings.DEFAULT_FROM_EMAIL,
        letter.to,
        reply_to=letter.reply_to or None,
    )
    if letter.html:
        message.attach_alternative(letter.html, "text/html")
    return message.send()


def queue_letter(
    writer: Callable[..., Letter | None], *, send_now: bool = False, **arguments: Arguments
) -> None:
    """Queue a letter for the worker: `writer(**arguments)` writes it when it is sent.

    `send_now`: write and send it in this request instead, for a letter whose words only
    this request can open (a journal locked with its owner's password). A mail server that
    fails then costs the letter, never the page.
    """
    path = f"{writer.__module__}.{writer.__qualname__}"
    if not send_now:
        send_letter.enqueue(path, arguments)
        return
    try:
        send_letter.call(path, arguments)
    except Exception:
        logger.warning("A letter written in a request could not be sent.")


class NotSetUpBackend(BaseEmailBackend):
    """Sends nothing and logs one line per mail, without its address or contents.

    Production without EMAIL_HOST uses this instead of the console: a reset link or a
    reminder printed into the server log would be readable by whoever reads the log.
    """

    sends_mail = False

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for _ in email_messages:
            logger.warning("A mail could not be sent: email is not set up on this server.")
        return 0


def mail_is_set_up() -> bool:
    """Whether mail sent by the app can reach anyone: asked of the configured backend, so
    the password-reset page and the reminders command give the same answer."""
    return getattr(get_connection(), "sends_mail", True) is not False
