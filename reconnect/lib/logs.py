"""Keep secrets out of log lines: some addresses are passwords in a URL.

The calendar feed's address holds its token, and an emailed password-reset link holds a
reset token (/accounts/reset/<uid>/<token>/). Either may reach a log in any spelling a
client sends and Django or gunicorn still logs: another case (/JOURNAL/...), doubled
slashes (/journal//calendar/...), backslashes, percent-encoding (once or more). So each
word of a log line that looks like a path is decoded and folded before it is matched,
and a match hides everything after the secret-bearing part.

A near miss need not name either: "/journal/calendarT.ics", "/journal/calendar;x/T.ics",
"/T.ics", a reset link under another path, or a request line with a space that gunicorn
reads as a bad HTTP version. So, on every path and in every word, anything that looks
like a token is hidden too: a run of 20 or more of the characters tokens are made of
(letters, digits, "_" and "-"), and a reset link's uid/token pair whole. Every secret the
app makes is longer than that; a long slug in a log line is hidden with them, which costs
a little reading and nothing else.

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
# In the decoded form of a word: a reset link's uid and token (Django's token is a base-36
# timestamp, a dash and hex), then anything that looks like a token.
RESET_PAIR = re.compile(
    r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{1,64}/[0-9a-z]{1,13}-[0-9a-f]{16,}(?![A-Za-z0-9_-])"
)
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{20,}")
HIDDEN = "[hidden]"


def _decoded(word: str) -> str:
    """`word` percent-decoded until it stops changing (at most five times)."""
    for _ in range(5):
        decoded = unquote(word)
        if decoded == word:
            break
        word = decoded
    return word


def _folded(word: str) -> str:
    """A path as the app would route it: decoded until it stops changing, lower case,
    backslashes as slashes, runs of slashes as one."""
    return re.sub(r"/+", "/", _decoded(word).replace("\\", "/").lower())


def _hide(match: re.Match[str]) -> str:
    word = match.group(0)
    folded = _folded(word)
    secret = SECRET_AFTER.search(folded)
    if secret is not None:
        return folded[: secret.end()] + HIDDEN
    decoded = _decoded(word).replace("\\", "/")
    hidden = TOKEN_LIKE.sub(HIDDEN, RESET_PAIR.sub(HIDDEN, decoded))
    return word if hidden == decoded else hidden


def hide_secrets(text: str) -> str:
    """`text` with any calendar feed token, password-reset link or other token-like word
    replaced by "[hidden]"."""
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
