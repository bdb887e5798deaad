"""Keep secrets out of log lines: the calendar feed's address is a password in a URL.

`HideSecrets` filters Django's log records (e.g. "Not Found: /journal/calendar/….ics");
`GunicornLogger` does the same for gunicorn's access log (`--logger-class`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from gunicorn.glogging import Logger

if TYPE_CHECKING:
    import datetime as dt

    from gunicorn.config import Config
    from gunicorn.glogging import _AtomsDict
    from gunicorn.http import Request
    from gunicorn.http.wsgi import Response

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

    def __init__(self, cfg: Config) -> None:
        super().__init__(cfg)
        self.error_log.addFilter(HideSecrets())

    def atoms(
        self,
        resp: Response,
        req: Request,
        environ: MutableMapping[str, Any],
        request_time: dt.timedelta,
    ) -> _AtomsDict:
        atoms = super().atoms(resp, req, environ, request_time)
        # The stubs' _AtomsDict lists only the fixed atoms, but gunicorn adds one key per
        # request header ("{referer}i"), response header and environ variable, so the keys
        # are any strings: the stubs are narrower than gunicorn here.
        return {  # type: ignore[return-value]
            key: hide_secrets(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
