from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .models import Tip

# What the pages need of every tip; bodies are fetched only for the page shown.
OUTLINE_FIELDS = ("slug", "kind", "order", "title", "summary", "updated")


def _outline() -> list[Tip]:
    return list(Tip.objects.only(*OUTLINE_FIELDS).order_by("order"))


def _cacheable(request: HttpRequest, outline: list[Tip]) -> tuple[str, float] | None:
    """The guide's ETag and Last-Modified for a visitor; None for signed-in users.

    Every page shows the titles of others (the list, previous and next), so any change
    to any page changes them all: one validator for the whole guide.
    """
    if request.user.is_authenticated or not outline:
        return None
    last = max(tip.updated for tip in outline)
    digest = hashlib.sha256(
        "|".join(f"{t.slug}:{t.updated.isoformat()}" for t in outline).encode()
    ).hexdigest()[:20]
    return f'"{digest}"', last.timestamp()


def _respond(request: HttpRequest, validators, render_page) -> HttpResponse:
    if validators:
        etag, modified = validators
        not_modified = get_conditional_response(request, etag=etag, last_modified=int(modified))
        if not_modified is not None:
            patch_vary_headers(not_modified, ["Cookie"])
            return not_modified
    response = render_page()
    if validators:
        response["ETag"] = validators[0]
        response["Last-Modified"] = http_date(validators[1])
        response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


def index(request: HttpRequest) -> HttpResponse:
    outline = _outline()
    intro = next((t for t in outline if t.kind == Tip.Kind.INTRO), None)

    def page() -> HttpResponse:
        body = (
            Tip.objects.filter(pk=intro.pk).values_list("body_html", flat=True).first()
            if intro
            else ""
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

    return _respond(request, _cacheable(request, outline), page)


def tip(request: HttpRequest, slug: str) -> HttpResponse:
    outline = _outline()
    current = next((t for t in outline if t.slug == slug and t.kind != Tip.Kind.INTRO), None)
    if current is None:
        raise Http404("No such page in the guide.")
    tips = [t for t in outline if t.kind == Tip.Kind.TIP]

    def page() -> HttpResponse:
        full = Tip.objects.get(pk=current.pk)
        previous = following = None
        if current in tips:
            position = tips.index(current)
            previous = tips[position - 1] if position > 0 else None
            following = tips[position + 1] if position + 1 < len(tips) else None
        return render(
            request,
            "advice/tip.html",
            {
                "tip": full,
                "number": tips.index(current) + 1 if current in tips else None,
                "count": len(tips),
                "previous": previous,
                "next": following,
            },
        )

    return _respond(request, _cacheable(request, outline), page)
