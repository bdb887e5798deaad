"""The guide's visitor pages, made when the guide is written rather than on every view.

The guide is the same for every signed-out visitor in a language, so each of its pages is
rendered once, with the real templates, and stored whole (GuidePage): a visitor's request
is then one query and two string replacements, instead of a few queries and a base page
of a few hundred template nodes. The parts that differ by request are rendered as marks
and filled in as the page is sent: the language form's CSRF token and its `next` (the
page's own address, with its query string). Nothing else on a visitor's page varies: no
nonce (the content security policy allows files from /static/ only), no date, no name.
A visitor with a one-time message pending, and everyone signed in, get the page rendered
live (views.py); those pages are never stored.

Every write to the guide forgets the pages it changes inside its own transaction, so a
rollback keeps them, and makes them again once it commits (changed()); a page found
missing is rendered, stored and sent (fetch_or_make()), so the store heals itself. A row
is keyed by the release that made it (release(): the version and the mount point), and
every migrate, which every deploy runs, forgets them all (forget_every_page()).

Why a table of pages and not Django's cache framework: the pages are the guide's content,
made at write time like a tip's rendered Markdown, so they live beside it in the one
database every process shares, and change in the writer's transaction. A cache would need
a backend and its table or server set up on every path that migrates, a second read for
the validators or pickled values, and invalidation outside the transaction, where a page
made from what a write was replacing could be put back after the write forgot it. Here
that is one check inside the transaction that stores (_store()). No process keeps a page
or a row between requests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from importlib.metadata import version
from typing import Any, NamedTuple, TypedDict

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django_stubs_ext import StrOrPromise

from .models import GuidePage, Scope, SupportLine, Tip, support_lines

INDEX = ""  # the index's `page`; every other page is a tip's slug
SAFETY_SLUG = "safety"
ORIGINAL = "en"
# What the pages need of every tip; bodies are fetched only for the page shown.
OUTLINE_FIELDS = ("slug", "language", "kind", "order", "title", "summary", "updated")

# Stand-ins for the parts each request fills in. Private-use characters: no template
# escapes them into something else, and no page of the guide has a reason to hold them.
CSRF_MARK = "\ue000csrf-token\ue001"
NEXT_MARK = "\ue000next\ue001"


class Stored(NamedTuple):
    """A stored page as a request needs it: the HTML with its marks, and its validators."""

    html: str
    etag: str
    made: dt.datetime


# The release ------------------------------------------------------------------------------

# The version being served: two versions side by side during a deploy never serve each
# other's pages. Pages also change with templates, words and static files; every deploy
# migrates, and every migrate forgets the stored pages (forget_every_page()), so a deploy
# that changed them without a new version number still starts afresh.
VERSION = version("reconnect")


def release() -> str:
    """The key of the pages this process makes and serves: the version, and the address
    the app is mounted at (the URLs in a page begin with it)."""
    return hashlib.sha256(f"{VERSION}|{get_script_prefix()}".encode()).hexdigest()[:32]


def forget_every_page(*, using: str, apps: Apps = global_apps, **kwargs: object) -> None:
    """After every migrate (and flush, which sends no `apps`): forget every stored page.

    A deploy may change what pages are made of (templates, words, static files, code)
    without a new version number, and a data migration may rewrite tips past every write
    path here; either way the next request makes the page again (fetch_or_make()).
    """
    try:
        stored = apps.get_model("advice", "GuidePage")
    except LookupError:  # migrated back to before the table
        return
    stored._default_manager.using(using).all().delete()


# What each page shows --------------------------------------------------------------------


def outline(language: str) -> list[Tip]:
    """Every page of the guide in `language`, in English where it has none.

    One query for both languages, whatever the number of pages.
    """
    chosen: dict[str, Tip] = {}
    for tip in Tip.objects.only(*OUTLINE_FIELDS).filter(language__in={language, ORIGINAL}):
        if tip.slug not in chosen or tip.language == language:
            chosen[tip.slug] = tip
    return sorted(chosen.values(), key=lambda tip: (tip.order, tip.slug))


def page_names(tips: list[Tip]) -> list[str]:
    """Every page a language's guide has: the index, each tip and each note."""
    return [INDEX, *(tip.slug for tip in tips if tip.kind != Tip.Kind.INTRO)]


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


def split_lead(html: str) -> tuple[str, str]:
    """An introduction's first paragraph, and the rest (folded on the index, so the first
    tip is in a phone's first screen); all of it is the lead when it does not open with one."""
    first, end, rest = html.partition("</p>")
    if not end or not first.lstrip().startswith("<p"):
        return html, ""
    return first + end, rest.strip()


