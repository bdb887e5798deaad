"""The look's small pieces, drawn in Python: line icons, mood faces and the current page.

Each icon is inline SVG in one stroke weight, coloured by `currentColor`, so it follows
the text beside it in both colour schemes. Icons beside a word are hidden from screen
readers (the word says it); a mood face carries its meaning in words.
"""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

# 24 × 24 line drawings, as the shapes each is made of: a path's "d", or a circle's
# (cx, cy, r). Every one is ours and fixed, never built from input.
ICONS: dict[str, tuple[str | tuple[str, str, str], ...]] = {
    "home": ("M4 11.5 12 5l8 6.5", "M6.5 10v9h11v-9", "M10 19v-5h4v5"),
    "journal": (
        "M6 4h11a1 1 0 0 1 1 1v15H7a2 2 0 0 1-2-2V5a1 1 0 0 1 1-1Z",
        "M5 18a2 2 0 0 1 2-2h11",
        "M9 8h5",
    ),
    "pen": ("M5 19l1-4L16 5l3 3L9 18l-4 1Z", "M14 7l3 3"),
    "hourglass": ("M7 4h10M7 20h10", "M8 4c0 4 8 5 8 8s-8 4-8 8", "M16 4c0 4-8 5-8 8s8 4 8 8"),
    "more": (("6", "12", "1.2"), ("12", "12", "1.2"), ("18", "12", "1.2")),
    "guide": (
        "M12 6c-2-1.5-5-2-8-1.5V18c3-.5 6 0 8 1.5 2-1.5 5-2 8-1.5V4.5C17 4 14 4.5 12 6Z",
        "M12 6v13.5",
    ),
    "check": ("M5 12.5 10 17l9-10",),
    "leaf": ("M5 19c0-8 5-13 14-14-1 9-6 14-14 14Z", "M5 19l8-8"),
    "heart": ("M12 19s-7-4.3-7-9.5A3.5 3.5 0 0 1 12 7a3.5 3.5 0 0 1 7 2.5C19 14.7 12 19 12 19Z",),
    "sun": (
        ("12", "12", "3.5"),
        "M12 3v2M12 19v2M3 12h2M19 12h2M5.6 5.6 7 7M17 17l1.4 1.4M5.6 18.4 7 17M17 7l1.4-1.4",
    ),
    "note": (("12", "12", "8"), "M12 11v5", "M12 8v.01"),
    "exit": ("M14 5h4a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1h-4", "M10 8l-4 4 4 4", "M6 12h9"),
}


def _shape(shape: str | tuple[str, str, str]) -> SafeString:
    if isinstance(shape, str):
        return format_html('<path d="{}"/>', shape)
    return format_html('<circle cx="{}" cy="{}" r="{}"/>', *shape)


# Each icon's shapes drawn once, at import: fixed drawings, the same for every page. Drawn
# again on every use, a page's five icons cost a few percent of the page.
_DRAWN = {
    name: format_html_join("", "{}", ((_shape(shape),) for shape in shapes))
    for name, shapes in ICONS.items()
}


@register.simple_tag
def icon(name: str, css: str = "") -> SafeString:
    """A line icon beside a word; hidden from screen readers, who read the word."""
    classes = f"glyph {css}".strip()
    return format_html(
        '<svg class="{}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
        'focusable="false"><g class="mark-line">{}</g></svg>',
        classes,
        _DRAWN[name],
    )


# A face per mood, 1 (low) to 5 (high): the mouth bends from down to up.
MOUTHS = {
    1: "M8.5 16.5q3.5-3 7 0",
    2: "M8.5 16q3.5-1.5 7 0",
    3: "M8.5 15.5h7",
    4: "M8.5 15q3.5 2 7 0",
    5: "M8 14.5q4 4 8 0",
}


# A big face for the faces on the home, drawn once for each mood: the button it sits in
# carries the words.
_BIG_FACES = {
    mood: format_html(
        '<svg class="mood-face mood-face-big" viewBox="0 0 24 24" width="36" height="36" '
        'aria-hidden="true" focusable="false"><circle class="face-bg" cx="12" cy="12" r="10">'
        '</circle><g class="face"><circle cx="12" cy="12" r="9.25"></circle>'
        '<path d="M9 10v.5M15 10v.5"></path><path d="{}"></path></g></svg>',
        mouth,
    )
    for mood, mouth in MOUTHS.items()
}


@register.simple_tag
def mood_icon(mood: int) -> SafeString:
    """A mood's face alone, large, for a button that says its words."""
    return _BIG_FACES.get(mood, SafeString(""))


@register.simple_tag
def mood_face(mood: int | None) -> SafeString:
    """A mood as a face in its colour beside "mood 3 of 5"; nothing for no mood."""
    if not mood or mood not in MOUTHS:
        return SafeString("")
    words = _("mood %(mood)d of 5") % {"mood": mood}
    return format_html(
        '<span class="mood mood-{}" data-mood="{}">'
        '<svg class="mood-face" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" '
        'focusable="false"><circle class="face-bg" cx="12" cy="12" r="10"></circle>'
        '<g class="face"><circle cx="12" cy="12" r="9.25"></circle>'
        '<path d="M9 10v.5M15 10v.5"></path><path d="{}"></path></g></svg>'
        "<span>{}</span></span>",
        mood,
        mood,
        MOUTHS[mood],
        words,
    )


@register.simple_tag(takes_context=True)
def current(context: template.Context, *names: str) -> SafeString:
    """` aria-current="page"` when the page is one of the named views, for the menus."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in names:
        return SafeString(' aria-current="page"')
    return SafeString("")


@register.filter
def autofocus(form: forms.BaseForm) -> forms.BaseForm:
    """Focus on the form's first field with a mistake, or else its first empty field to
    type in, or else its first field.

    On a page that is mainly one form, the cursor starts where the person types, instead
    of a dozen tabs away behind the menu: not in a day already filled in (a phone opens
    its date picker), and on the password after a wrong one, not on the username kept.
    """
    visible = [bound for bound in form if not bound.is_hidden]
    if not visible:
        return form
    first = next(
        (bound for bound in visible if bound.errors),
        next((bound for bound in visible if _typed(bound) and _empty(bound)), visible[0]),
    )
    for bound in visible:  # Django's own forms put it on the username, whatever happened
        bound.field.widget.attrs.pop("autofocus", None)
    first.field.widget.attrs["autofocus"] = True
    return form


# Widgets a person types into; dates, times, lists and ticks open pickers or need none.
TYPED_INPUTS = {"text", "email", "password", "search", "url", "tel", "number"}


def _typed(bound: forms.BoundField) -> bool:
    widget = bound.field.widget
    return isinstance(widget, forms.Textarea) or (
        isinstance(widget, forms.widgets.Input) and widget.input_type in TYPED_INPUTS
    )


def _empty(bound: forms.BoundField) -> bool:
    """Empty as the page shows it: a password is never sent back, so it shows empty."""
    widget = bound.field.widget
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        return True
    return bound.value() in (None, "", [], ())
