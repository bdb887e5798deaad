"""Mail: it leaves from a task, and a server without mail set up sends nothing.

Mail leaves from a task: a request only queues the message it has built.

Whoever builds a message (the password reset, the reminders, the friend's mail) passes
its finished parts; the worker sends it. So a request never waits on a mail server, and
a password reset takes the same time whether or not the address has an account.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_message(
    subject: str, text: str, html: str, to: list[str], reply_to: list[str] | None = None
) -> int:
    """Send one message built elsewhere: subject, plain text, HTML (or "") and recipients."""
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_message(
    subject: str, text: str, to: list[str], html: str = "", reply_to: str = ""
) -> None:
    """Queue `send_message` for the worker."""
    send_message.enqueue(
        subject=subject, text=text, html=html, to=list(to), reply_to=[reply_to] if reply_to else []
    )


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
