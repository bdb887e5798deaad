from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .models import Tip

# What the pages need of every tip; bodies are fetched only for the page shown.
OUTLINE_FIELDS = ("slug", "kind", "order", "title", "summary", "updated")
# A visitor's page is kept this long; an edit to the guide shows within this time.
PAGE_CACHE_SECONDS = 60


def _outline() -> list[Tip]:
    return list(Tip.objects.only(*OUTLINE_FIELDS).order_by("order"))


def _etag(outline: list[Tip]) -> str:
    """One validator for the whole guide: every page shows the titles of others."""
    digest = hashlib.sha256(
        "|".join(f"{t.slug}:{t.updated.isoformat()}" for t in outline).encode()
    ).hexdigest()[:20]
    return f'"{digest}"'


def _guide_page(request: HttpRequest, build: Callable[[list[Tip]], HttpResponse]) -> HttpResponse:
    """Render a page of the guide; for visitors, from a short-lived cache with ETags.

    Signed-in users see their own navigation on every page, so their pages are rendered
    each time and never cached (the privacy middleware marks them no-store).
    """
    if request.user.is_authenticated:
        response = build(_outline())
        patch_vary_headers(response, ["Cookie"])
        return response
    key = f"advice-page:{request.path}"
    page = cache.get(key)
    if page is None:
        outline = _outline()
        rendered = build(outline)  # raises Http404 for an unknown page
        modified = max((t.updated for t in outline), default=None)
        page = (_etag(outline), modified.timestamp() if modified else None, rendered.content)
        cache.set(key, page, PAGE_CACHE_SECONDS)
    etag, modified, content = page
    response = get_conditional_response(
        request, etag=etag, last_modified=int(modified) if modified else None
    )
    if response is None:
        response = HttpResponse(content)
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


def index(request: HttpRequest) -> HttpResponse:
    def build(outline: list[Tip]) -> HttpResponse:
        intro = next((t for t in outline if t.kind == Tip.Kind.INTRO), None)
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

    return _guide_page(request, build)


def tip(request: HttpRequest, slug: str) -> HttpResponse:
    def build(outline: list[Tip]) -> HttpResponse:
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
            },
        )

    return _guide_page(request, build)