def template_and_context(page: str, tips: list[Tip]) -> tuple[str, dict[str, Any]]:
    """The template and context of one page, the same whether stored or rendered live."""
    if page == INDEX:
        intro = next((t for t in tips if t.kind == Tip.Kind.INTRO), None)
        body = (
            Tip.objects.filter(pk=intro.pk).values_list("body_html", flat=True).first()
            if intro
            else ""
        )
        lead, rest = split_lead(body or "")
        return "advice/index.html", {
            "intro": intro,
            "intro_html": lead,
            "intro_rest": rest,
            "tips": [t for t in tips if t.kind == Tip.Kind.TIP],
            "notes": [t for t in tips if t.kind == Tip.Kind.NOTE],
        }
    current = next((t for t in tips if t.slug == page and t.kind != Tip.Kind.INTRO), None)
    if current is None:
        raise Http404("No such page in the guide.")
    only_tips = [t for t in tips if t.kind == Tip.Kind.TIP]
    previous = following = number = None
    if current in only_tips:
        position = only_tips.index(current)
        number = position + 1
        previous = only_tips[position - 1] if position > 0 else None
        following = only_tips[position + 1] if position + 1 < len(only_tips) else None
    return "advice/tip.html", {
        "tip": Tip.objects.get(pk=current.pk),
        "number": number,
        "count": len(only_tips),
        "previous": previous,
        "next": following,
        "last_tip": number is not None and following is None,
        "support": _support_sections() if page == SAFETY_SLUG else [],
        # The safety note always offers the quick exit, and says what it does.
        "quick_exit_here": page == SAFETY_SLUG,
    }


def live(request: HttpRequest, page: str) -> HttpResponse:
    """The page rendered for this request alone: signed in, or with a message pending."""
    language = translation.get_language() or ORIGINAL
    return render(request, *template_and_context(page, outline(language)))


# Making and storing ----------------------------------------------------------------------


class _VisitorRequest(HttpRequest):
    """A signed-out visitor's request for a page, whose own address is a mark."""

    def get_full_path(self, force_append_slash: bool = False) -> str:
        return NEXT_MARK


def _visitor_request(page: str) -> HttpRequest:
    """What the templates read of a request: the visitor, and which page this is (the menu
    marks the current one). No session, so no message; the CSRF token is a mark too."""
    path = reverse("advice:index") if page == INDEX else reverse("advice:tip", args=[page])
    request = _VisitorRequest()
    request.method = "GET"
    request.path = path
    request.path_info = "/" + path.removeprefix(get_script_prefix())
    request.resolver_match = resolve(request.path_info)
    request.user = AnonymousUser()
    return request


def make(language: str, page: str, tips: list[Tip] | None = None) -> GuidePage:
    """One page rendered as every visitor in `language` gets it, marks in place (unsaved).

    Raises Http404 for a page the guide does not have.
    """
    with translation.override(language):
        tips = outline(language) if tips is None else tips
        template, context = template_and_context(page, tips)
        # The context outranks the context processors, whose token would be a real one.
        context["csrf_token"] = CSRF_MARK
        html = render_to_string(template, context, _visitor_request(page))
    etag = hashlib.sha256(f"{language}|{html}".encode()).hexdigest()[:20]
    return GuidePage(
        release=release(), language=language, page=page, html=html, etag=etag, made=timezone.now()
    )


def fingerprint() -> tuple[object, ...]:
    """How many tips and lines there are and when each last changed: any write moves it."""
    tips = Tip.objects.aggregate(count=Count("pk"), updated=Max("updated"))
    lines = SupportLine.objects.aggregate(count=Count("pk"), updated=Max("updated"))
    return tips["count"], tips["updated"], lines["count"], lines["updated"]


def _store(pages: list[GuidePage], before: tuple[object, ...], *, replace: bool) -> None:
    """Store pages made from what the database held at `before`, unless it changed since.

    A write that committed while they were being made has forgotten the pages already;
    storing ours after it would bring the old ones back until the next write. So the
    fingerprint is read again once the rows are written, inside their transaction. On
    SQLite that transaction holds the write lock from its BEGIN, so no write can commit
    between the check and ours. On PostgreSQL one can, in that instant; its own remaking
    starts after its commit and replaces what is stored. `replace` is for a write's own
    remaking; a visitor's request only adds a page still missing, and leaves alone one
    that another request stored first.
    """
    with transaction.atomic():
        if replace:
            GuidePage.objects.bulk_create(
                pages,
                update_conflicts=True,
                unique_fields=["release", "language", "page"],
                update_fields=["html", "etag", "made"],
            )
        else:
            GuidePage.objects.bulk_create(pages, ignore_conflicts=True)
        if fingerprint() != before:
            transaction.set_rollback(True)


