"""What happens to mail on a server where nobody has set email up."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

NOT_SET_UP = "reconnect.mail.NotSetUpBackend"


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
    """Whether mail sent by the app can reach anyone."""
    return settings.EMAIL_BACKEND != NOT_SET_UP
