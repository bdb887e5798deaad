"""Keys for caching HTML by what it shows.

Some parts of a page cost milliseconds to render through templates (a form's widgets, a
checklist of conditions) but depend only on a few values. A digest of those values and
the language is a key that changes exactly when the HTML would: nothing to invalidate.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils.translation import get_language


def digest(*shown: object) -> str:
    """A key for HTML made from `shown` alone; each value must have a faithful repr."""
    return hashlib.sha256(repr((get_language(), shown)).encode()).hexdigest()


def form_digest(form_class: type[forms.ModelForm], instance: Model | None) -> str:
    """A key for the HTML of `form_class`, unbound, showing `instance` (or a blank form).

    Made from the model's values, as the form's initial values are, so the form itself
    need only be built when its HTML is not cached.
    """
    shown = None if instance is None else model_to_dict(instance, form_class._meta.fields)
    return digest(form_class.__qualname__, shown)
