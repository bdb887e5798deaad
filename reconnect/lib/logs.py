"""Keep secrets out of log lines: some addresses are passwords in a URL.

The calendar feed's address holds its token, and an emailed password-reset link holds a
reset token (/accounts/reset/<uid>/<token>/). Either may reach a log in any spelling a
client sends and Django or gunicorn still logs: another case (/JOURNAL/...), doubled
slashes (/journal//calendar/...), backslashes, percent-encoding (once or more). So each
word of a log line that looks like a path is decoded and folded before it is matched,
and a match hides everything after the secret-bearing part.

`HideSecrets` filters Django's log records (e.g. "Not Found: /journal/calendar/….ics");
`GunicornLogger` does the same for gunicorn's access log (`--logger-class`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from gunicorn.glogging import Logger

if TYPE_CHECKING:
    import datetime as dt

    from gunicorn.config import Config
    from gunicorn.glogging import _AtomsDict
    from gunicorn.http import Request
    from gunicorn.http.wsgi import Response

# A word of a log line: anything up to a space or a quote.
WORD = re.compile(r"[^\s\"']+")
# In the folded form of a word: what comes before a secret, which is kept and shown. Any
# /calendar/ or /reset/ counts, wherever it is: a near miss of the real path too.
SECRET_AFTER = re.compile(r"/calendar/|/reset/")


def _folded(word: str) -> str:
    """A path as the app would route it: decoded until it stops changing, lower case,
    backslashes as slashes, runs of slashes as one."""
    for _ in range(5):
        decoded = unquote(word)
        if decoded == word:
            break
        word = decoded
    return re.sub(r"/+", "/", word.replace("\\", "/").lower())


def _hide(match: re.Match[str]) -> str:
    word = match.group(0)
    if "/" not in word and "%" not in word and "\\" not in word:
        return word
    folded = _folded(word)
    secret = SECRET_AFTER.search(folded)
    if secret is None:
        return word
    return folded[: secret.end()] + "[hidden]"


def hide_secrets(text: str) -> str:
    """`text` with any calendar feed token or password-reset link replaced by "[hidden]"."""
    return WORD.sub(_hide, text)


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
