"""Keep secrets out of log lines: the calendar feed's address is a password in a URL.

`HideSecrets` filters Django's log records (e.g. "Not Found: /journal/calendar/….ics");
`GunicornLogger` does the same for gunicorn's access log (`--logger-class`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# Everything after /journal/calendar/ up to a space, quote or query string: the token, in
# any spelling (percent-encoded too), never reaches a log.
FEED_PATH = re.compile(r"(/journal/calendar/)[^\s\"'?]*")


def hide_secrets(text: str) -> str:
    """`text` with any calendar feed token replaced by "[hidden]"."""
    return FEED_PATH.sub(r"\1[hidden]", text)


class HideSecrets(logging.Filter):
    """A logging filter that rewrites a record's message without any calendar token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with the feed token hidden from every access-log field.

    Its error log gets the filter too: a worker that fails a request logs the request's
    path ("Error handling request /journal/calendar/….ics").
    """

    def __init__(self, cfg: Any) -> None:
        super().__init__(cfg)
        self.error_log.addFilter(HideSecrets())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: hide_secrets(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
