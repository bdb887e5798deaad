"""Mail leaves from a task: a request only queues the message it has built.

Whoever builds a message (the password reset, the reminders, the friend's mail) passes
its finished parts; the worker sends it. So a request never waits on a mail server, and
a password reset takes the same time whether or not the address has an account.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


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
