"""Keys for caching HTML by what it shows.

Some parts of a page cost milliseconds to render through templates (a form's widgets, a
checklist of conditions) but depend only on a few values. A digest of those values and
the language is a key that changes exactly when the HTML would: nothing to invalidate.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.utils.translation import get_language


def digest(*shown: object) -> str:
    """A key for HTML made from `shown` alone; each value must have a faithful repr."""
    return hashlib.sha256(repr((get_language(), shown)).encode()).hexdigest()


def form_digest(form: forms.BaseForm) -> str:
    """A key for an unbound form's HTML: its class and initial values decide it."""
    return digest(
        type(form).__qualname__,
        [(name, form.get_initial_for_field(field, name)) for name, field in form.fields.items()],
    )
