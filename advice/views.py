from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypedDict

from django.contrib.messages import get_messages
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition
from django_stubs_ext import StrOrPromise

from .models import SupportLine, Tip, support_lines

SAFETY_SLUG = "safety"

# What the pages need of every tip; bodies are fetched only for the page shown.
OUTLINE_FIELDS = ("slug", "language", "kind", "order", "title", "summary", "updated")
ORIGINAL = "en"


def _outline() -> list[Tip]:
    """Every page of the guide in the active language, in English where it has none.

    One query for both languages, whatever the number of pages.
    """
    language = get_language() or ORIGINAL
    chosen: dict[str, Tip] = {}
    for tip in Tip.objects.only(*OUTLINE_FIELDS).filter(language__in={language, ORIGINAL}):
        if tip.slug not in chosen or tip.language == language:
            chosen[tip.slug] = tip
    return sorted(chosen.values(), key=lambda tip: (tip.order, tip.slug))


def _answers_conditionally(request: HttpRequest) -> bool:
    """Visitors' pages are the same for everyone, so a browser may revalidate them.

    Not a signed-in page (it shows that person's menu and is never stored), and not a
    page carrying a one-time message (a 304 would hide it).
    """
    return not request.user.is_authenticated and len(get_messages(request)) == 0


class GuideRequest(HttpRequest):
    """A request to a guide page, which remembers the guide's stamp once it is read."""

    guide_stamp: tuple[dt.datetime, int] | None  # set by _guide_stamp(), the first time


def _guide_stamp(request: GuideRequest) -> tuple[dt.datetime, int] | None:
    """When the guide last changed and how many pages it has, read once per request."""
    if not _answers_conditionally(request):
        return None
    if not hasattr(request, "guide_stamp"):
        latest = Tip.objects.aggregate(updated=Max("updated"), count=Count("pk"))
        request.guide_stamp = (latest["updated"], latest["count"]) if latest["updated"] else None
    return request.guide_stamp


def _etag(request: GuideRequest, **kwargs: str) -> str | None:
    """One validator for the whole guide: every page shows the titles of others.

    The safety note also shows the support lines, so their last change counts there.
    """
    stamp = _guide_stamp(request)
    if stamp is None:
        return None
    # The same address answers in each language, so each has its own validator.
    seed = f"{get_language()}|{stamp[0].isoformat()}|{stamp[1]}"
    if kwargs.get("slug") == SAFETY_SLUG:
        lines = SupportLine.objects.aggregate(updated=Max("updated"), count=Count("pk"))
        seed += f"|{lines['updated']}|{lines['count']}"
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def _last_modified(request: GuideRequest, **kwargs: str) -> dt.datetime | None:
    if kwargs.get("slug") == SAFETY_SLUG:
        return None  # support lines change apart from the guide: the ETag alone decides
    stamp = _guide_stamp(request)
    return stamp[0] if stamp else None


def guide_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a visitor's conditional GET with 304 when the guide is unchanged.

    The page itself is rendered afresh every time it is sent: nothing is stored.
    """
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, **kwargs: str) -> HttpResponse:
        response = conditional(request, **kwargs)
        if "ETag" in response:
            response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


@guide_page
def index(request: HttpRequest) -> HttpResponse:
    outline = _outline()
    intro = next((t for t in outline if t.kind == Tip.Kind.INTRO), None)
    body = (
        Tip.objects.filter(pk=intro.pk).values_list("body_html", flat=True).first() if intro else ""
    )
    return render(
        request,
        "advice/index.html",
        {
            "intro": intro,
            "intro_html": body,
            "tips": [t for t in outline if t.kind == Tip.Kind.TIP],
            "notes": [t for t in outline if t.kind == Tip.Kind.NOTE],
        },
    )


@guide_page
def tip(request: HttpRequest, slug: str) -> HttpResponse:
    outline = _outline()
    current = next((t for t in outline if t.slug == slug and t.kind != Tip.Kind.INTRO), None)
    if current is None:
        raise Http404("No such page in the guide.")
    tips = [t for t in outline if t.kind == Tip.Kind.TIP]
    previous = following = number = None
    if current in tips:
        position = tips.index(current)
        number = position + 1
        previous = tips[position - 1] if position > 0 else None
        following = tips[position + 1] if position + 1 < len(tips) else None
    return render(
        request,
        "advice/tip.html",
        {
            "tip": Tip.objects.get(pk=current.pk),
            "number": number,
            "count": len(tips),
            "previous": previous,
            "next": following,
            "last_tip": number is not None and following is None,
            "support": _support_sections() if slug == SAFETY_SLUG else [],
            # The safety note always offers the quick exit, and says what it does.
            "quick_exit_here": slug == SAFETY_SLUG,
        },
    )


class SupportSection(TypedDict):
    kind: str
    label: StrOrPromise
    lines: list[SupportLine]


def _support_sections() -> list[SupportSection]:
    """Every kind of support, with the lines listed for it (one query)."""
    lines = support_lines([kind for kind, _label in SupportLine.Kind.choices])
    return [
        {"kind": kind, "label": label, "lines": lines[kind]}
        for kind, label in SupportLine.Kind.choices
    ]