def fetch(language: str, page: str) -> Stored | None:
    """The stored page of this release, in one query; None when there is none.

    Written as SQL, with the model's own names: the ORM takes longer to build this query
    (about 0.3 ms) than the database takes to answer it, and it is most of what a
    visitor's page costs beyond Django's floor.
    """
    quote = connection.ops.quote_name
    table = quote(GuidePage._meta.db_table)
    sql = (
        f"SELECT {quote('html')}, {quote('etag')}, {quote('made')} FROM {table} "  # noqa: S608 - the model's quoted names
        f"WHERE {quote('release')} = %s AND {quote('language')} = %s AND {quote('page')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [release(), language, page])
        found = cursor.fetchone()
    if found is None:
        return None
    html, etag, made = found
    # SQLite (and MySQL) hand back the UTC time Django stored without its zone.
    return Stored(html, etag, made.replace(tzinfo=dt.UTC) if timezone.is_naive(made) else made)


def fetch_or_make(language: str, page: str) -> Stored:
    """The stored page, or, when it is missing, the page made now and stored for the next.

    Raises Http404 for a page the guide does not have (and stores nothing).
    """
    if settings.DEBUG:
        # While developing, a page is made at each request and never stored, so an edited
        # template or catalogue shows at once, as everywhere else.
        made = make(language, page)
        return Stored(made.html, made.etag, made.made)
    stored = fetch(language, page)
    if stored is not None:
        return stored
    before = fingerprint()
    made = make(language, page)
    _store([made], before, replace=False)
    return Stored(made.html, made.etag, made.made)


def send(request: HttpRequest, stored: Stored) -> HttpResponse:
    """The stored page with this request's parts filled in.

    get_token() is called whatever the page holds, so the CSRF cookie is set or renewed
    exactly as rendering {% csrf_token %} would.
    """
    html = stored.html.replace(CSRF_MARK, get_token(request))
    return HttpResponse(html.replace(NEXT_MARK, escape(request.get_full_path())))


# After a write ---------------------------------------------------------------------------


def _rows(scope: Scope) -> QuerySet[GuidePage]:
    """The stored rows a write in `scope` changes, in every release and language."""
    every = GuidePage.objects.all()
    return every if scope == "guide" else every.filter(page=SAFETY_SLUG)


def remake(scope: Scope) -> None:
    """Make and store again, in every language, the pages a write in `scope` changes.

    Run after a write commits (changed()), and by sync_advice inside its own transaction,
    so a deploy's new release has its pages before the first visitor asks. Rows of other
    releases go too: a deploy leaves its predecessor's pages behind until the next write.
    """
    writes = _writes()
    counted = writes.count
    before = fingerprint()
    made: list[GuidePage] = []
    for language, _name in settings.LANGUAGES:
        tips = outline(language)
        names = page_names(tips)
        if scope == "support":
            names = [name for name in names if name == SAFETY_SLUG]
        made += [make(language, name, tips) for name in names]
    with transaction.atomic():
        _rows(scope).delete()
        _store(made, before, replace=True)
    writes.made[scope] = counted


@dataclasses.dataclass
class _Writes:
    """This database connection's writes to the guide, counted, and the count at which each
    scope was last made again: one transaction of many writes (sync_advice saves every
    tip) then makes the pages once, not once a write. Numbers, not pages or rows."""

    count: int = 0
    made: dict[str, int] = dataclasses.field(default_factory=dict)


def _writes() -> _Writes:
    wrapper = transaction.get_connection()
    writes: _Writes | None = getattr(wrapper, "guide_writes", None)
    if writes is None:
        writes = _Writes()
        wrapper.guide_writes = writes
    return writes


def changed(scope: Scope) -> None:
    """A write changed the guide: forget its pages now, make them again once it commits.

    Forgetting happens inside the writer's transaction, so a rollback keeps the pages and
    nobody between the commit and the remaking is sent an old one (they get a page made
    for them). The remaking waits for the commit so it reads what was committed, and runs
    once for all the writes of a transaction; if it fails, the edit stands and visitors'
    requests make the pages (robust: the error is logged, not raised at the editor).
    """
    _rows(scope).delete()
    writes = _writes()
    writes.count += 1
    number = writes.count

    def remake_once() -> None:
        done = max(writes.made.get(scope, 0), writes.made.get("guide", 0))
        if number > done:
            remake(scope)

    transaction.on_commit(remake_once, robust=True)
