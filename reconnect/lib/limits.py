"""Every limit a person can meet, defined once.

Models, forms, importers and the words on the page read these names, so a limit changes
in one place and every message that states it says the new number. The accepted range
of dates is the one exception: it depends on today, so it lives in `reconnect.lib.dates`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.utils.formats import get_format, number_format
from django.utils.functional import lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

MB = 1024 * 1024

# An entry
TITLE_MAX = 120
BODY_MAX = 20_000
TAG_MAX = 64
TAGS_PER_ENTRY = 30
TAGS_FIELD_MAX = 1_000
PHOTOS_PER_ENTRY = 10
PHOTO_MAX_BYTES = 10 * MB

# A change being worked on, a waiting period, the situation
CHANGE_NAME_MAX = 100
NOTES_MAX = 5_000
PERIOD_LABEL_MAX = 100
PERIOD_PURPOSE_MAX = 2_000
PERIOD_DAYS_MAX = 365
RESET_NOTE_MAX = 2_000
SLOW_PLAN_MAX = 5_000

# A draft kept as the page is left: what a browser's sendBeacon carries at most
DRAFT_MAX_BYTES = 64 * 1024

# The hard moment
URGE_MESSAGE_MAX = 5_000
TRIGGER_NOTE_MAX = 200
REASON_MAX = 300
CONTACT_NOTE_MAX = 500
HELP_LABEL_MAX = 60  # an item of one's own on the list of what helps
HELPS_OWN_MAX = 30  # items of one's own on that list
HELPED_NOTE_MAX = 200  # "something else" helped, in a few words

# A mood in one tap: the person's quick tags under the faces
QUICK_TAG_MAX = 40
QUICK_TAGS_MAX = 20

# Data in and out. An upload may be this large (an archive carries every photo); the text
# inside it (JSON, CSV, Markdown) is held to IMPORT_TEXT_MAX_BYTES, which bounds a parse.
IMPORT_MAX_BYTES = 100 * MB
IMPORT_TEXT_MAX_BYTES = 20 * MB
IMPORT_MAX_ENTRIES = 10_000
PRINT_MAX = 1_000


def _filled(message: str | _StrPromise, numbers: dict[str, int]) -> str:
    grouped = {name: number_format(n, force_grouping=True) for name, n in numbers.items()}
    return str(message) % grouped


_lazy_filled = lazy(_filled, str)


def words(message: str | _StrPromise, /, **numbers: int) -> _StrPromise:
    """`message` with its `%(name)s` numbers filled in when it is shown: translated then,
    and each number written the way the page's language writes it (20,000 or 20.000)."""
    return cast("_StrPromise", _lazy_filled(message, numbers))


def megabytes(size: int) -> int:
    return size // MB


def _thousands() -> str:
    return str(get_format("THOUSAND_SEPARATOR"))


# The page language's thousands separator, for a script that counts toward a limit and
# must write "20 000" as the limit's own words do ("Up to 20 000 characters").
thousands = lazy(_thousands, str)
